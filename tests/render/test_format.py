"""Formatting: what the templates write as black writes it is exactly what black writes (string literals,
docstrings, split calls), what they cannot predict is found and given to black statement by statement, and
formatting in pieces (for parallelism and caching) gives exactly the bytes black gives for the whole file."""

from __future__ import annotations

import ast
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.config import derived
from generator.render import format as fmt
from generator.render import settle
from generator.render.package import render
from generator.render.split import Call, field, import_from, parameter, returns, wrap
from generator.render.style import docstring, py_repr, unsettled_lines
from generator.spec.load import load
from generator.spec.validate import validate
from generator.text import closing_safe, docstring_body, py_literal, py_str

ROOT = Path(__file__).resolve().parents[2]
SPECS = [ROOT / "specs" / "launchdarkly.yaml", ROOT.parent / "shared" / "corpus" / "twilio_video_v1.yaml"]
# Text as specs write it: quotes, backslashes, white space of every kind, line breaks, non-ASCII and wide letters.
TEXT = st.text(st.sampled_from(list("ab ~\"'\\\t\n\r#{}é漢\u2028\x7f")) | st.characters(exclude_categories=("Cs",)), max_size=40)
BLACK_IS_SLOW = settings(max_examples=int(os.environ.get("FMT_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def black_keeps(source: str) -> bool:
    return fmt.format_code(source) == source


@BLACK_IS_SLOW
@given(TEXT)
def test_a_string_literal_is_quoted_as_black_quotes_it(value: str) -> None:
    literal = py_str(value)
    assert ast.literal_eval(literal) == value
    assert black_keeps(f"x = {literal}\n")


@BLACK_IS_SLOW
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | TEXT, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=4))
def test_json_values_are_written_as_black_writes_them(value: object) -> None:
    literal = py_literal(value)
    assert ast.literal_eval(literal) == json.loads(json.dumps(value))
    if len(literal) < 100:
        assert black_keeps(f"x = {literal}\n")


def test_a_string_is_spelled_one_way_wherever_it_lands() -> None:
    """Text in any script stays readable (a Literal type, a default, a dict key, a call's argument alike);
    control and separator characters are escaped, so no generated line holds an invisible break."""
    for value in ["été", "日本語", "😀", "a'b", 'a"b']:
        assert py_literal(value) == py_repr(value) == py_str(value)
        assert py_literal({value: [value]}) == py_repr({value: [value]})
    assert py_str("été 日本語 😀") == '"été 日本語 😀"'
    assert py_str("a\u2028b\x07\ud800") == '"a\\u2028b\\x07\\ud800"'


@pytest.mark.parametrize("value", [1e16, 1.5e-07, ("a",), ("a", 'b"'), [1, None, True], {"k": 2.0}])
def test_literals_of_other_types_are_written_as_black_writes_them(value: object) -> None:
    assert black_keeps(f"x = {py_repr(value)}\n")
    assert ast.literal_eval(py_repr(value)) == value


@BLACK_IS_SLOW
# Spec prose reaches docstrings through clean_text, which makes every line break a \n (black would take a \r for
# the file's line ending, so a file holding one is formatted whole: see the next test).
@given(TEXT.map(lambda t: t.replace("\r", "")), st.sampled_from([0, 4, 8]), st.sampled_from(["", "Lead line.\n\n", "x\n    indented\n"]))
def test_a_docstring_is_what_black_makes_of_it(text: str, indent: int, lead: str) -> None:
    body = docstring_body(lead + text)
    wrappers = {0: "", 4: "class A:\n", 8: "class A:\n    def f(self):\n"}
    ours = f"{wrappers[indent]}{' ' * indent}{docstring(body, indent)}\n"
    theirs = f'{wrappers[indent]}{" " * indent}"""{closing_safe(body)}"""\n'  # valid input for black
    assert fmt.format_code(theirs) == ours


@BLACK_IS_SLOW
@given(
    st.lists(st.text("abcdefghij_", max_size=45).map(lambda name: "v" + name), min_size=1, max_size=6),
    st.integers(0, 3),
    st.booleans(),
)
def test_a_call_is_split_as_black_splits_it(args: list[str], depth: int, nested: bool) -> None:
    indent = 4 * depth
    inner: list[object] = [Call("inner_call(", args[:2])] if nested else []
    text = wrap("value = some_function(", [*inner, *args], indent)
    wrappers = ["class A:\n", "    def f(self):\n", "        if x:\n"][:depth]
    source = "".join(wrappers) + " " * indent + text + "\n"
    flat = "".join(wrappers) + " " * indent + f"value = some_function({', '.join(str(a) for a in [*inner, *args])})\n"
    if all(len(line) <= 120 for line in source.splitlines()):
        assert fmt.format_code(flat) == source


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ('x = "plain"', False),
        ("x = 'single'", True),
        ("x = 'has \"double\" quotes'", False),
        ('x = "escaped \\" quote"', True),
        ("x = 1e+16", True),
        ('x = "1e+16"', False),
        ('    "DeploymentV2EnvItem",', False),
        ("x = 1\t", True),
        ("x = 1 ", True),
        ("from a import b  # it's fine", False),
        ("from a import b # too close", True),
        ("#no space", True),
        ("y = " + "z" * 117, True),
        ('    "key": "' + "v" * 130 + '",', False),
        ('    "key": ["' + "v" * 130 + '"],', True),
    ],
)
def test_lines_black_may_change_are_found(line: str, flagged: bool) -> None:
    assert (unsettled_lines(line + "\n") == [0]) == flagged


def test_a_carriage_return_anywhere_sends_the_whole_file_to_black() -> None:
    assert unsettled_lines('"""Doc\rwith a carriage return."""\nx = 1\n') is None


def test_docstrings_are_not_read_as_code_but_odd_triple_quotes_make_the_file_unsettled() -> None:
    assert unsettled_lines('"""Doc with \'quotes\' and a very long line ' + "x" * 130 + '\n"""\nx = 1\n') == []
    assert unsettled_lines('x = """not a docstring"""\n') is None
    assert unsettled_lines('"""never closed\n') is None


def test_only_the_logical_lines_around_flagged_lines_go_to_black() -> None:
    long = ", ".join(f'"v{i:02d}"' for i in range(20))
    text = (
        "class A:\n"
        "    def f(\n"
        "        self,\n"
        f"        x: Literal[{long}],\n"
        "    ) -> None:\n"
        '        """Doc."""\n'
        f"        return g([{long}])\n"
    )
    found = settle.plan(text)
    assert found is not None
    pieces, assemble = found
    assert [p.splitlines()[0] for p in pieces] == ["class _:", "class _:"]  # the def's header, the return statement
    assert pieces[0].endswith("        pass\n") and "return" not in pieces[0]
    result = assemble([fmt.format_code(p) for p in pieces])
    assert result == fmt.format_code(text)


def test_pieces_formatted_in_one_call_come_out_as_formatted_alone() -> None:
    pieces = ["x = 'a'\n", "class _:\n    y = {'b': 1,}\n", "class _:\n    async def _():\n        return f(1,)\n"]
    assert fmt._format_batch(pieces) == [fmt.format_code(p) for p in pieces]


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_chunks_format_like_the_whole_file(spec: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(fmt, "_CHUNK", 2048)  # force many chunks, so every join is exercised
    files = render(build(validate(load(spec)), derived(spec, tmp_path / "out", "c")))
    code = {k: v for k, v in files.items() if k.endswith(".py") and "_runtime" not in k}
    assert any(len(fmt._chunks(v)) > 3 for v in code.values())
    for text in code.values():
        assert fmt._join_chunks([fmt.format_code(chunk) for chunk in fmt._chunks(text)]) == fmt.format_code(text)


def test_formatted_pieces_are_cached(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SDKSMITH_CACHE_DIR", str(tmp_path))
    files = {"a.py": "x = {'a': 1}\n", "b.py": "y = 2\n"}
    assert fmt.format_files(files) == {"a.py": 'x = {"a": 1}\n', "b.py": "y = 2\n"}
    assert (tmp_path / "cache.sqlite").is_file()
    monkeypatch.setattr(fmt, "_format_many", lambda *_a, **_k: pytest.fail("formatted again"))
    assert fmt.format_files(files) == {"a.py": 'x = {"a": 1}\n', "b.py": "y = 2\n"}


def test_a_file_formatted_before_is_taken_whole_without_looking_for_what_black_would_change(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SDKSMITH_CACHE_DIR", str(tmp_path))
    files = {"a.py": "x = {'a': 1}\n", "b.py": "y = 2\n", "c.md": "x = {'a': 1}\n"}
    first = fmt.format_files(files)
    monkeypatch.setattr(settle, "plan", lambda *_a, **_k: pytest.fail("looked for lines black would change"))
    assert fmt.format_files(files) == first == {**files, "a.py": 'x = {"a": 1}\n'}
    with pytest.raises(pytest.fail.Exception):  # another text is looked at anew
        fmt.format_files({"a.py": "x = {'a': 2}\n"})


def test_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SDKSMITH_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("SDKSMITH_NO_CACHE", "1")
    assert fmt.format_files({"a.py": "x = 'a'\n"}) == {"a.py": 'x = "a"\n'}
    assert not (tmp_path / "cache.sqlite").exists()


# Type annotations as the build writes them: unions of names, subscripts and Literal[...] of strings.
_NAME = st.sampled_from(["str", "int", "None", "NotGiven", "Any", "models.Account", "params.AccountParam"]) | st.text(
    "abcdefghij", min_size=1, max_size=40
).map(lambda s: "models.M" + s)
_LITERAL = st.lists(st.text("abcdefg_-", max_size=24).map(lambda s: json.dumps(s)), min_size=1, max_size=14).map(
    lambda values: "Literal[" + ", ".join(values) + "]"
)
_OPERAND = st.recursive(
    _NAME | _LITERAL,
    lambda inner: st.tuples(st.sampled_from(["List[", "list[", "Required[", "dict[str, "]), inner).map(lambda t: f"{t[0]}{t[1]}]"),
    max_leaves=3,
)
ANNOTATION = st.lists(_OPERAND, min_size=1, max_size=4).map(" | ".join)


def _agrees_with_black(ours: str, flat: str) -> None:
    if any(len(line) > 120 for line in ours.splitlines()):
        return  # a shape split() does not know: left on one line, for unsettled_lines to find and black to format
    assert fmt.format_code(flat) == ours


@BLACK_IS_SLOW
@given(ANNOTATION, st.sampled_from([None, "NOT_GIVEN"]), st.text("abc_", min_size=1, max_size=30).map(lambda s: "p" + s))
def test_a_long_parameter_is_split_as_black_splits_it(annotation: str, default: str | None, name: str) -> None:
    flat_line = f"{name}: {annotation}" + (f" = {default}," if default else ",")
    frame = "class A:\n    def f(\n        self,\n        {}\n        *,\n    ) -> None:\n        pass\n"
    _agrees_with_black(frame.format(parameter(name, annotation, default, 8)), frame.format(flat_line))


@BLACK_IS_SLOW
@given(ANNOTATION, st.sampled_from([None, "None", '"text"']), st.text("abc_", min_size=1, max_size=30).map(lambda s: "f" + s))
def test_a_long_field_is_split_as_black_splits_it(annotation: str, default: str | None, name: str) -> None:
    frame = "class A(B):\n    {}\n"
    flat_line = f"{name}: {annotation}" + (f" = {default}" if default else "")
    _agrees_with_black(frame.format(field(name, annotation, default)), frame.format(flat_line))


@BLACK_IS_SLOW
@given(ANNOTATION)
def test_a_long_return_annotation_is_split_as_black_splits_it(annotation: str) -> None:
    frame = "class A:\n    def f(\n        self,\n    {}\n        pass\n"
    _agrees_with_black(frame.format(returns(annotation, 4)), frame.format(f") -> {annotation}:"))


@BLACK_IS_SLOW
@given(st.text("abcdefghij", min_size=1, max_size=100), st.sampled_from(["", "  # noqa: E402", "  # noqa: E402, F401  # pyright: ignore[reportUnusedImport]"]))
def test_a_long_import_is_split_as_black_splits_it(name: str, comment: str) -> None:
    frame = "x = 1\n\n{}\n"
    _agrees_with_black(frame.format(import_from(f"._M{name}", f"M{name}", comment)), frame.format(f"from ._M{name} import M{name}{comment}"))
