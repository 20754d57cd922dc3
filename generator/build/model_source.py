"""datamodel-code-generator's code for a set of schemas: every option passed explicitly (its output changes between
versions and with defaults), the run cached by (its version, the options, the document), so that a run whose
models are cached never imports the library (most of a small spec's generation)."""

from __future__ import annotations

import json
import warnings
from typing import Any

from .. import cache

# The enum-valued options by value: the library is imported only when its output is not cached.
_DCG_ENUMS = {"input_file_type": "openapi", "output_model_type": "pydantic_v2.BaseModel", "target_python_version": "3.10"}
DCG_OPTIONS: dict[str, Any] = {
    "use_standard_collections": True,
    "use_union_operator": True,
    "use_annotated": False,
    "field_constraints": False,
    "use_field_description": False,
    "use_schema_description": False,
    "disable_timestamp": True,
    "enable_version_header": False,
    "allow_population_by_field_name": True,
    "allow_extra_fields": True,
    "strict_nullable": True,
    "use_double_quotes": True,
    "enum_field_as_literal": "all",  # no enum member names to collide (ASC/asc, GMT+0/GMT-0)
    "collapse_root_models": True,  # named scalars, arrays and unions become plain type expressions
    "remove_special_field_name_prefix": True,
    "snake_case_field": True,
    "capitalise_enum_members": False,
    "use_title_as_name": False,
    "use_operation_id_as_name": False,
    "reuse_model": False,
    "strict_refs": False,
    "keep_model_order": True,
    "output_datetime_class": "datetime",
    "formatters": [],
}

def _document(schemas: dict[str, Any], version: str) -> str:
    return json.dumps(
        {
            "openapi": "3.1.0" if version == "3.1" else "3.0.3",
            "info": {"title": "models", "version": "0"},
            "paths": {},
            "components": {"schemas": schemas},
        },
        sort_keys=True,
    )


def generated(schemas: dict[str, Any], version: str) -> str:
    """The library's code for ``schemas``; cached by (its version, every option, the document), since the
    library's import and run are most of a small spec's generation. Failures are not cached."""
    document = _document(schemas, version)

    def key() -> str:
        options = json.dumps({**_DCG_ENUMS, **DCG_OPTIONS}, sort_keys=True)
        return cache.digest("datamodel-code-generator", cache.version("datamodel-code-generator"), options, document)

    return cache.remembered("models", key, lambda: _run_library(document))


def _run_library(document: str) -> str:
    from datamodel_code_generator import DataModelType, InputFileType, PythonVersion, generate

    enums: dict[str, Any] = {
        "input_file_type": InputFileType(_DCG_ENUMS["input_file_type"]),
        "output_model_type": DataModelType(_DCG_ENUMS["output_model_type"]),
        "target_python_version": PythonVersion(_DCG_ENUMS["target_python_version"]),
    }
    with warnings.catch_warnings():
        # unknown string formats ("uriref", "token") fall back to str; that is the behaviour we want
        warnings.simplefilter("ignore")
        code = generate(document, **enums, **DCG_OPTIONS)
    if not isinstance(code, str):
        raise ValueError("model generation produced several modules")
    return code
