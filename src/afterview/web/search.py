"""The Search page: what the header's search box finds, by kind, best match first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from afterview.web.common import AfterviewDep, render

router = APIRouter()


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, av: AfterviewDep, q: Annotated[str, Query()] = "") -> HTMLResponse:
    results = av.search(q)
    return render(
        request, "search.html", {"page": "search", "results": results, "q": results.query}
    )
