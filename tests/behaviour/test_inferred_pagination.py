"""Pagination inferred from specs that do not declare it: each style from a ten-line spec, walked sync and async; the
inference reported as a located warning by ``generate``; ``x-sdksmith-pagination`` overriding or turning it off; and
the real Spotify and Twilio Video descriptions from the shared corpus."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.build import build
from generator.config import derived
from generator.spec.load import load
from generator.spec.validate import validate

from _inline import Recorder, build_ir, clients, document, generate, ok

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
ITEM = {"type": "object", "properties": {"id": {"type": "integer"}}}


def query(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "query", "schema": {"type": "integer" if n in ("limit", "offset", "page") else "string"}} for n in names]


def listing(params: list[dict[str, Any]], schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"/things": {"get": {"operationId": "listThings", "parameters": params, "responses": ok(schema), **extra}}}


def obj(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": props}


ARRAY = {"type": "array", "items": ITEM}
STR, INT = {"type": "string"}, {"type": "integer"}

CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "offset with a total": (
        listing(query("limit", "offset"), obj(items=ARRAY, total=INT)),
        {"style": "offset", "items": "items", "offset_param": "offset", "limit_param": "limit", "total": "total"},
    ),
    "offset with a next link": (
        listing(query("limit", "offset"), obj(data=ARRAY, next=STR)),
        {"style": "offset", "items": "data", "offset_param": "offset", "limit_param": "limit", "next_url": "next"},
    ),
    "cursor and next cursor": (
        listing(query("cursor"), obj(results=ARRAY, next_cursor=STR)),
        {"style": "cursor", "items": "results", "cursor_param": "cursor", "next_cursor": "next_cursor"},
    ),
    "cursor in a nested object": (
        listing(query("after", "limit"), obj(artists=obj(items=ARRAY, cursors=obj(after=STR)))),
        {"style": "cursor", "items": "/artists/items", "cursor_param": "after", "next_cursor": "/artists/cursors/after"},
    ),
    "page and page size": (
        listing(query("page", "per_page"), obj(entries=ARRAY, total_pages=INT)),
        {"style": "page", "items": "entries", "page_param": "page", "limit_param": "per_page", "total_pages": "total_pages"},
    ),
    "next URL in a meta object": (
        listing(query("PageSize", "PageToken"), obj(rooms=ARRAY, meta=obj(next_page_url=STR))),
        {"style": "next_url", "items": "rooms", "next_url": "/meta/next_page_url"},
    ),
    "Link headers": (
        listing(query("per_page"), ARRAY),
        {"style": "link_header", "items": ""},
    ),
}
CASES["Link headers"][0]["/things"]["get"]["responses"]["200"]["headers"] = {"Link": {"schema": STR}}


def test_a_parameter_that_is_no_number_is_never_the_offset(tmp_path: Path) -> None:
    """Firefly III: ``start`` is a date filter beside ``page``; read as the offset, a page walk sent ``start=2``, and a
    date given for it failed with a TypeError."""
    params = [*query("page", "limit"), {"name": "start", "in": "query", "schema": {"type": "string", "format": "date"}}]
    page = build_ir(document(listing(params, obj(data=ARRAY))), tmp_path).resources[0].methods[0].pagination
    assert page is not None and (page.style, page.page_param, page.offset_param) == ("page", "page", None)


@pytest.mark.parametrize("verb", ["patch", "post", "put", "delete"])
def test_a_write_is_never_inferred_to_page(tmp_path: Path, verb: str) -> None:
    """Airflow's ``PATCH /dags`` takes ``limit``/``offset`` and answers a page of what it changed: walking it would
    send the change again for every page. Only a GET is inferred (``x-sdksmith-pagination`` can still declare it)."""
    doc, _ = CASES["offset with a total"]
    api = build_ir(document({"/things": {verb: doc["/things"]["get"]}}), tmp_path)
    assert api.resources[0].methods[0].pagination is None
    assert not [w for w in api.warnings if "pagination inferred" in w.message]


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_style_is_inferred_and_reported(tmp_path: Path, case: str) -> None:
    doc, expected = CASES[case]
    api = build_ir(document(doc), tmp_path)
    page = api.resources[0].methods[0].pagination
    assert page is not None and page.inferred
    declared = {k: getattr(page, k) for k in expected if k != "style"}
    assert {"style": page.style, **declared} == expected
    notes = [w for w in api.warnings if "pagination inferred" in w.message]
    assert len(notes) == 1 and notes[0].level == "warning" and notes[0].line > 0
    assert notes[0].pointer == "/paths/~1things/get"
    assert "set it to false" in notes[0].message


@pytest.mark.parametrize(
    ("params", "schema"),
    [
        (query("q"), obj(items=ARRAY, total=INT)),  # nothing to page with
        (query("limit"), obj(items=ARRAY)),  # a limit alone
        (query("limit", "offset"), obj(name=STR)),  # no list in the answer
        (query("limit", "offset"), obj(a=obj(items=ARRAY), b=obj(items=ARRAY))),  # two lists: ambiguous
    ],
)
def test_nothing_is_inferred_without_a_clear_signal(tmp_path: Path, params: list[dict[str, Any]], schema: dict[str, Any]) -> None:
    api = build_ir(document(listing(params, schema)), tmp_path)
    assert api.resources[0].methods[0].pagination is None
    assert not [w for w in api.warnings if "pagination" in w.message]


def test_the_extension_turns_inference_off_or_overrides_it(tmp_path: Path) -> None:
    off = listing(query("limit", "offset"), obj(items=ARRAY, total=INT), **{"x-sdksmith-pagination": False})
    api = build_ir(document(off), tmp_path)
    assert api.resources[0].methods[0].pagination is None and not api.warnings
    declared = listing(query("limit", "offset"), obj(items=ARRAY, total=INT), **{"x-sdksmith-pagination": {"style": "offset", "items": "items", "offset_param": "offset"}})
    page = build_ir(document(declared), tmp_path).resources[0].methods[0].pagination
    assert page is not None and not page.inferred and page.total is None


@pytest.mark.parametrize("kit", ["sync", "async"])
def test_an_inferred_offset_pagination_walks(tmp_path: Path, kit: str) -> None:
    package, warnings = generate(document(CASES["offset with a total"][0]), tmp_path)
    assert any("pagination inferred" in w.message for w in warnings)
    pages = {0: [1, 2], 2: [3, 4], 4: [5]}
    recorder = Recorder(lambda r: {"items": [{"id": i} for i in pages[int(r.url.params.get("offset", 0))]], "total": 5})
    sync, asynchronous = clients(package, recorder)
    if kit == "sync":
        got = [t.id for t in sync.things.list_things_all(limit=2)]
    else:
        async def walk() -> list[int]:
            return [t.id async for t in asynchronous.things.list_things(limit=2)]

        got = asyncio.run(walk())
    assert got == [1, 2, 3, 4, 5]
    assert [r.url.params.get("offset") for r in recorder.requests] == [None, "2", "4"]
    readme = (tmp_path / "out" / "README.md").read_text()
    assert "## Pagination" in readme


def test_generate_prints_the_inference_with_its_location(tmp_path: Path) -> None:
    spec = tmp_path / "things.json"
    import json

    spec.write_text(json.dumps(document(CASES["cursor and next cursor"][0]), indent=1))
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", str(spec), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    printed = done.stdout + done.stderr
    assert f"{spec}:" in printed and "/paths/~1things/get: warning: pagination inferred: cursor (items 'results'" in printed


# -- real descriptions ---------------------------------------------------------------------------------------


def _corpus_api(tmp_path: Path, name: str) -> Any:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return build(validate(load(path)), derived(path, tmp_path / "out", path.stem.split(".")[0].replace("-", "_")))


def _paged(api: Any) -> dict[str, Any]:
    return {m.path: m.pagination for r in api.resources for m in r.methods if m.pagination is not None}


def test_spotify_lists_page_as_spotify_documents_them(tmp_path: Path) -> None:
    paged = _paged(_corpus_api(tmp_path, "spotify.fixed-open-api.yml"))
    playlists = paged["/me/playlists"]
    assert (playlists.style, playlists.items, playlists.offset_param, playlists.limit_param, playlists.total, playlists.next_url) == (
        "offset", "items", "offset", "limit", "total", "next",
    )
    assert playlists.item_type.startswith("models.")
    following = paged["/me/following"]
    assert (following.style, following.items, following.cursor_param, following.next_cursor) == (
        "cursor", "/artists/items", "after", "/artists/cursors/after",
    )
    assert paged["/browse/categories"].items == "/categories/items"
    assert "/search" not in paged  # several lists in one answer: nothing to guess
    assert "/recommendations" not in paged  # a limit, no offset
    assert len(paged) >= 20 and all(p.inferred for p in paged.values())


def test_twilio_video_lists_follow_the_next_page_url(tmp_path: Path) -> None:
    paged = _paged(_corpus_api(tmp_path, "twilio_video_v1.yaml"))
    rooms = paged["/v1/Rooms"]
    assert (rooms.style, rooms.items, rooms.next_url) == ("next_url", "rooms", "/meta/next_page_url")
    assert len(paged) == 9 and all(p.style == "next_url" for p in paged.values())  # every list (9 take PageSize)


def test_a_page_of_untyped_items_passes_mypy_strict(tmp_path: Path) -> None:
    """Items without a schema page as ``Any``; the async paginator is then already the declared type, and a cast to
    it would be redundant, which ``mypy --strict`` refuses (found on Asana's spec)."""
    untyped = listing(query("limit", "offset"), obj(items={"type": "array"}, total=INT))
    page = build_ir(document(untyped), tmp_path).resources[0].methods[0].pagination
    assert page is not None and page.inferred and page.item_type == "Any"  # the case this test is about
    generate(document(untyped), tmp_path)
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.10", "--no-incremental", "inline_client"],
        capture_output=True,
        text=True,
        cwd=tmp_path / "out" / "src",
    )
    assert checked.returncode == 0, checked.stdout
