"""The JSON API: the command line's machine interfaces over HTTP, and the calendar feed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, field_validator

from afterview.services.calendars import UnknownToken
from afterview.web.common import AfterviewDep, afterview_of, as_of_date


class ApiError(BaseModel):
    """Every refusal of the API: what is wrong, one line each (docs/contracts.md)."""

    error: list[str]


def _refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    said = {
        400: "The request is not readable (a field names what is wrong)",
        401: "No session and no API token (server mode)",
        403: "Not allowed (a coach reading a client's data cannot change it)",
        404: "No such record",
    }
    return {status: {"model": ApiError, "description": said[status]} for status in statuses}


router = APIRouter(responses=_refusals(400, 401))


class ProofRequest(BaseModel):
    """A note to proofread, in the context of an application (and a recipient)."""

    text: str
    application: str
    contact: str | None = None

    @field_validator("text", "application", "contact")
    @classmethod
    def _is_text(cls, value: str | None) -> str | None:
        """JSON can spell half a character (a lone surrogate, "\\ud800"): not text."""
        try:
            (value or "").encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("not text (it holds a lone surrogate)") from None
        return value


@router.get("/api/agenda")
def api_agenda(av: AfterviewDep, as_of: Annotated[str | None, Query()] = None) -> dict[str, object]:
    """Exactly what `afterview agenda --json` prints."""
    return av.agenda(as_of_date(as_of)).to_json()


@router.get("/api/drafts", responses=_refusals(404))
def api_drafts(av: AfterviewDep, interview: str, contact: str | None = None) -> dict[str, object]:
    """What `afterview draft --interview ID [--contact ID] --json` prints."""
    return {"drafts": [item.to_json() for item in av.thank_you_drafts(interview, contact)]}


@router.post("/api/proof", responses=_refusals(403, 404))
def api_proof(av: AfterviewDep, note: ProofRequest) -> dict[str, object]:
    """What `afterview proof FILE --application ID [--contact ID] --json` prints."""
    problems = av.proofread(note.text, note.application, note.contact)
    return {"ok": not problems, "problems": [p.to_json() for p in problems]}


@router.get("/api/export")
def api_export(av: AfterviewDep) -> dict[str, Any]:
    """The whole pipeline document, as `afterview export` writes it."""
    return av.export_document()


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={
        200: {
            "description": "The calendar (RFC 5545)",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        403: {
            "description": "Not the calendar's token",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
    },
)
def subscribed_calendar(request: Request, token: str = "") -> Response:
    """The subscribable calendar; the token is a secret kept in AFTERVIEW_HOME (server mode:
    each account's own, signed with the server's key; a calendar app has no session, so
    the token alone says whose feed it is)."""
    server = getattr(request.app.state, "server", None)
    found = server.calendar_afterview(token) if server is not None else afterview_of(request)
    try:
        if found is None:
            raise UnknownToken("unknown calendar token")
        feed = found.subscribed_calendar(token)
    except UnknownToken as error:
        return Response(f"{error}\n", status_code=403, media_type="text/plain")
    return Response(feed, media_type="text/calendar")
