"""Settings shows, under the strengths, the sentence each one becomes in a note."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from tests.web import conftest


def test_after_saving_each_strength_is_shown_as_its_sentence(
    client: TestClient, av: Afterview
) -> None:
    response = client.post(
        "/settings/profile",
        data={
            "csrf": conftest.csrf(client, "/settings"),
            "name": "Sam Rivera",
            "country": "US",
            "strengths": "Skilled in SQL\nSeasoned product manager with 8 years in B2B SaaS\n",
        },
    )
    assert response.status_code == 200
    page = " ".join(html.unescape(response.text).split())
    assert "Skilled in SQL → <q>I am skilled in SQL.</q>" in page
    assert "<q>I am a seasoned product manager with 8 years in B2B SaaS.</q>" in page
    assert "your own sentence ending in a period" in page
    assert av.pipeline().profile is not None
