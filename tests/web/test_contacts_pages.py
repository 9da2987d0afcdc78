"""People in the browser, in-process (TestClient) on the demo pipeline: a contact's page,
adding and editing one, merging two records of one person, deleting one, references."""

from __future__ import annotations

from fastapi.testclient import TestClient

from afterview.bootstrap import Afterview
from afterview.services.records import AddContact, AddInterview, Apply
from tests.web.conftest import csrf, forms


def _post(client: TestClient, page: str, action: str, **fields: str) -> str:
    """Send the form of `page` whose action is `action`, as a browser would; returns the
    page the redirect leads to."""
    found = [form for form in forms(client.get(page).text) if form.action == action]
    assert found, f"no form to {action} on {page}"
    response = client.post(action, data={**found[0].fields, **fields}, follow_redirects=False)
    assert response.status_code == 303, response.text
    shown: str = client.get(response.headers["location"]).text
    return shown


def test_network_links_to_each_contact_and_to_adding_one(client: TestClient) -> None:
    text = client.get("/network").text
    assert '<a href="/contacts/dana-kim">Dana Kim</a>' in text
    assert 'href="/contacts/new"' in text


def test_a_contact_page_shows_details_touches_and_interviews(client: TestClient) -> None:
    text = client.get("/contacts/ken-ito").text
    assert "<h1>Ken Ito</h1>" in text
    assert "Recruiter" in text
    assert "+1 650 555 0142" in text
    assert 'href="mailto:ken.ito@hooli.example.com"' in text
    assert 'href="/applications/hooli-de"' in text
    assert 'href="/interviews/hooli-1/notes?contact=ken-ito"' in text
    assert "“Dear Ken,” in an email" in text
    touches = text[text.index('id="h-touches"') :]
    assert "Ken said the team meets on Thursday." in touches
    assert 'aria-current="page">Network' in text


def test_an_unknown_contact_is_a_404_page(client: TestClient) -> None:
    page = client.get("/contacts/nobody", headers={"accept": "text/html"})
    assert page.status_code == 404
    assert "no contact" in page.text


def test_an_id_with_a_slash_links_to_itself(client: TestClient, av: Afterview) -> None:
    av.add_contact(AddContact("Odd Id", id="a/b#c"))
    page = client.get("/contacts/a%2Fb%23c")
    assert page.status_code == 200
    assert 'href="/contacts/a%2Fb%23c/edit"' in page.text


def test_add_a_contact_then_see_it(client: TestClient) -> None:
    text = _post(
        client,
        "/contacts/new",
        "/contacts",
        name="Samuel Katz",
        title="CTO",
        company="Globex",
        email="sam@globex.example.com",
        greeting="Dr. Katz",
        medium="email",
    )
    assert "Added Samuel Katz." in text
    assert "<h1>Samuel Katz</h1>" in text
    assert "“Dear Dr. Katz,” in an email" in text
    assert "Added Samuel Katz." not in client.get("/contacts/samuel-katz").text  # once


def test_a_refused_contact_keeps_what_was_typed_and_marks_each_field(
    client: TestClient,
) -> None:
    token = csrf(client, "/contacts/new")
    page = client.post(
        "/contacts",
        data={"csrf": token, "name": "", "email": "not an email", "title": "Head of Things"},
    )
    assert page.status_code == 400
    text = page.text
    assert "The contact was not added" in text
    assert 'id="f-name" name="name" type="text" value=""' in text
    name_field = text[text.index('id="f-name"') : text.index('id="f-title"')]
    assert 'aria-invalid="true"' in name_field
    assert 'id="f-name-problem"' in name_field
    email_field = text[text.index('id="f-email"') : text.index('id="f-phone"')]
    assert 'aria-invalid="true"' in email_field
    assert 'value="not an email"' in email_field
    assert 'value="Head of Things"' in text
    title_field = text[text.index('id="f-title"') : text.index('id="f-company"')]
    assert 'aria-invalid="true"' not in title_field


def test_edit_a_contact_shows_the_greeting_and_saves(client: TestClient, av: Afterview) -> None:
    form = client.get("/contacts/li-wei/edit").text
    assert 'value="Li Wei"' in form
    assert 'id="greeting-preview"' in form
    text = _post(
        client,
        "/contacts/li-wei/edit",
        "/contacts/li-wei/edit",
        name="Li Wei",
        title="VP Analytics",
        company="Northwind Analytics",
        address="400 Market St\nSan Francisco, CA 94105",
        medium="mail",
        greeting="Ms. Li",
    )
    assert "Changes saved." in text
    assert av.pipeline().contact("li-wei").title == "VP Analytics"
    assert "“Dear Ms. Li:” in a letter" in text


def test_a_refused_edit_is_not_saved(client: TestClient, av: Afterview) -> None:
    token = csrf(client, "/contacts/ken-ito/edit")
    page = client.post(
        "/contacts/ken-ito/edit",
        data={"csrf": token, "name": "Ken Ito", "phone": "call me maybe", "medium": "phone"},
    )
    assert page.status_code == 400
    phone = page.text[page.text.index('id="f-phone"') : page.text.index('id="f-address"')]
    assert 'aria-invalid="true"' in phone
    assert av.pipeline().contact("ken-ito").phone == "+1 650 555 0142"


def _hank_twice(av: Afterview) -> None:
    av.add_contact(AddContact("Hank Scorpio", title="CEO", company="Globex"))
    av.add_contact(AddContact("Hank Scorpio", email="hank@globex.example.com"))
    av.apply(Apply("Globex Labs", "Data Engineer", id="globex-labs"))
    av.add_interview(
        AddInterview("globex-labs", "2026-11-20", contacts=("hank-scorpio-2",), id="globex-labs-1")
    )


def test_merge_two_records_of_one_person(client: TestClient, av: Afterview) -> None:
    _hank_twice(av)
    page = client.get("/contacts/hank-scorpio/merge").text
    assert page.index('value="hank-scorpio-2"') < page.index('value="dana-kim"')  # same name first
    text = _post(
        client,
        "/contacts/hank-scorpio/merge",
        "/contacts/hank-scorpio/merge",
        other="hank-scorpio-2",
        keep="this",
    )
    assert "Merged the two records of Hank Scorpio into one." in text
    assert "hank@globex.example.com" in text
    assert 'href="/interviews/globex-labs-1/notes?contact=hank-scorpio"' in text
    assert "hank-scorpio-2" not in av.pipeline().contact_map()
    assert client.get("/contacts/hank-scorpio-2").status_code == 404


def test_merge_can_keep_the_other_record(client: TestClient, av: Afterview) -> None:
    _hank_twice(av)
    text = _post(
        client,
        "/contacts/hank-scorpio/merge",
        "/contacts/hank-scorpio/merge",
        other="hank-scorpio-2",
        keep="other",
    )
    assert "Merged the two records" in text
    contacts = av.pipeline().contact_map()
    assert "hank-scorpio" not in contacts
    assert contacts["hank-scorpio-2"].title == "CEO"


def test_merge_with_oneself_or_nobody_is_refused_clearly(client: TestClient) -> None:
    token = csrf(client, "/contacts/ken-ito/merge")
    page = client.post("/contacts/ken-ito/merge", data={"csrf": token, "other": "ken-ito"})
    assert page.status_code == 400
    assert "cannot be merged with itself" in page.text
    page = client.post("/contacts/ken-ito/merge", data={"csrf": token, "other": ""})
    assert page.status_code == 400
    assert "Choose the other record" in page.text
    page = client.post("/contacts/ken-ito/merge", data={"csrf": token, "other": "nobody"})
    assert page.status_code == 400
    assert "no contact" in page.text


def test_delete_says_what_goes_then_deletes(client: TestClient, av: Afterview) -> None:
    confirm = client.get("/contacts/dana-kim/delete").text
    assert "the 2 notes, calls and replies recorded with them" in confirm
    assert "their place among your references" in confirm
    text = _post(client, "/contacts/dana-kim/delete", "/contacts/dana-kim/delete")
    assert "Deleted Dana Kim." in text
    assert "dana-kim" not in av.pipeline().contact_map()


def test_delete_of_someone_on_a_panel_offers_a_merge(client: TestClient, av: Afterview) -> None:
    confirm = client.get("/contacts/ken-ito/delete").text
    assert "cannot be deleted" in confirm
    assert 'href="/contacts/ken-ito/merge"' in confirm
    assert not [f for f in forms(confirm) if f.action == "/contacts/ken-ito/delete"]
    token = csrf(client, "/contacts/ken-ito")
    refused = client.post("/contacts/ken-ito/delete", data={"csrf": token})
    assert refused.status_code == 400
    assert "merge them into the other record instead" in refused.text
    assert "ken-ito" in av.pipeline().contact_map()


def test_name_and_remove_a_reference_from_the_contact_page(
    client: TestClient, av: Afterview
) -> None:
    text = _post(client, "/contacts/raj-patel", "/contacts/raj-patel/reference")
    assert "Raj Patel is one of your references now." in text
    text = _post(client, "/contacts/raj-patel", "/contacts/raj-patel/reference/remove")
    assert "Raj Patel is no longer one of your references." in text
    profile = av.pipeline().profile
    assert profile is not None
    assert profile.references == ("dana-kim",)


def test_every_post_needs_the_form_token(client: TestClient) -> None:
    client.get("/contacts/dana-kim")
    for action in (
        "/contacts",
        "/contacts/dana-kim/edit",
        "/contacts/dana-kim/merge",
        "/contacts/dana-kim/delete",
        "/contacts/dana-kim/reference/remove",
    ):
        assert client.post(action, data={"name": "X"}).status_code == 403, action
