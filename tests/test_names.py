"""names.py: every name from a spec becomes a valid, deterministic Python name that shadows nothing reserved, and
names that collide once converted are told apart the same way whatever order they come in. (Generating whole
packages from hostile names is tests/hostile/test_hostile_names.py.)"""

from __future__ import annotations

import builtins
import keyword
import random
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.names import (
    HELPER_LOCALS,
    PYDANTIC_RESERVED,
    RUNTIME_RESERVED,
    Namespace,
    claim_all,
    pascal,
    snake,
)

HOSTILE = [
    "", " ", "_", "__init__", "__class__", "1st", "3DSecure", "class", "None", "True", "match", "type", "_", "self",
    "cls", "json", "copy", "schema", "dict", "model_config", "model_fields", "validate", "Client", "AsyncClient",
    "Response", "quote", "cast", "models", "datetime", "date", "httpx", "pydantic", "typing", "Any", "Literal",
    "BaseModel", "Field", "NOT_GIVEN", "call", "page", "item", "str", "list", "int", "print", "id", "../../x", "a/b",
    "名前", "ünïcødé", "😀", 'x"""y', "x'y", "a\\b", "line\nbreak", "{{ x }}", "{% if %}", "$ref", "#", "-", "+", "<>",
    "ASC", "asc", "Asc", "GMT+0", "GMT-0", "GMT0", "StartTime", "StartTime<", "StartTime>", "Token", "token", "TOKEN",
    "getUser", "GetUser", "get_user", "get-user", "GETUSER",
]
RESERVED_EVERYWHERE = set(keyword.kwlist) | set(keyword.softkwlist)


def _is_plain_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name) and not keyword.issoftkeyword(name)


@pytest.mark.parametrize("convert", [snake, pascal])
def test_conversions_are_deterministic_words(convert: Any) -> None:
    for name in HOSTILE:
        assert convert(name) == convert(name)
        assert re.fullmatch(r"[A-Za-z0-9_]+", convert(name)), (name, convert(name))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("GMT+0", "gmt_plus_0"),
        ("GMT-0", "gmt_0"),
        ("GMT0", "gmt0"),
        ("StartTime", "start_time"),
        ("StartTime<", "start_time_lt"),
        ("StartTime>", "start_time_gt"),
        ("HTTPServer", "http_server"),
        ("createdAt", "created_at"),
        ("ID2", "id2"),
        ("../../x", "x"),
    ],
)
def test_snake_spells_out_meaningful_symbols(name: str, expected: str) -> None:
    assert snake(name) == expected


def test_claim_gives_valid_names_that_shadow_nothing_reserved() -> None:
    reserved = RUNTIME_RESERVED | PYDANTIC_RESERVED | HELPER_LOCALS
    for pascal_style in (False, True):
        ns = Namespace(reserved, pascal=pascal_style)
        convert = pascal if pascal_style else snake
        for index, name in enumerate(HOSTILE):
            python = ns.claim(f"{index}:{name}", convert(name))
            assert _is_plain_identifier(python), (name, python)
            assert python not in reserved, (name, python)
            assert python not in dir(builtins), (name, python)
            if pascal_style:
                assert "_" not in python and python[0].isupper(), python  # datamodel-code-generator keeps it as is


@pytest.mark.parametrize("device", ["con", "CON", "Aux", "nul", "prn", "com1", "LPT9"])
def test_a_windows_device_name_is_never_handed_out(device: str) -> None:
    """Names become file names (resources/con.py, docs/models/Con.md), which Windows refuses in any case."""
    assert Namespace().claim(device, snake(device)) == snake(device) + "_"
    assert Namespace(pascal=True).claim(device, pascal(device)) == pascal(device) + "Model"


def test_a_long_name_is_bounded_and_told_apart_by_its_spelling() -> None:
    namespace = Namespace()
    first, second = (namespace.claim(o, o) for o in ("a" * 300, "a" * 299 + "b"))
    assert len(first) == len(second) == 64 and first != second


def test_claiming_the_same_original_twice_gives_the_same_name() -> None:
    ns = Namespace()
    assert ns.claim("query:limit", "limit") == ns.claim("query:limit", "limit") == "limit"


def _shuffled(values: list[str], seed: int) -> list[str]:
    copy = list(values)
    random.Random(seed).shuffle(copy)
    return copy


@pytest.mark.parametrize(
    ("group", "convert", "expected"),
    [
        (["ASC", "asc", "Asc"], snake, {"asc": "asc"}),
        (["GMT+0", "GMT-0", "GMT0"], snake, {"GMT+0": "gmt_plus_0", "GMT-0": "gmt_0", "GMT0": "gmt0"}),
        (["StartTime", "StartTime<", "StartTime>"], snake, {"StartTime": "start_time", "StartTime<": "start_time_lt", "StartTime>": "start_time_gt"}),
        (["Token", "token", "TOKEN"], pascal, {"Token": "Token", "TOKEN": "TOKEN"}),
        (["getUser", "GetUser", "get_user", "get-user"], snake, {"get_user": "get_user"}),
    ],
)
def test_colliding_names_are_told_apart_independent_of_order(
    group: list[str], convert: Any, expected: dict[str, str]
) -> None:
    pascal_style = convert is pascal
    results = []
    for seed in range(8):
        ns = Namespace(RUNTIME_RESERVED, pascal=pascal_style)
        results.append(claim_all(ns, _shuffled(group, seed), convert))
    assert all(r == results[0] for r in results), "the order names come in must not matter"
    names = results[0]
    assert len(set(names.values())) == len(group), names
    assert all(_is_plain_identifier(n) for n in names.values())
    # only an original spelled exactly like the shared name keeps it plain; the rest carry a tag of their own
    for original, python in expected.items():
        assert names[original] == python
    for original in set(group) - set(expected):
        assert re.fullmatch(re.escape(convert(original)) + r"(_[0-9a-f]{6}|[0-9A-F][0-9a-f]{5})", names[original]), names


def test_tags_come_from_the_spelling_so_adding_names_does_not_rename_others() -> None:
    small = claim_all(Namespace(), ["ASC", "asc"], snake)
    large = claim_all(Namespace(), ["ASC", "asc", "Asc", "unrelated"], snake)
    assert small["ASC"] == large["ASC"] and small["asc"] == large["asc"] == "asc"


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.lists(st.text(max_size=8), min_size=1, max_size=12, unique=True), st.randoms(use_true_random=False))
def test_claim_all_is_a_function_of_the_set_of_names(names: list[str], rng: random.Random) -> None:
    for pascal_style, convert in ((False, snake), (True, pascal)):
        first = claim_all(Namespace(RUNTIME_RESERVED, pascal=pascal_style), names, convert)
        shuffled = list(names)
        rng.shuffle(shuffled)
        second = claim_all(Namespace(RUNTIME_RESERVED, pascal=pascal_style), shuffled, convert)
        assert first == second
        assert len(set(first.values())) == len(names)
        assert all(_is_plain_identifier(n) and n not in RUNTIME_RESERVED for n in first.values())
