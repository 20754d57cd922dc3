"""Webhook and callback payloads become typed models, even in a 3.1 document without paths."""

from __future__ import annotations

import datetime
import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from hostile_kit import CORPUS, assert_sound, generate


def _models(out: Path, package: str) -> ModuleType:
    """The package's models module, imported through its package (it imports the runtime's base model)."""
    sys.path.insert(0, str(out / "src"))
    try:
        return importlib.import_module(f"{package}.models")
    finally:
        sys.path.remove(str(out / "src"))


def test_webhook_payload_is_a_typed_model(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = generate(CORPUS / "oai-v3.1-webhook-example.yaml", out, "webhook")
    assert json.loads(files[".sdksmith.json"])["operations"] == []  # no paths at all: still a valid input
    models = _models(out, "webhook_client")
    pet = models.Pet.model_validate({"id": 1, "name": "Rex", "tag": "dog"})
    assert (pet.id, pet.name, pet.tag) == (1, "Rex", "dog")
    with pytest.raises(Exception):
        models.Pet.model_validate({"id": "not a number", "name": "Rex"})
    assert "docs/models/Pet.md" in files
    assert_sound(out, "webhook_client")


def test_callback_payload_is_a_typed_model(tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = generate(CORPUS / "oai-v3.0-callback-example.yaml", out, "callback")
    models = _models(out, "callback_client")
    payload_classes = [name for name in dir(models) if name.endswith("Payload")]
    assert payload_classes == ["PostStreamsOnDataCallbackPostPayload"], dir(models)
    cls = getattr(models, payload_classes[0])
    payload = cls.model_validate({"timestamp": "2024-01-02T03:04:05Z", "userData": "x"})
    assert payload.timestamp == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    assert payload.user_data == "x"
    assert f"docs/models/{payload_classes[0]}.md" in files
    assert_sound(out, "callback_client")


def test_inline_webhook_payloads_are_hoisted_under_their_own_names(tmp_path: Path) -> None:
    spec = tmp_path / "hooks.yaml"
    spec.write_text(
        """\
openapi: 3.1.0
info: {title: Hooks, version: "1"}
webhooks:
  pet.created:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, required: [id], properties: {id: {type: integer}}}
      responses: {"200": {description: ok}}
  Pet-Created:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses: {"200": {description: ok}}
"""
    )
    out = tmp_path / "out"
    generate(spec, out, "hooks")
    models = _models(out, "hooks_client")
    hoisted = sorted(n for n in dir(models) if n.startswith("PetCreated"))
    assert len(hoisted) == 2, hoisted  # two webhooks whose names convert alike: two classes, told apart
    assert_sound(out, "hooks_client", mypy=False)
