"""The per-call options every generated method takes are read from the runtime's ``RequestOptions``: one list
for the signatures, the options each method builds, and the raw and streaming twins' forwarding."""

from __future__ import annotations

from generator.render.environment import call_options
from generator.runtime._types import NOT_GIVEN, RequestOptions


def test_the_options_are_the_runtimes_own_in_its_order_with_its_types_and_defaults() -> None:
    options = call_options()
    assert [name for name, _, _ in options] == [f for f in RequestOptions._fields if f != "idempotency_key"]
    annotations = RequestOptions.__annotations__  # forward references: the runtime defers its annotations
    for name, annotation, default in options:
        assert annotation == getattr(annotations[name], "__forward_arg__", annotations[name])
        assert {"NOT_GIVEN": NOT_GIVEN, "None": None}[default] is RequestOptions._field_defaults[name]
