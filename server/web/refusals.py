"""A refusal of the HTTP API: `{"error": CODE, "message": …}` with its status (docs/protocol/
21-errors.md), raised by the handlers — one way for every route."""

from __future__ import annotations

import json

from aiohttp import web

_KINDS: dict[int, type[web.HTTPException]] = {
    kind.status_code: kind
    for kind in (
        web.HTTPBadRequest,
        web.HTTPUnauthorized,
        web.HTTPForbidden,
        web.HTTPNotFound,
        web.HTTPConflict,
        web.HTTPUnprocessableEntity,
        web.HTTPTooManyRequests,
        web.HTTPServiceUnavailable,
    )
}


def json_error(status: int, code: str, message: str, **headers: str) -> web.HTTPException:
    """The refusal to raise: `status` (one of _KINDS; any other is a 400), its `code` and
    `message`, and any `headers` (`Retry-After`)."""
    body = json.dumps({"error": code, "message": message})
    return _KINDS.get(status, web.HTTPBadRequest)(
        text=body, content_type="application/json", headers=headers or None
    )
