"""The list pages a page at a time: the Network and the Pipeline by `?page=N`, Search capped.

Through the front door (TestClient on the app, a real SQLite file): a page shows 50
rows at most, says which, links to the pages around it with plain links that keep the
page's other parameters, and a page asked for outside the list is its last (or first).
"""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.bootstrap import Afterview
from afterview.domain.model import Application, Contact, Pipeline, Status
from afterview.services.paging import paging
from tests.conftest import MakeAfterview
from tests.factories import make_application, make_contact, make_pipeline

PAGE = {"accept": "text/html"}
CONTACT_LINK = re.compile(r'<a href="/contacts/([^"]+)">')
APPLICATION_LINK = re.compile(r'<a href="/applications/([^"]+)"><strong>')


@pytest.fixture
def av(make_afterview: MakeAfterview) -> Afterview:
    """An empty afterview (no demo), today pinned; each test stores its own pipeline."""
    return make_afterview()


def store(av: Afterview, pipeline: Pipeline) -> None:
    """Make `pipeline` the stored one (straight through the unit of work)."""
    with av.ports.store.unit_of_work() as work:
        work.pipeline.save(work.pipeline.load(), pipeline)


def people(count: int) -> tuple[Contact, ...]:
    """`count` contacts, none interviewing: the network, in name order as numbered."""
    return tuple(
        make_contact(f"person-{n:05}", name=f"Person {n:05}", email=None) for n in range(count)
    )


def applications(count: int, status: Status = Status.APPLIED) -> tuple[Application, ...]:
    return tuple(
        make_application(f"app-{n:04}", company=f"Company {n:04}", status=status, interviews=())
        for n in range(count)
    )


def network_rows(text: str) -> list[str]:
    """The contact ids of the network table's rows, in order."""
    body = text[text.index("<tbody>") : text.index("</tbody>")] if "<tbody>" in text else ""
    return CONTACT_LINK.findall(body)


def pipeline_rows(text: str) -> list[str]:
    return APPLICATION_LINK.findall(text)


def links(text: str) -> dict[str, str]:
    """The pager's links by their `rel` (prev, next), unescaped as a browser reads them."""
    return {
        rel: html.unescape(href)
        for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)">', text)
    }


# --- The Network ----------------------------------------------------------------------------


def test_network_of_130_shows_50_rows_a_page(client: TestClient, av: Afterview) -> None:
    store(av, make_pipeline(contacts=people(130)))
    first = client.get("/network").text
    assert network_rows(first) == [f"person-{n:05}" for n in range(50)]
    assert "Showing 1\u201350 of 130" in first
    assert "page 1 of 3" in first
    assert links(first) == {"next": "/network?page=2"}

    second = client.get("/network", params={"page": 2}).text
    assert network_rows(second) == [f"person-{n:05}" for n in range(50, 100)]
    assert "Showing 51\u2013100 of 130" in second
    assert links(second) == {"prev": "/network", "next": "/network?page=3"}

    third = client.get("/network", params={"page": 3}).text
    assert network_rows(third) == [f"person-{n:05}" for n in range(100, 130)]
    assert "Showing 101\u2013130 of 130" in third
    assert links(third) == {"prev": "/network?page=2"}


def test_a_network_on_one_page_has_no_pager(client: TestClient, av: Afterview) -> None:
    store(av, make_pipeline(contacts=people(50)))
    text = client.get("/network").text
    assert len(network_rows(text)) == 50
    assert 'class="pager"' not in text
    assert "Showing" not in text


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("3", "101\u2013130"), ("4", "101\u2013130"), ("999999", "101\u2013130"),
     ("9" * 40, "101\u2013130"), ("0", "1\u201350"), ("-2", "1\u201350"), ("", "1\u201350"),
     (" 2 ", "51\u2013100")],
)  # fmt: skip
def test_a_page_outside_the_network_is_its_last_or_first(
    client: TestClient, av: Afterview, asked: str, shown: str
) -> None:
    store(av, make_pipeline(contacts=people(130)))
    response = client.get("/network", params={"page": asked})
    assert response.status_code == 200
    assert f"Showing {shown} of 130" in response.text


@pytest.mark.parametrize("asked", ["two", "2.5", "1e3", "٣", "0x2", "--1", "½"])
def test_a_page_that_is_not_a_number_is_refused_naming_the_field(
    client: TestClient, av: Afterview, asked: str
) -> None:
    store(av, make_pipeline(contacts=people(60)))
    for path in ("/network", "/pipeline"):
        response = client.get(path, params={"page": asked}, headers=PAGE)
        assert response.status_code == 400
        assert "page: not a page number (1, 2, 3…)" in response.text.lower()  # names the field
        assert "Traceback" not in response.text


def test_the_pager_keeps_the_day_asked_for(client: TestClient, av: Afterview) -> None:
    store(av, make_pipeline(contacts=people(120)))
    text = client.get("/network", params={"as_of": "2026-11-20", "page": 2}).text
    assert links(text) == {
        "prev": "/network?as_of=2026-11-20",
        "next": "/network?as_of=2026-11-20&page=3",
    }
    assert "Network on 2026-11-20" in client.get(links(text)["next"]).text


def test_a_big_network_page_stays_small(client: TestClient, av: Afterview) -> None:
    store(av, make_pipeline(contacts=people(5_000)))
    response = client.get("/network", params={"page": 37})
    assert response.status_code == 200
    assert len(network_rows(response.text)) == 50
    assert "Showing 1,801\u20131,850 of 5,000" in response.text
    assert len(response.content) < 40_000, len(response.content)


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(names=st.lists(st.sampled_from(["Ana", "Bo", "Cy", "Dee", "Éva", "ana"]), max_size=170))
def test_the_network_s_pages_together_show_everyone_once_in_order(
    client: TestClient, av: Afterview, names: list[str]
) -> None:
    contacts = tuple(
        make_contact(f"c-{n:03}", name=name, email=None) for n, name in enumerate(names)
    )
    store(av, make_pipeline(contacts=contacts))
    seen: list[str] = []
    url: str | None = "/network"
    while url is not None:
        text = client.get(url).text
        rows = network_rows(text)
        assert len(rows) <= 50
        seen.extend(rows)
        url = links(text).get("next")
    # Nobody is due a check-in: by name, then in the order they were recorded.
    expected = sorted(contacts, key=lambda contact: contact.name)
    assert seen == [contact.id for contact in expected]


# --- The Pipeline ---------------------------------------------------------------------------


def test_pipeline_of_130_pages_by_50(client: TestClient, av: Afterview) -> None:
    store(av, make_pipeline(*applications(130), contacts=()))
    first = client.get("/pipeline").text
    assert pipeline_rows(first) == [f"app-{n:04}" for n in range(50)]
    assert "Showing 1\u201350 of 130" in first
    assert '<span class="chip">all <strong>130</strong>' in first
    last = client.get("/pipeline", params={"page": 3}).text
    assert pipeline_rows(last) == [f"app-{n:04}" for n in range(100, 130)]
    assert "Showing 101\u2013130 of 130" in last


def test_the_pipeline_s_next_link_keeps_the_stage(client: TestClient, av: Afterview) -> None:
    chosen = applications(70, Status.REJECTED)
    others = tuple(
        make_application(f"other-{n:03}", status=Status.APPLIED, interviews=()) for n in range(40)
    )
    store(av, make_pipeline(*others, *chosen, contacts=()))
    first = client.get("/pipeline", params={"status": "rejected"}).text
    assert "Showing 1\u201350 of 70" in first
    assert links(first) == {"next": "/pipeline?status=rejected&page=2"}
    # The chips count every stage, whatever the page shows.
    assert 'href="/pipeline"><span class="chip">all <strong>110</strong>' in first
    assert "applied <strong>40</strong>" in first
    assert "rejected <strong>70</strong>" in first
    second = client.get(links(first)["next"]).text
    assert pipeline_rows(second) == [f"app-{n:04}" for n in range(50, 70)]
    assert links(second) == {"prev": "/pipeline?status=rejected"}
    assert 'href="/pipeline?status=rejected" aria-current="page"' in second


def test_a_stage_on_one_page_has_no_pager(client: TestClient, av: Afterview) -> None:
    store(av, make_pipeline(*applications(70), contacts=()))
    assert 'class="pager"' not in client.get("/pipeline", params={"status": "offer"}).text
    assert "No application is offer." in client.get("/pipeline?status=offer&page=5").text


# --- Search ---------------------------------------------------------------------------------


def test_search_shows_50_of_a_kind_and_says_how_many_more(
    client: TestClient, av: Afterview
) -> None:
    store(av, make_pipeline(contacts=people(1_234)))
    text = client.get("/search", params={"q": "person"}).text
    assert len(CONTACT_LINK.findall(text)) == 50
    assert "1234 matches" in text or "1,234 matches" in text
    assert "and 1,184 more contacts — refine your search" in text
    assert len(text.encode()) < 40_000


def test_a_company_shows_its_first_ten_applications(client: TestClient, av: Afterview) -> None:
    roles = tuple(
        make_application(f"big-{n:02}", company="Big Co", role=f"Role {n:02}", interviews=())
        for n in range(14)
    )
    store(av, make_pipeline(*roles, contacts=()))
    text = client.get("/search", params={"q": "big co"}).text
    company = text[text.index('id="h-companies"') :]
    assert company.count('href="/applications/') == 10
    assert "and 4 more" in company


# --- The law under every pager --------------------------------------------------------------


@given(
    total=st.integers(min_value=0, max_value=500),
    size=st.integers(min_value=1, max_value=60),
    asked=st.integers(min_value=-5, max_value=600),
)
def test_pages_split_a_list_into_runs_that_cover_it_once(total: int, size: int, asked: int) -> None:
    pages = [paging(total, number, size) for number in range(1, paging(total, 1, size).pages + 1)]
    rows = [row for page in pages for row in range(page.start, page.stop)]
    assert rows == list(range(total))
    assert all(0 < page.stop - page.start <= size for page in pages if total)
    moved = paging(total, asked, size)
    assert 1 <= moved.number <= moved.pages
    assert moved.number == min(max(asked, 1), moved.pages)
    assert (moved.previous is None) == (moved.number == 1)
    assert (moved.next is None) == (moved.number == moved.pages)
