"""The registry of model classes: every class name, decided once.

Object-like schemas (with properties, or allOf) become pydantic models: named components keep their (converted)
name, inline ones are hoisted under a name derived from where they appear.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..names import MODELS_RESERVED, Namespace, claim_all, pascal
from .. import pointer as jp
from ..spec.document import resolve_pointer

COMPONENT_PREFIX = "#/components/schemas/"


def is_model(schema: Any, data: dict[str, Any] | None = None) -> bool:
    """Does ``schema`` become a model class? An object with properties does, and so does an ``allOf`` with a part
    that does (looked up through references when ``data``, the document, is given). Anything else (scalars,
    arrays, maps, unions, an ``allOf`` of scalars) is a type expression."""
    return _is_model(schema, data, frozenset())


def _is_model(schema: Any, data: dict[str, Any] | None, seen: frozenset[str]) -> bool:
    if not isinstance(schema, dict):
        return False
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if data is None or ref in seen:
            return False
        try:
            return _is_model(resolve_pointer(data, ref), data, seen | {ref})
        except KeyError:
            return False
    properties = schema.get("properties")
    if isinstance(properties, dict) and properties:
        return True
    parts = schema.get("allOf")
    if not isinstance(parts, list) or not parts:
        return False
    if data is None:
        return True  # nothing to look through: an allOf is taken for a model, as it usually is
    return any(_is_model(part, data, seen) for part in parts)


class ModelRegistry:
    """Names every model class; hoists inline object schemas so the models module defines them too.

    Component names are claimed all at once (independent of their order); inline schemas are hoisted under a name
    derived from where they appear, in the builder's sorted traversal order. Two different schemas that arrive
    with the same hint get different names (the second is told apart by a digest of its content), and the same
    schema arriving twice with the same hint gets one class.
    """

    def __init__(self, data: dict[str, Any], excluded: frozenset[str] = frozenset(), reserved: frozenset[str] = frozenset()) -> None:
        self.data = data
        # ``reserved``: the client's own class names, which no model may take
        self.namespace = Namespace(MODELS_RESERVED | reserved, pascal=True)
        components = (data.get("components") or {}).get("schemas") or {}
        # Components left out by --skip-unsupported: references to them are typed ``Any``.
        self.excluded = excluded
        self.component_names: dict[str, str] = claim_all(
            self.namespace, [k for k in components if k not in excluded], pascal
        )
        self.hoisted: dict[str, Any] = {}  # class name -> schema (refs still pointing into the document)
        # Components that contain themselves and are no model: named type aliases (see recursive_components).
        self.aliases: frozenset[str] = recursive_components(self)
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

    def is_model(self, schema: Any) -> bool:
        """``is_model`` looking through this document's references."""
        return is_model(schema, self.data)

    def hoist(self, schema: dict[str, Any], hint: str) -> str:
        digest = hashlib.sha1(json.dumps(schema, sort_keys=True, default=str).encode()).hexdigest()[:12]
        name = self.namespace.claim(f"hoisted:{hint}:{digest}", pascal(hint))
        self.hoisted[name] = schema
        self.hoisted_at.setdefault(name, self.context)
        return name


# Keywords that do not change what a value is: a schema of only these plus one ``allOf`` part is that part.
_ANNOTATIONS = frozenset(
    {"description", "title", "example", "examples", "readOnly", "writeOnly", "deprecated", "default", "nullable",
     "externalDocs", "$comment"}
)


def unwrap(schema: Any) -> Any:
    """``{allOf: [X], description: ...}`` (a reference given a description, a common way to write it) is ``X``, and
    so is ``{allOf: [X, {description: ...}]}``; with ``nullable: true`` it is ``X`` or null. Anything else is
    returned as it is."""
    if not isinstance(schema, dict):
        return schema
    parts = schema.get("allOf")
    if not isinstance(parts, list) or not all(isinstance(p, dict) for p in parts):
        return schema
    # a part that only describes (``{description: ...}``) adds nothing to the type
    typed = [p for p in parts if any(k not in _ANNOTATIONS and not k.startswith("x-") for k in p)]
    if len(typed) != 1 or any(k not in _ANNOTATIONS and not k.startswith("x-") and k != "allOf" for k in schema):
        return schema
    if schema.get("nullable") is True:
        return {"anyOf": [typed[0], {"type": "null"}]}
    return typed[0]


def variant_name(member: Any, index: int) -> str:
    """A name for a ``oneOf``/``anyOf`` member: its title, else the one value of a property it fixes (a
    discriminator's value, say), else its position."""
    if isinstance(member, dict):
        title = member.get("title")
        if isinstance(title, str) and pascal(title) != "Model":
            return pascal(title)
        for prop in (member.get("properties") or {}).values():
            if not isinstance(prop, dict):
                continue
            values = prop.get("enum") if isinstance(prop.get("enum"), list) else []
            fixed = prop.get("const", values[0] if len(values) == 1 else None)
            if isinstance(fixed, str) and pascal(fixed) != "Model":
                return pascal(fixed)
    return f"Option{index + 1}"


def _component_key(ref: str) -> str:
    """The component name a ``#/components/schemas/<name>`` reference names (its fragment percent-decoded)."""
    return jp.unescape(jp.from_fragment(ref[len(COMPONENT_PREFIX) :]))


def recursive_components(registry: ModelRegistry) -> frozenset[str]:
    """Class names of the components that are not models and contain themselves through other non-model schemas
    (the "any JSON value" schema: a string, a number, an array of itself, a map of itself). Written out in place
    such a type would never end, so each becomes a named type alias."""
    data = registry.data
    components = (data.get("components") or {}).get("schemas") or {}
    names = {key: name for key, name in registry.component_names.items() if not is_model(components[key], data)}
    edges: dict[str, set[str]] = {}
    for key in names:
        found: set[str] = set()
        stack: list[Any] = [components[key]]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                ref = node.get("$ref")
                if isinstance(ref, str) and ref.startswith(COMPONENT_PREFIX):
                    target = _component_key(ref)
                    if target in names:
                        found.add(target)  # a model in between names its class: no recursion through it
                    continue
                stack.extend(v for k, v in node.items() if isinstance(v, (dict, list)) and not k.startswith("x-"))
        edges[key] = found
    return frozenset(names[key] for key in _cyclic(edges))


def _cyclic(edges: dict[str, set[str]]) -> set[str]:
    """The nodes on a cycle (Tarjan's strongly connected components, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    cyclic: set[str] = set()
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, list[str]]] = [(start, sorted(edges[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, todo = work[-1]
            if todo:
                nxt = todo.pop()
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, sorted(edges.get(nxt, ()))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in edges.get(node, ()):
                    cyclic.update(component)
    return cyclic
