"""datamodel-code-generator's output, read once into plain data: classes, their bases, fields and types.

Only what the generator decides well is taken: each field's wire name, its type and whether it is required, and
which classes inherit from which. Everything else (Python names, defaults, docstrings, imports, configuration) is
decided by sdksmith. Types are re-spelled in the one style the templates emit: ``X | None`` unions, no quoted
forward references, and date and time types as ``_datetime.date`` (a field called ``date`` cannot shadow them).
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass

from ..text import py_str

# Names the model generator may import, and how our models module spells each.
_TYPE_NAMES = {
    "datetime": "_datetime.datetime",
    "AwareDatetime": "_datetime.datetime",
    "NaiveDatetime": "_datetime.datetime",
    "date": "_datetime.date",
    "time": "_datetime.time",
    "timedelta": "_datetime.timedelta",
    "Any": "Any",
    "Literal": "Literal",
}
_BARE_GENERICS = {"list": "list[Any]", "dict": "dict[str, Any]", "List": "list[Any]", "Dict": "dict[str, Any]"}
_GENERICS = {"List": "list", "Dict": "dict", "Tuple": "tuple", "Set": "set", "FrozenSet": "frozenset"}


@dataclass(frozen=True, slots=True)
class RawField:
    wire: str
    annotation: str
    required: bool
    default: object  # a JSON value, or _NO_DEFAULT


@dataclass(frozen=True, slots=True)
class RawClass:
    name: str
    bases: tuple[str, ...]  # model classes it inherits from
    root: str  # the wrapped type of a RootModel, "" for an object model
    fields: tuple[RawField, ...]


NO_DEFAULT = object()


def read_classes(code: str) -> list[RawClass]:
    """Every class of a generated module, in order."""
    tree = ast.parse(code)
    aliases = _import_aliases(tree)
    classes: list[RawClass] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            classes.append(_read_class(node, aliases))
    return classes


def _import_aliases(tree: ast.Module) -> dict[str, str]:
    """``date_aliased`` -> ``date``: the names the module imported under another name."""
    aliases: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
    return aliases


def _read_class(node: ast.ClassDef, aliases: dict[str, str]) -> RawClass:
    bases: list[str] = []
    root = ""
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id not in ("BaseModel",):
            bases.append(base.id)
        elif isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name) and base.value.id == "RootModel":
            root = spell(base.slice, aliases)
    fields: list[RawField] = []
    for stmt in node.body:
        if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
            continue
        if stmt.target.id == "model_config":
            continue
        annotation = spell(stmt.annotation, aliases)
        if stmt.target.id == "root" and root:
            root = annotation
            continue
        wire, required, default = stmt.target.id, stmt.value is None, NO_DEFAULT
        if isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id == "Field":
            call = stmt.value
            if call.args:
                default, required = _value(call.args[0])
            for keyword in call.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    wire = str(keyword.value.value)
                elif keyword.arg == "default":
                    default, required = _value(keyword.value)
                elif keyword.arg == "default_factory":
                    default, required = _factory(keyword.value), False
        elif stmt.value is not None:
            default, required = _value(stmt.value)
        fields.append(RawField(wire, annotation, required, default))
    return RawClass(node.name, tuple(bases), root, tuple(fields))


def _value(node: ast.expr) -> tuple[object, bool]:
    """(default, required) from a default expression; ``...`` means required."""
    if isinstance(node, ast.Constant) and node.value is Ellipsis:
        return NO_DEFAULT, True
    try:
        value = ast.literal_eval(node)
    except ValueError:
        return NO_DEFAULT, False  # not a plain value: left out, the field is optional
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return NO_DEFAULT, False
    return value, False


def _factory(node: ast.expr) -> object:
    if isinstance(node, ast.Name) and node.id in ("list", "dict"):
        return [] if node.id == "list" else {}
    if isinstance(node, ast.Lambda):
        return _value(node.body)[0]
    return NO_DEFAULT


def spell(node: ast.expr, aliases: dict[str, str] | None = None) -> str:
    """A type expression in our style (see the module docstring)."""
    return _Speller(aliases or {}).expr(node)


def spell_text(annotation: str) -> str:
    return spell(ast.parse(annotation, mode="eval").body)


def display(annotation: str) -> str:
    """A type for humans: ``Literal["a", "b"] | str`` reads ``"a" | "b" | str``; dates lose their module."""
    return _Speller({}, for_people=True).expr(ast.parse(annotation, mode="eval").body).replace("_datetime.", "")


class _Speller:
    def __init__(self, aliases: dict[str, str], *, for_people: bool = False) -> None:
        self.aliases = aliases
        self.for_people = for_people

    def expr(self, node: ast.expr) -> str:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                try:  # a quoted forward reference: our annotations are never evaluated eagerly
                    return self.expr(ast.parse(node.value, mode="eval").body)
                except SyntaxError:
                    return py_str(node.value)
            return "None" if node.value is None else repr(node.value)
        if isinstance(node, ast.Name):
            name = self.aliases.get(node.id, node.id)
            return _BARE_GENERICS.get(name) or _TYPE_NAMES.get(name, name)
        if isinstance(node, ast.Attribute):
            return f"{self.expr(node.value)}.{node.attr}"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return " | ".join(_unique(self._members(node)))
        if isinstance(node, ast.Subscript):
            outer = self.aliases.get(node.value.id, node.value.id) if isinstance(node.value, ast.Name) else ""
            items = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
            if outer in ("Union", "Optional"):
                return " | ".join(_unique(self._members(node)))
            if outer == "Literal":
                if self.for_people:
                    return " | ".join(self._literal(i) for i in items)
                return "Literal[" + ", ".join(self._literal(i) for i in items) + "]"
            head = _GENERICS.get(outer) or _TYPE_NAMES.get(outer) or outer or self.expr(node.value)
            return f"{head}[" + ", ".join(self.expr(i) for i in items) + "]"
        if isinstance(node, ast.Tuple):
            return ", ".join(self.expr(e) for e in node.elts)
        if isinstance(node, ast.List):
            return "[" + ", ".join(self.expr(e) for e in node.elts) + "]"
        return ast.unparse(node)

    def _members(self, node: ast.expr) -> list[str]:
        """The members of a union, flattened, ``None`` last."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            found = self._members(node.left) + self._members(node.right)
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and self.aliases.get(node.value.id, node.value.id) in ("Union", "Optional"):
            items = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
            found = [m for item in items for m in self._members(item)]
            if self.aliases.get(node.value.id, node.value.id) == "Optional":
                found.append("None")
        else:
            found = [self.expr(node)]
        return [m for m in found if m != "None"] + (["None"] if "None" in found else [])

    @staticmethod
    def _literal(node: ast.expr) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return py_str(node.value)  # quoted as black quotes it
        return ast.unparse(node)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
