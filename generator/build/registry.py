"""The registry of model classes: every class name, decided once.

Object-like schemas (with properties, or allOf) become pydantic models: named components keep their (converted)
name, inline ones are hoisted under a name derived from where they appear.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..names import MODELS_RESERVED, Namespace, claim_all, pascal
from ..spec import pointer as jp

COMPONENT_PREFIX = "#/components/schemas/"


def is_model(schema: Any) -> bool:
    return isinstance(schema, dict) and (bool(schema.get("properties")) or "allOf" in schema)


class ModelRegistry:
    """Names every model class; hoists inline object schemas so the models module defines them too.

    Component names are claimed all at once (independent of their order); inline schemas are hoisted under a name
    derived from where they appear, in the builder's sorted traversal order. Two different schemas that arrive
    with the same hint get different names (the second is told apart by a digest of its content), and the same
    schema arriving twice with the same hint gets one class.
    """

    def __init__(self, data: dict[str, Any], excluded: frozenset[str] = frozenset()) -> None:
        self.data = data
        self.namespace = Namespace(MODELS_RESERVED, pascal=True)
        components = (data.get("components") or {}).get("schemas") or {}
        # Components left out by --skip-unsupported: references to them are typed ``Any``.
        self.excluded = excluded
        self.component_names: dict[str, str] = claim_all(
            self.namespace, [k for k in components if k not in excluded], pascal
        )
        self.hoisted: dict[str, Any] = {}  # class name -> schema (refs still pointing into the document)
        self.hoisted_at: dict[str, str] = {}  # class name -> JSON Pointer of the operation that hoisted it
        self.context = ""  # set by the builder to the pointer of what it is building

    def class_for_ref(self, ref: str) -> str | None:
        if ref.startswith(COMPONENT_PREFIX):
            return self.component_names.get(_component_key(ref))
        return None

    def is_excluded(self, ref: str) -> bool:
        if not self.excluded or not ref.startswith(COMPONENT_PREFIX):
            return False
        return _component_key(ref) in self.excluded

    def hoist(self, schema: dict[str, Any], hint: str) -> str:
        digest = hashlib.sha1(json.dumps(schema, sort_keys=True, default=str).encode()).hexdigest()[:12]
        name = self.namespace.claim(f"hoisted:{hint}:{digest}", pascal(hint))
        self.hoisted[name] = schema
        self.hoisted_at.setdefault(name, self.context)
        return name


def _component_key(ref: str) -> str:
    """The component name a ``#/components/schemas/<name>`` reference names (its fragment percent-decoded)."""
    return jp.unescape(jp.from_fragment(ref[len(COMPONENT_PREFIX) :]))
