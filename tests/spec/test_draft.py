"""The corrected document is made copy-on-write: the loaded data never changes, untouched parts are shared."""

from __future__ import annotations

import copy

from generator.spec.draft import Draft


def test_an_untouched_draft_is_the_loaded_data_itself() -> None:
    data = {"a": {"b": 1}}
    assert Draft(data).data is data


def test_edits_copy_only_the_path_to_what_changed_and_leave_the_loaded_data_as_it_was() -> None:
    data = {"paths": {"/a": {"get": {"x": 1}}, "/b": {"get": {}}}, "components": {"schemas": {"A": {}}}}
    before = copy.deepcopy(data)
    draft = Draft(data)
    draft.set("/paths/~1a/get/x", 2)
    draft.set("/paths/~1a/get/y", [1])
    draft.delete("/components/schemas/A")
    assert data == before
    assert draft.data == {"paths": {"/a": {"get": {"x": 2, "y": [1]}}, "/b": {"get": {}}}, "components": {"schemas": {}}}
    assert draft.data["paths"]["/b"] is data["paths"]["/b"]  # shared, not copied


def test_edits_compose_and_lists_are_edited_by_index() -> None:
    data = {"l": [{"a": 1}, {"a": 2}]}
    draft = Draft(data)
    draft.set("/l/1/a", 3)
    draft.set("/l/1/b", 4)
    assert draft.get("/l/1") == {"a": 3, "b": 4}
    assert data == {"l": [{"a": 1}, {"a": 2}]}


def test_a_renamed_key_keeps_its_place() -> None:
    data = {"paths": {"/a": 1, "b": 2, "/c": 3}}
    draft = Draft(data)
    draft.rename("/paths", "b", "/b")
    assert list(draft.data["paths"]) == ["/a", "/b", "/c"]
    assert list(data["paths"]) == ["/a", "b", "/c"]
