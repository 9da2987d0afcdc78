"""The record pages: the network (S4, S12-S16); an application's are in `applications.py`.

Each route asks the Afterview for its read model; what a page shows is computed by
the planner's own rules in `services/`, so a page never disagrees with Today. The
network is shown a page at a time (`?page=N`).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from afterview.web.common import AfterviewDep, as_of_date, flashed, render
from afterview.web.paging import page_number, pager

router = APIRouter()


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request, av: AfterviewDep, as_of: str | None = None, page: str | None = None
) -> HTMLResponse:
    view = av.network(as_of_date(as_of), page_number(page))
    notice = " ".join(flashed(request)) or None
    context = {
        "page": "network",
        "view": view,
        "pages": pager(request, view.paging),
        "notice": notice,
    }
    return render(request, "network.html", context)
