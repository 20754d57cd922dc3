"""One ``[tool.sdksmith.clients.<name>]`` table as written, checked by pydantic (unknown keys refused), and its
problems as located messages: ``pyproject.toml:LINE:COL: /tool/sdksmith/clients/NAME/KEY: message``, with a "did
you mean" for a misspelt key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..errors import GenError
from .naming import DIST, ENV_PREFIX, class_problem, package_problem
from .position import located, unknown_key

URL_LABELS = ("Homepage", "Documentation", "Source", "Changelog")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Author(_Strict):
    """An author or maintainer as PEP 621 writes one: a name, an email, or both."""

    name: str | None = None
    email: str | None = None

    @model_validator(mode="after")
    def _one_of_them(self) -> Author:
        if not self.name and not self.email:
            raise ValueError("an author needs a name or an email")
        if self.email is not None and "@" not in self.email:
            raise ValueError(f"{self.email!r} is not an email address")
        return self


class Urls(_Strict):
    """The project URLs a package index shows (``[project.urls]``); only these labels."""

    Homepage: str | None = None
    Documentation: str | None = None
    Source: str | None = None
    Changelog: str | None = None

    @field_validator("*")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value


class ClientTable(_Strict):
    """``[tool.sdksmith.clients.<name>]``: only ``spec`` is required; every name has a default from the table's."""

    spec: str
    version: str = "0.1.0"
    dist_name: str | None = None
    import_name: str | None = None
    client_class: str | None = None
    out: str | None = None
    description: str | None = None
    license: str | None = None
    license_file: str | None = None
    authors: list[Author] = Field(default_factory=list)
    urls: Urls = Field(default_factory=Urls)
    keywords: list[str] = Field(default_factory=list)
    classifiers: list[str] = Field(default_factory=list)
    env_prefix: str | None = None
    python_requires: str = ">=3.10"
    allow_refs_outside: bool = False

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        try:
            parsed = Version(value)
        except InvalidVersion:
            raise ValueError(f"{value!r} is not a PEP 440 version (such as 1.0, 1.2.3, 2.0.0rc1)") from None
        if parsed.local is not None:
            raise ValueError(f"{value!r} has a local label (+{parsed.local}), which a package index refuses")
        return value

    @field_validator("dist_name")
    @classmethod
    def _dist(cls, value: str | None) -> str | None:
        if value is not None and not DIST.match(value):
            raise ValueError(f"{value!r} is not a distribution name (letters, digits, '.', '_', '-')")
        return value

    @field_validator("import_name")
    @classmethod
    def _package(cls, value: str | None) -> str | None:
        problem = package_problem(value) if value is not None else None
        if problem:
            raise ValueError(f"{value!r} {problem}")
        return value

    @field_validator("client_class")
    @classmethod
    def _class(cls, value: str | None) -> str | None:
        problem = class_problem(value) if value is not None else None
        if problem:
            hint = f"; for example {value + 'Client'!r}" if value and class_problem(value + "Client") is None else ""
            raise ValueError(f"{value!r} {problem}{hint}")
        return value

    @field_validator("env_prefix")
    @classmethod
    def _env(cls, value: str | None) -> str | None:
        if value is not None and not ENV_PREFIX.match(value):
            raise ValueError(f"{value!r} is not an environment variable prefix (letters, digits and '_')")
        return value

    @field_validator("python_requires")
    @classmethod
    def _python(cls, value: str) -> str:
        try:
            SpecifierSet(value)
        except InvalidSpecifier:
            raise ValueError(f"{value!r} is not a version specifier (such as '>=3.10')") from None
        return value

    @field_validator("license")
    @classmethod
    def _license(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            return str(canonicalize_license_expression(value))
        except InvalidLicenseExpression as exc:
            raise ValueError(f"not an SPDX license expression: {exc}") from None


def check_table(table: Any, file: Path, text: str, keys: tuple[str, ...]) -> tuple[ClientTable | None, list[GenError]]:
    """The table, or every problem in it located in ``text`` (``keys``: where the table is, e.g. tool.sdksmith.clients.x)."""
    if not isinstance(table, dict):
        return None, [located(file, text, keys, "must be a table, such as {spec = \"openapi.yaml\"}")]
    try:
        return ClientTable.model_validate(table), []
    except ValidationError as exc:
        found = [_from_pydantic(error, file, text, keys, table) for error in exc.errors()]
        return None, sorted(found, key=lambda e: (e.line, e.column, e.pointer))


def _known(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _from_pydantic(error: Any, file: Path, text: str, keys: tuple[str, ...], table: dict[str, Any]) -> GenError:
    loc = tuple(error["loc"])
    kind = error["type"]
    if kind == "extra_forbidden":
        model: type[BaseModel] = ClientTable
        if len(loc) >= 2 and loc[0] == "urls":
            model = Urls
        elif len(loc) >= 3 and loc[0] == "authors":
            model = Author
        message = unknown_key(str(loc[-1]), _known(model))
    elif kind == "missing":
        message = f"missing required key {loc[-1]!r}"
        if loc == ("spec",):
            message += ": the OpenAPI file, relative to pyproject.toml"
    else:
        message = str(error["msg"]).removeprefix("Value error, ")
        if error.get("ctx", {}).get("error") is None and kind.endswith("_type"):
            message = f"{message} (found {type(error['input']).__name__} {error['input']!r})"
    return located(file, text, (*keys, *loc), message)
