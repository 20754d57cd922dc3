"""The whole build: resources, models and the client, into one ``ir.Api``.

What "cannot generate" means. A valid spec may still ask for something sdksmith cannot honour:

* an operation whose ``x-sdksmith-pagination`` names an items field its success response does not have, whose
  ``x-sdksmith-stream`` names a media type its success response does not answer (or that has no success
  response), or whose ``x-sdksmith-rpc`` args do not name the ``prefixItems`` of a JSON request body;
* an operation whose building fails for any other reason (the exception is named);
* a schema that datamodel-code-generator rejects or does not turn into the class we asked for.

Each is an error located at the operation or schema (nothing is written). With ``--skip-unsupported`` it is
skipped instead and listed in ``Api.skipped`` as (location, reason): the operation is left out; a component schema
is left out and every reference to it typed ``Any``; an inline schema takes its operation (or its webhook or
callback payload) with it. Skips are decided in a first pass and the IR is built once more without them, so a
skipped operation leaves no trace (no half-claimed names, no orphan models).

Every component is registered first, then operations are resolved against that registry, in sorted order: no
mutation of the document, no repeat-until-stable loops, and no output that depends on the document's order.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .. import __version__, ir
from ..config import ClientConfig
from ..errors import GenError, GenerationFailed, strict_or_warn
from .. import pointer as jp
from ..spec.locate import Locator
from ..spec.validate import Spec
from ..text import clean_text
from .client import client_info, server
from .context import BuildContext, Unsupported
from .models import ModelsFailed, model_classes
from .params import request_dicts
from .resources import build_resources
from .security import credential, without_credential
from .webhooks import payload_models


def build(spec: Spec, config: ClientConfig, *, skip_unsupported: bool = False, strict: bool = False) -> ir.Api:
    """The IR for ``spec``. What cannot be generated (see the module docstring) is an error listing every case,
    or with ``skip_unsupported`` is left out and listed in ``Api.skipped``. Warnings are kept in ``Api.warnings``,
    or under ``strict`` stop the build as errors."""
    api, unsupported = _build_once(BuildContext(spec, config), strict)
    if not unsupported and api is not None:
        return api
    locator = Locator(spec.source)
    found = sorted({(u.pointer, u.unit, u.reason) for u in unsupported})
    if not skip_unsupported:
        errors = [locator.error(p, f"cannot generate: {r} (--skip-unsupported leaves it out)") for p, _u, r in found]
        raise GenerationFailed(sorted(set(errors), key=lambda e: (e.file, e.line, e.column, e.pointer, e.message)))
    api, more = _build_once(BuildContext(spec, config, frozenset(u for _p, u, _r in found)), strict)
    if more or api is None:
        errors = [locator.error(u.pointer, f"cannot generate: {u.reason}") for u in more]
        raise GenerationFailed(sorted(set(errors), key=lambda e: (e.file, e.line, e.column, e.pointer, e.message)))
    located = sorted({locator.error(p, r) for p, _u, r in found}, key=lambda e: (e.file, e.line, e.column, e.pointer))
    skipped = tuple((f"{_portable(e.file, config)}:{e.line}:{e.column}: {e.pointer or '/'}", e.message) for e in located)
    return replace(api, skipped=skipped)


def _located(ctx: BuildContext, pointer: str, config: ClientConfig) -> str:
    """``file:line:col: pointer`` of a place in the spec, as the package records it."""
    at = ctx.locator.error(pointer, "")
    return f"{_portable(at.file, config)}:{at.line}:{at.column}: {at.pointer or '/'}"


def _portable(file: str, config: ClientConfig) -> str:
    """A spec file as recorded in the package: relative to the spec's folder, never this machine's absolute path."""
    base = config.spec.parent.resolve()
    try:
        return Path(file).resolve().relative_to(base).as_posix()
    except ValueError:
        return Path(file).name


def _build_once(ctx: BuildContext, strict: bool) -> tuple[ir.Api | None, list[Unsupported]]:
    """The IR, or None and everything found unsupported (each carrying the pointer of what to skip)."""
    client_credential = credential(ctx)
    if client_credential is not None and client_credential.location == "header":
        ctx.credential_header = client_credential.name.lower()
    resources = build_resources(ctx)
    payload_models(ctx)
    ctx.registry.context = ""
    try:
        models, loosened = model_classes(ctx.registry, ctx.spec.version)
        ctx.warnings.extend(_model_warning(ctx, models, name, why) for name, why in sorted(loosened.items()))
    except ModelsFailed as exc:
        ctx.unsupported.extend(_model_unsupported(ctx, name, reason) for name, reason in exc.culprits)
        return None, ctx.unsupported
    if ctx.unsupported:
        return None, ctx.unsupported
    resources, params = request_dicts(resources, models)
    if client_credential is None:
        resources = without_credential(ctx, resources)
    info = ctx.data.get("info") or {}
    config = ctx.config
    base_url, variables = server(ctx)
    reset = ctx.data.get("x-sdksmith-rate-limit-reset")
    api = ir.Api(
        key=config.name,
        title=" ".join(clean_text(info.get("title", config.name)).split()) or config.name,
        description=clean_text(info.get("description", "")),
        api_version=clean_text(str(info.get("version", ""))),
        dist_name=config.dist_name,
        import_name=config.import_name,
        version=config.version,
        client_class=config.client_class,
        async_client_class="Async" + config.client_class,
        env_prefix=config.env,
        base_url=base_url,
        server_variables=variables,
        credential=client_credential,
        envelope=ctx.envelope,
        rate_limit_reset=(reset["header"], reset["unit"]) if reset else None,
        resources=resources,
        models=models,
        params=params,
        skipped=(),
        media_left_out=tuple(
            (_located(ctx, pointer, config), reason) for pointer, reason in sorted(set(ctx.media_left_out))
        ),
        warnings=strict_or_warn(ctx.warnings, strict),
        spec_sha256=ctx.spec.source.sha256,
        generator_version=__version__,
        python_requires=config.python_requires,
        client=client_info(ctx, resources),
    )
    return api, []


def _model_warning(ctx: BuildContext, models: tuple[ir.ModelClass, ...], name: str, why: str) -> GenError:
    origin = next((m.origin for m in models if m.name == name), "") or "/components/schemas"
    return ctx.locator.warning(origin, f"model {name}: {why}")


def _model_unsupported(ctx: BuildContext, name: str, reason: str) -> Unsupported:
    """A model the generator could not make: a component is skipped itself, an inline one with its user."""
    for key, class_name in ctx.registry.component_names.items():
        if class_name == name:
            return Unsupported(jp.join("/components/schemas", key), f"schema {key!r}: {reason}")
    where = ctx.registry.hoisted_at.get(name, "/components/schemas")
    return Unsupported(where, f"its inline schema ({name}): {reason}")
