"""A resource page's section for one operation: the summary and description the spec gives, then the method and
path, each its own paragraph; an operation without a summary is not headed by its method and path twice."""

from __future__ import annotations

from pathlib import Path

from build_kit import generate, spec


def _section(page: str, name: str) -> str:
    start = page.index(f"## {name}\n")
    return page[start : page.index("### Example Usage", start)]


def test_an_operation_section_says_each_thing_once_in_its_own_paragraph(tmp_path: Path) -> None:
    answer = {"204": {"description": "done"}}
    paths = {
        "/charges": {
            "get": {"operationId": "listCharges", "tags": ["charges"], "responses": answer},
            "post": {
                "operationId": "createCharge",
                "tags": ["charges"],
                "summary": "Create a charge",
                "description": "Charges the card now.",
                "deprecated": True,
                "responses": answer,
            },
        }
    }
    generate(spec({}, paths), tmp_path)
    page = (tmp_path / "out" / "docs" / "charges.md").read_text()
    raw = "`with_raw_response.{0}(...)` returns the raw response, `with_streaming_response.{0}(...)` the\nresponse as a context manager.\n\n\n"
    assert _section(page, "list_charges") == "## list_charges\n\n`GET /charges`\n\n" + raw.format("list_charges")
    assert _section(page, "create_charge") == (
        "## create_charge\n\nCreate a charge\n\nCharges the card now.\n\n`POST /charges` (deprecated)\n\n" + raw.format("create_charge")
    )


def test_a_summary_taken_from_the_description_is_not_said_twice(tmp_path: Path) -> None:
    """Langfuse: an operation without a summary printed its description's first sentence (``**Deprecated:** ...``) and
    then the whole description, in the docs page and the docstring alike."""
    description = "**Deprecated:** Use the OTel endpoint. Batched ingestion\nof events.\n\nSecond paragraph."
    op = {"operationId": "ingest", "tags": ["events"], "description": description, "responses": {"204": {"description": "done"}}}
    generate(spec({}, {"/batch": {"post": op}}), tmp_path)
    page = (tmp_path / "out" / "docs" / "events.md").read_text()
    said = "**Deprecated:** Use the OTel endpoint.\n\nBatched ingestion of events.\n\nSecond paragraph.\n\n`POST /batch`"
    assert _section(page, "ingest").startswith(f"## ingest\n\n{said}\n")
    module = (tmp_path / "out" / "src" / "kit_client" / "resources" / "events.py").read_text()
    assert module.count("Use the OTel endpoint") == 2  # the sync and the async method's docstrings, once each


def test_a_table_cell_keeps_the_spec_s_html_entities_and_escapes_the_rest() -> None:
    """Keycloak writes ``&quot;`` in parameter descriptions (22 times): escaped again, readers saw ``&quot;``."""
    from generator.text import md_cell

    assert md_cell('exact &quot;match&quot; & more &#39;x&#39; <b>|</b> &amp;c &nope') == (
        "exact &quot;match&quot; &amp; more &#39;x&#39; &lt;b&gt;\\|&lt;/b&gt; &amp;c &amp;nope"
    )
