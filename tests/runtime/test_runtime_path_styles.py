"""Path parameters by their OpenAPI style: the table in the OpenAPI specification (3.0.3, "Style Examples"), for a
parameter named ``color``: a primitive ``blue``, an array ``[blue, black, brown]`` and an object
``{R: 100, G: 200, B: 150}``. Before, an array was sent as its Python repr and an object path parameter could not be
generated at all."""

from __future__ import annotations

import pytest

from generator.runtime._types import PathStyle
from generator.runtime._utils import build_path

PRIMITIVE, ARRAY, OBJECT = "blue", ["blue", "black", "brown"], {"R": 100, "G": 200, "B": 150}

TABLE = [
    # style, explode, primitive, array, object
    ("simple", False, "blue", "blue,black,brown", "R,100,G,200,B,150"),
    ("simple", True, "blue", "blue,black,brown", "R=100,G=200,B=150"),
    ("label", False, ".blue", ".blue.black.brown", ".R.100.G.200.B.150"),
    ("label", True, ".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
    ("matrix", False, ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"),
    ("matrix", True, ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"),
]


@pytest.mark.parametrize(("style", "explode", "primitive", "array", "obj"), TABLE)
def test_the_openapi_style_table(style: str, explode: bool, primitive: str, array: str, obj: str) -> None:
    styles = {"color": PathStyle(style, explode)}  # type: ignore[arg-type]
    assert [build_path("/paint/{color}", {"color": v}, styles) for v in (PRIMITIVE, ARRAY, OBJECT)] == [
        f"/paint/{primitive}",
        f"/paint/{array}",
        f"/paint/{obj}",
    ]


def test_values_inside_a_styled_parameter_are_percent_encoded_and_booleans_spelled_as_json() -> None:
    assert build_path("/t/{tags}", {"tags": ["a/b", "c,d", True]}) == "/t/a%2Fb,c%2Cd,true"
    assert build_path("/t/{f}", {"f": {"k y": "v;w"}}, {"f": PathStyle("matrix", True)}) == "/t/;k%20y=v%3Bw"


@pytest.mark.parametrize("empty", [[], {}])
def test_an_empty_array_or_object_is_refused(empty: object) -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        build_path("/t/{tags}", {"tags": empty})


def test_none_members_are_left_out_as_in_the_query_and_an_empty_text_is_refused() -> None:
    assert build_path("/t/{f}", {"f": {"a": None, "b": 1}}) == "/t/b,1"
    assert build_path("/t/{f}", {"f": [1, None, 2]}) == "/t/1,2"
    for empty in ([""], [None], {"a": None}):
        with pytest.raises(ValueError, match="must not be empty"):
            build_path("/t/{f}", {"f": empty})
