"""The JSON API against its own OpenAPI description, in server mode, by schemathesis.

Every operation of /openapi.json is called with requests made from its description (valid
ones, and invalid ones where it takes any input), signed in with one account's API token:
none may answer with a server error, a documented answer must match its schema, and an
/api error is said the API's way (`{"error": [...]}`, docs/contracts.md).

The description does not yet say every status an operation answers with (the app answers
a request it cannot read with 400, where FastAPI documents 422; unknown ids are 404; the
calendar feed answers 403 and text/calendar): `test_every_status_and_content_type_is_
documented` holds those as known mismatches, strictly, so documenting them shows here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from fastapi.openapi.utils import get_openapi
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from afterview.web import api
from tests.adapters.conftest import postgres_url  # noqa: F401  (the session's cluster)
from tests.adapters.test_postgres import pg_url  # noqa: F401  (a database of its own)
from tests.web.test_server_mode import ALICE, Hosted, hosted  # noqa: F401

pytestmark = pytest.mark.postgres

EXAMPLES = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same requests on every run, so a failure reproduces
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
POSITIVE, NEGATIVE = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE


def _operations() -> list[tuple[str, str, bool]]:
    """Each operation the API's router describes (what /openapi.json holds), as (method,
    path, whether it takes any input that can be made invalid)."""
    described = get_openapi(title="afterview", version="0", routes=api.router.routes)
    return sorted(
        (method.upper(), path, bool(item.get("parameters") or item.get("requestBody")))
        for path, methods in described["paths"].items()
        for method, item in methods.items()
    )


OPERATIONS = _operations()


def _signed_in(site: Hosted) -> dict[str, str]:
    token = site.server.accounts.new_token(ALICE, "schemathesis")
    return {"Authorization": f"Bearer {token}"}


def _schema(site: Hosted, headers: dict[str, str]) -> schemathesis.BaseSchema:
    """The app's own description, read through the gate like any other path."""
    return schemathesis.openapi.from_asgi("/openapi.json", site.client.app, headers=headers)


def _said_the_apis_way(path: str, response: schemathesis.Response) -> None:
    """An /api error is JSON `{"error": [words, ...]}`, never a traceback or FastAPI's own."""
    if response.status_code < 400 or not path.startswith("/api/"):
        return
    body = json.loads(response.content)
    assert set(body) == {"error"}, body
    assert body["error"], body
    assert all(isinstance(line, str) and line for line in body["error"]), body


def _fuzz(
    site: Hosted,
    method: str,
    path: str,
    mode: schemathesis.GenerationMode,
    checks: list[Callable[..., Any]],
) -> dict[int, int]:
    """Calls the operation with EXAMPLES requests of `mode`, each answer held to `checks`;
    how many answers of each status there were."""
    headers = _signed_in(site)
    operation = _schema(site, headers)[path][method]
    statuses: dict[int, int] = {}

    @given(case=operation.as_strategy(generation_mode=mode))
    @EXAMPLES
    def call(case: schemathesis.Case[Any]) -> None:
        response = case.call(headers=headers)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        case.validate_response(response, checks=checks)
        _said_the_apis_way(path, response)
        assert "Bravo" not in response.content.decode("utf-8", "replace")  # Bob's data

    call()
    return statuses


def test_the_description_covers_the_apis_router_and_nothing_else(hosted: Hosted) -> None:  # noqa: F811
    schema = hosted.client.get("/openapi.json", headers=_signed_in(hosted)).json()
    described = sorted(
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    )
    assert described == [(method, path) for method, path, _ in OPERATIONS]
    assert "/api/agenda" in schema["paths"]


@pytest.mark.parametrize(
    ("method", "path", "takes_input"),
    [pytest.param(*operation, id=f"{operation[0]} {operation[1]}") for operation in OPERATIONS],
)
def test_every_operation_answers_without_a_fault_and_as_described(
    hosted: Hosted,  # noqa: F811
    method: str,
    path: str,
    takes_input: bool,
) -> None:
    valid = _fuzz(hosted, method, path, POSITIVE, [not_a_server_error, response_schema_conformance])
    assert sum(valid.values()) > 0
    if takes_input:  # else there is nothing to make invalid: every request is a valid one
        invalid_checks = [not_a_server_error, response_schema_conformance, negative_data_rejection]
        invalid = _fuzz(hosted, method, path, NEGATIVE, invalid_checks)
        assert sum(invalid.values()) > 0


@pytest.mark.parametrize(
    ("method", "path"),
    [pytest.param(method, path, id=f"{method} {path}") for method, path, _ in OPERATIONS],
)
def test_every_status_and_content_type_is_documented(
    hosted: Hosted,  # noqa: F811
    method: str,
    path: str,
) -> None:
    _fuzz(hosted, method, path, POSITIVE, [status_code_conformance, content_type_conformance])


def test_without_a_token_every_api_operation_answers_401(hosted: Hosted) -> None:  # noqa: F811
    tokens: tuple[dict[str, str], ...] = (
        {},
        {"Authorization": "Bearer av_not-a-token"},
        {"Authorization": "Basic eDp5"},
    )
    for method, path, _ in OPERATIONS:
        if not path.startswith("/api/"):
            continue
        for headers in tokens:
            answer = hosted.client.request(method, path, headers=headers, json={})
            assert answer.status_code == 401, (method, path, headers, answer.text)
            assert answer.headers["www-authenticate"].startswith("Bearer")
            assert set(answer.json()) == {"error"}
            assert "Alpha" not in answer.text
