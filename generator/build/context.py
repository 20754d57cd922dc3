"""What the build steps share while one spec is built, and how they report what they cannot generate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..config import ClientConfig
from ..errors import GenError
from .. import pointer as jp
from ..spec.document import deref
from ..spec.locate import Locator
from ..spec.validate import Spec
from .registry import ModelRegistry
from .types import TypeMapper


class Unsupported(Exception):
    """Something in a valid spec that sdksmith cannot generate: where it is, why, and what skipping it leaves out
    (``unit``: the pointer of an operation, component schema, webhook or callback)."""

    def __init__(self, pointer: str, reason: str, unit: str | None = None) -> None:
        super().__init__(reason)
        self.pointer = pointer
        self.reason = reason
        self.unit = unit if unit is not None else pointer


@dataclass(eq=False)
class BuildContext:
    """One build of one spec: the document, the config, the model registry and what was found unsupported.

    ``skip`` holds the pointers of what a first pass found unsupported (operations, component schemas, webhooks,
    callbacks) when ``--skip-unsupported`` asked for a second pass without them."""

    spec: Spec
    config: ClientConfig
    skip: frozenset[str] = frozenset()
    unsupported: list[Unsupported] = field(default_factory=list)
    warnings: list[GenError] = field(default_factory=list)  # located, with what the build did about each
    media_left_out: list[tuple[str, str]] = field(default_factory=list)  # (pointer, reason)
    # the header the client's credential goes in (lower case), decided before the operations are built: a secured
    # operation does not take a parameter of that name (``operations._parameters``)
    credential_header: str | None = None

    def __post_init__(self) -> None:
        self.data: dict[str, Any] = self.spec.data
        self.locator = Locator(self.spec.source)
        excluded = frozenset(
            jp.split(p)[2] for p in self.skip if p.startswith("/components/schemas/") and len(jp.split(p)) == 3
        )
        client = self.config.client_class
        self.registry = ModelRegistry(self.data, excluded, frozenset({client, "Async" + client}))
        self.types = TypeMapper(self.registry)
        # Docs and flattened body fields: an inline object is a plain dict there, not a hoisted class.
        self.flat_types = TypeMapper(self.registry, hoisting=False)
        envelope = self.data.get("x-sdksmith-envelope")
        self.envelope: tuple[str, str, str] | None = (
            (envelope["status"], envelope["message"], envelope["data"]) if envelope else None
        )

    def properties(self, schema: Any, depth: int = 0) -> tuple[dict[str, Any], set[str]]:
        """Properties and required names of an object schema, merged through ``allOf``."""
        schema = deref(self.data, schema)
        props: dict[str, Any] = {}
        required: set[str] = set()
        if not isinstance(schema, dict) or depth > 20:
            return props, required
        for part in schema.get("allOf") or []:
            p, r = self.properties(part, depth + 1)
            props.update(p)
            required |= r
        props.update(schema.get("properties") or {})
        required |= set(schema.get("required") or [])
        return props, required


def describe(exc: BaseException) -> str:
    """An unexpected exception, as one line for a message."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__
