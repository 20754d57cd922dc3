"""The corpus contract layer's only window into the generator's internals: how each Python parameter of a
generated method reaches the wire. Re-point this module when the generator's stages or IR move.

``operation_params(spec, name)`` runs load -> validate -> build (the IR stage; nothing is rendered) with the same
derived config ``sdksmith generate SPEC --name NAME`` uses, and answers, per ``"resource.method"`` (the ``python``
key of the package's ``.sdksmith.json``), the body's kind (how it is encoded) and each parameter's Python name, wire name and location (``path``,
``query``, ``header``, ``cookie``, ``body`` for a field of a JSON/form/multipart object body, ``whole`` for the
entire body, ``arg`` for a positional RPC argument) and whether it is required. Run as a script it prints the same
as JSON, so the harness can build it in a subprocess beside the generation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TypedDict

from generator.build import build
from generator.config import derived
from generator.spec.load import load
from generator.spec.validate import validate


class WireParam(TypedDict):
    name: str
    wire: str
    location: str
    required: bool


class WireMethod(TypedDict):
    body_kind: str  # none, json, form, multipart, bytes
    params: list[WireParam]  # in the IR's order (positional RPC arguments in their position order)


def operation_params(spec: Path, name: str) -> dict[str, WireMethod]:
    api = build(validate(load(spec)), derived(spec, Path("unused-out"), name))
    return {
        f"{resource.attr}.{method.name}": WireMethod(
            body_kind=method.body_kind,
            params=[
                WireParam(name=p.name, wire=p.wire, location=p.location, required=p.required) for p in method.params
            ],
        )
        for resource in api.resources
        for method in resource.methods
    }


if __name__ == "__main__":
    json.dump(operation_params(Path(sys.argv[1]), sys.argv[2]), sys.stdout)
