"""Whatever a browser posts, every form answers with a page: never a 500.

Hypothesis fills every field of every form with what people (and their clipboards)
type: accents, emoji, control characters, NUL, very long text, ids with `/` and `#`.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afterview.bootstrap import Afterview
from afterview.web.app import create_app
from tests.web.conftest import LOCAL

TEXT = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "acme-de",
            "acme-1",
            "omar-said",
            "raj-patel",
            "\x00",
            "a\x00b",
            "x" * 5000,
            "2026-11-24T10:00",
            "2026-02-30",
            "../settings",
            "a#b&c",
            "Zoë Ångström",
            "true",
        ]
    ),
)
FORMS = {
    "/actions/done": ("kind", "application", "interview", "contact", "force"),
    "/interviews": ("application", "at", "kind", "name", "title", "email"),
    "/settings/profile": (
        "name",
        "email",
        "phone",
        "address",
        "country",
        "subdivision",
        "strengths",
    ),
    "/settings/references": ("contact",),
    "/interviews/{id}/notes/proof": ("text", "contact"),
    "/interviews/{id}/notes/send": ("contact", "text", "subject", "force", "resend"),
    "/interviews/{id}/notes/{contact}.pdf": ("text",),
}


@pytest.fixture(scope="module")
def module_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AFTERVIEW_HOME", str(home))
        patch.setenv("AFTERVIEW_TODAY", "2026-11-25")
        av = Afterview()
        av.load_demo()
        yield TestClient(create_app(av), base_url=LOCAL, raise_server_exceptions=False)
        av.close()


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_form_input_gives_a_server_error(module_home: TestClient, data: st.DataObject) -> None:
    client = module_home
    client.get("/")
    token = client.cookies.get("afterview_csrf")
    route = data.draw(st.sampled_from(sorted(FORMS)))
    path = route.format(
        id=quote(data.draw(st.sampled_from(["acme-1", "nope", "a/b#c"])), safe=""),
        contact=quote(data.draw(st.sampled_from(["omar-said", "nope"])), safe=""),
    )
    fields = {name: data.draw(TEXT, label=name) for name in FORMS[route]}
    response = client.post(path, data={"csrf": token, **fields}, headers={"accept": "text/html"})
    assert response.status_code < 500, (path, fields, response.text[:300])
    if response.status_code >= 400:
        assert "Traceback" not in response.text
