"""Search from every page: the header's box, and the page of what it finds."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.services.records import AddContact, Apply


@pytest.mark.parametrize("page", ["/", "/pipeline", "/network", "/settings", "/import"])
def test_every_page_has_the_search_box(client: TestClient, page: str) -> None:
    header = client.get(page).text.split("</header>")[0]
    assert '<form role="search" aria-label="Site" method="get" action="/search"' in header
    assert '<label for="header-q"' in header
    assert 'id="header-q" type="search" name="q" value=""' in header


def test_the_search_page_searches_through_the_header_box_alone(client: TestClient) -> None:
    text = client.get("/search").text
    assert text.count('role="search"') == 1  # the header's box, no second one in the page
    header = text.split("</header>")[0]
    assert 'id="header-q" type="search" name="q" value=""' in header
    assert "search box at the top of the page" in text
    found = client.get("/search", params={"q": "acme"}).text
    assert found.count('role="search"') == 1
    assert 'id="header-q" type="search" name="q" value="acme"' in found.split("</header>")[0]


def test_acme_lists_its_applications_contacts_and_company(client: TestClient) -> None:
    response = client.get("/search", params={"q": "acme"})
    assert response.status_code == 200
    text = response.text
    assert 'href="/applications/acme-de"' in text
    assert "Companies" in text
    assert "Acme Corp:" in text
    assert 'id="header-q" type="search" name="q" value="acme"' in text  # the box keeps the query


def test_accents_and_case_are_folded(client: TestClient) -> None:
    text = client.get("/search", params={"q": "LOPEZ"}).text
    assert 'href="/contacts/marta-lopez"' in text
    assert "Marta López" in text


def test_an_empty_query_asks_for_one(client: TestClient) -> None:
    text = client.get("/search").text
    assert "Type a name in the search box" in text
    assert client.get("/search", params={"q": "   "}).status_code == 200


def test_nothing_found_says_so(client: TestClient) -> None:
    text = client.get("/search", params={"q": "zzz-nobody"}).text
    assert "Nothing matches “zzz-nobody”." in text


def test_results_are_capped_and_say_how_many_more(client: TestClient, av: Afterview) -> None:
    for n in range(53):
        av.add_contact(AddContact(f"Searchable Person {n:02}"))
    text = client.get("/search", params={"q": "searchable"}).text
    assert text.count('href="/contacts/') == 50
    assert "and 3 more contacts" in text


def test_ids_are_one_url_segment_each(client: TestClient, av: Afterview) -> None:
    av.apply(Apply("Odd Ids", "Analyst", id="odd#1&x"))
    text = client.get("/search", params={"q": "odd ids"}).text
    assert 'href="/applications/odd%231%26x"' in text


def test_names_are_escaped(client: TestClient, av: Afterview) -> None:
    av.add_contact(AddContact("Eve <script>x</script>"))
    text = client.get("/search", params={"q": "eve <script>"}).text
    assert "<script>x</script>" not in text
    assert "&lt;script&gt;" in text


def test_a_very_long_query_is_refused_in_words(client: TestClient) -> None:
    response = client.get("/search", params={"q": "x" * 201}, headers={"accept": "text/html"})
    assert response.status_code == 400
    assert "longer than 200 characters" in response.text
