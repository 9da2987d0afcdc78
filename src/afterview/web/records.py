"""The record pages: the network (S4, S12-S16); an application's are in `applications.py`.

Each route asks the Afterview for its read model; what a page shows is computed by
the planner's own rules in `services/`, so a page never disagrees with Today.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from afterview.web.common import AfterviewDep, as_of_date, flashed, render

router = APIRouter()


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, av: AfterviewDep, as_of: str | None = None) -> HTMLResponse:
    view = av.network(as_of_date(as_of))
    notice = " ".join(flashed(request)) or None
    return render(request, "network.html", {"page": "network", "view": view, "notice": notice})
