"""Coaches in server mode (docs/server.md): the clients who shared their data, who is
overdue, and each client's own pages, read-only.

A coach reads a client's data by choosing them here: a cookie signed for this coach
names the client, and the gate (web/accounts.py) then serves every page from the
client's afterview in read-only mode, checking at every request that the client still
shares with the coach. Any change is refused by the gate, by the store and by the
database. A job seeker shares and stops sharing from Settings.

Settings also holds what only server mode has for each account: the time zone of its
mornings (the worker's digest comes at 07:00 there) and its own mailbox, which the
worker reads every quarter of an hour (its URL is stored sealed, never shown again)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from afterview.domain.actions import DUE, OVERDUE
from afterview.errors import AfterviewError
from afterview.web.accounts import VIEWING_COOKIE, viewing_value
from afterview.web.common import Csrf, redirect_after_post, render, signer_of

if TYPE_CHECKING:
    from afterview.server import Server
    from afterview.services.accounts import Account

router = APIRouter()


def _server(request: Request) -> Server:
    server: Server | None = getattr(request.app.state, "server", None)
    if server is None:
        raise HTTPException(404)
    return server


def _me(request: Request) -> Account:
    account: Account | None = getattr(request.state, "account", None)
    if account is None:
        raise HTTPException(404)
    return account


def _coach(request: Request) -> tuple[Server, Account]:
    server, me = _server(request), _me(request)
    if not me.coach:
        raise HTTPException(404)
    return server, me


@router.get("/clients", response_class=HTMLResponse)
def clients(request: Request) -> HTMLResponse:
    """The coach's clients, most overdue first."""
    server, me = _coach(request)
    rows: list[dict[str, Any]] = []
    for client in server.accounts.clients_of(me.id):
        if client.disabled:
            continue
        av = server.afterview_for(client.id, read_only=True)
        view = av.agenda()
        profile = view.pipeline.profile if view.pipeline is not None else None
        rows.append(
            {
                "account": client,
                "name": profile.name if profile else client.email,
                "overdue": view.count(OVERDUE),
                "due": view.count(DUE),
            }
        )
    rows.sort(key=lambda row: (-row["overdue"], -row["due"], str(row["name"]).lower()))
    return render(request, "clients.html", {"page": "clients", "rows": rows})


@router.post("/clients/{client_id}/view", response_model=None)
def view_client(request: Request, _: Csrf, client_id: int) -> Response:
    server, me = _coach(request)
    client = server.accounts.by_id(client_id)
    if client is None or client.id == me.id or not server.accounts.may_read(me.id, client.id):
        raise HTTPException(404)  # not theirs to read: as if there were no such client
    response = RedirectResponse("/", 303)
    response.set_cookie(
        VIEWING_COOKIE,
        viewing_value(signer_of(request), me, client),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


@router.post("/clients/leave", response_model=None)
def leave_client(request: Request, _: Csrf) -> Response:
    response = RedirectResponse("/clients" if _me(request).coach else "/", 303)
    response.delete_cookie(VIEWING_COOKIE, httponly=True, samesite="lax")
    return response


@router.post("/settings/share", response_model=None)
def share(request: Request, _: Csrf, coach: Annotated[str, Form()] = "") -> Response:
    server, me = _server(request), _me(request)
    try:
        server.accounts.share(me.email, coach.strip().lower())
    except AfterviewError as error:
        return redirect_after_post(request, "/settings#h-sharing", [str(error)])
    return redirect_after_post(request, "/settings#h-sharing", [f"{coach} can now read your data."])


@router.post("/settings/unshare", response_model=None)
def unshare(request: Request, _: Csrf, coach: Annotated[str, Form()] = "") -> Response:
    server, me = _server(request), _me(request)
    try:
        server.accounts.unshare(me.email, coach.strip().lower())
    except AfterviewError as error:
        return redirect_after_post(request, "/settings#h-sharing", [str(error)])
    return redirect_after_post(request, "/settings#h-sharing", [f"{coach} can no longer read it."])


@router.post("/settings/time-zone", response_model=None)
def time_zone(request: Request, _: Csrf, zone: Annotated[str, Form()] = "") -> Response:
    server, me = _server(request), _me(request)
    try:
        changed = server.accounts.set_time_zone(me.email, zone)
    except AfterviewError as error:
        return redirect_after_post(request, "/settings#h-account", [str(error)])
    said = f"Your mornings are in {changed.time_zone or 'UTC'}: the digest comes at 07:00."
    return redirect_after_post(request, "/settings#h-account", [said])


@router.post("/settings/mailbox", response_model=None)
def mailbox(request: Request, _: Csrf, url: Annotated[str, Form()] = "") -> Response:
    server, me = _server(request), _me(request)
    try:
        label = server.set_mailbox(me.id, url)
    except AfterviewError as error:
        return redirect_after_post(request, "/settings#h-account", [str(error)])
    return redirect_after_post(
        request, "/settings#h-account", [f"afterview will read {label} every 15 minutes."]
    )


@router.post("/settings/mailbox/remove", response_model=None)
def forget_mailbox(request: Request, _: Csrf) -> Response:
    server, me = _server(request), _me(request)
    server.remove_mailbox(me.id)
    said = "afterview no longer reads a mailbox."
    return redirect_after_post(request, "/settings#h-account", [said])
