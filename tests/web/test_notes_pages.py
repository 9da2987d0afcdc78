"""The other notes in the browser (S9, S11, S13, S15, S16), through the front door: the
app as `afterview serve` builds it, a real SMTP server on 127.0.0.1, real PDFs, and
nothing but HTTP requests a browser makes."""

from __future__ import annotations

import html
import io
import re

from pypdf import PdfReader

from afterview.domain.model import Medium, Touch, TouchKind
from afterview.services.notes import OtherNote
from afterview.services.records import AddContact
from tests.web.conftest import Served, csrf, forms

ALERT = "/notes/reference_alert?application=northwind-ae&contact=dana-kim"


def textarea(page: str) -> str:
    found = re.search(r'<textarea id="note-text"[^>]*>(.*?)</textarea>', page, re.S)
    assert found is not None, "the page has no note to edit"
    return html.unescape(found.group(1))


def post(served: Served, url: str, **fields: str) -> tuple[int, str, str]:
    """Post a form as a browser does (following the redirect): status, final URL, page."""
    token = csrf(served.client, "/")
    answer = served.client.post(url, data={"csrf": token, **fields}, follow_redirects=True)
    return answer.status_code, str(answer.url), answer.text


def logged_today(served: Served, kind: TouchKind) -> list[Touch]:
    today = served.av.today()
    return [t for t in served.av.pipeline().touches if t.kind is kind and t.on == today]


def open_actions(served: Served) -> list[tuple[str, str | None, str | None]]:
    return [(a.kind, a.application, a.contact) for a in served.av.agenda().actions]


def test_each_kind_opens_on_the_same_draft_the_command_line_gives(served: Served) -> None:
    asked = [
        OtherNote("follow_up", "hooli-de"),
        OtherNote("reference_alert", "northwind-ae", "dana-kim"),
        OtherNote("leverage", "acme-de"),
        OtherNote("leverage", "acme-de", name_other=True),
        OtherNote("reconnect", "initech-pe", "ana-silva"),
        OtherNote("keep_in_touch", None, "raj-patel"),
    ]
    for note in asked:
        query = {"application": note.application, "contact": note.contact}
        params = {k: v for k, v in query.items() if v}
        if note.name_other:
            params["name_other"] = "true"
        page = served.client.get(f"/notes/{note.kind}", params=params)
        assert page.status_code == 200, (note, page.text)
        assert textarea(page.text) == served.av.other_note(note).draft.body


def test_leverage_names_the_employer_only_when_asked(served: Served) -> None:
    plain = textarea(served.client.get("/notes/leverage?application=acme-de").text)
    named = textarea(served.client.get("/notes/leverage?application=acme-de&name_other=true").text)
    assert "Globex" not in plain
    assert "Globex" in named


def test_a_reference_alert_is_edited_sent_once_and_shown_as_sent(served: Served) -> None:
    page = served.client.get(ALERT).text
    edited = textarea(page).replace("Thank you so much", "Thank you very much")
    assert ("alert_references", "northwind-ae", "dana-kim") in open_actions(served)

    status, url, shown = post(
        served,
        "/notes/reference_alert/send",
        application="northwind-ae",
        contact="dana-kim",
        subject="Northwind may call you",
        text=edited,
    )

    assert status == 200
    assert url.endswith(ALERT.replace("&", "&"))
    (mail,) = served.inbox.messages
    assert mail["To"].endswith("<dana@brightline.example.com>")
    assert mail["Subject"] == "Northwind may call you"
    assert "Thank you very much for your support" in mail.get_content()
    # The page now shows what went out, not a fresh draft.
    assert 'id="note-text"' not in shown
    assert "Sent today to Dana Kim by email" in shown
    assert "Thank you very much for your support" in html.unescape(shown)
    assert mail["Message-ID"] in html.unescape(shown)
    # The alert is recorded: its action leaves Today, with the touch the planner reads.
    assert ("alert_references", "northwind-ae", "dana-kim") not in open_actions(served)
    (touch,) = logged_today(served, TouchKind.REFERENCE_ALERT)
    assert (touch.application, touch.contact, touch.medium) == (
        "northwind-ae",
        "dana-kim",
        Medium.EMAIL,
    )

    again, _, refused = post(
        served, "/notes/reference_alert/send", application="northwind-ae",
        contact="dana-kim", text=edited,
    )  # fmt: skip
    assert again == 400
    assert "already sent" in refused
    assert len(served.inbox.messages) == 1


def test_a_note_with_problems_comes_back_as_typed_and_goes_only_when_forced(
    served: Served,
) -> None:
    draft = textarea(served.client.get(ALERT).text)
    typed = draft.replace("Dear Dana,", "Dear Dona,") + "\nP.S. Teh call may come soon.\n"

    status, _, page = post(
        served, "/notes/reference_alert/send", application="northwind-ae",
        contact="dana-kim", subject="A call may come", text=typed,
    )  # fmt: skip

    assert status == 400
    assert "Not sent." in page
    assert "held back by proofreading" in page
    assert textarea(page) == typed  # nothing the user typed is lost
    assert 'value="A call may come"' in page
    assert "Teh" in html.unescape(page)
    assert served.inbox.messages == []

    forced, _, sent = post(
        served, "/notes/reference_alert/send", application="northwind-ae",
        contact="dana-kim", text=typed, force="true",
    )  # fmt: skip
    assert forced == 200
    assert "Sent today" in sent
    assert "Teh call" in served.inbox.messages[0].get_content()


def test_a_note_sent_another_way_is_marked_sent_with_an_undo(served: Served) -> None:
    before = open_actions(served)
    assert ("reconnect", "initech-pe", "ana-silva") in before

    status, url, today = post(
        served, "/notes/reconnect/done", application="initech-pe", contact="ana-silva"
    )

    assert status == 200
    assert "/?undo=" in url
    assert "Recorded as sent." in today
    assert "Undo" in today
    assert ("reconnect", "initech-pe", "ana-silva") not in open_actions(served)
    assert ("reconnect", "initech-pe", "tom-becker") in open_actions(served)
    (touch,) = logged_today(served, TouchKind.NETWORK)
    assert (touch.contact, touch.application) == ("ana-silva", "initech-pe")
    assert served.inbox.messages == []


def test_a_phone_contact_gets_a_script_and_i_called_them(served: Served) -> None:
    page = served.client.get("/notes/call_script?application=northwind-ae").text
    assert "What to say when you call Li Wei" in page
    assert 'name="subject"' not in page
    assert ".pdf" not in page
    assert "Send to" not in page
    (called,) = [f for f in forms(page) if f.action == "/notes/call_script/done"]
    assert called.buttons == ["I called them"]

    status, _, _ = post(served, "/notes/call_script/done", application="northwind-ae")

    assert status == 200
    (touch,) = logged_today(served, TouchKind.CALL)
    assert (touch.application, touch.medium) == ("northwind-ae", Medium.PHONE)
    assert ("follow_up_call", "northwind-ae", None) not in open_actions(served)


def test_hooli_prefers_the_phone_so_its_follow_up_is_a_script(served: Served) -> None:
    page = served.client.get("/notes/follow_up?application=hooli-de").text
    assert "What to say when you call Ken Ito" in page
    assert 'name="subject"' not in page
    assert "Ken Ito" in textarea(page)


def test_a_follow_up_too_soon_is_refused_with_a_choice(served: Served) -> None:
    # Acme interviewed yesterday; a call today is allowed (with advice), a follow-up on top
    # of it would be nagging (S13).
    called, _, today = post(served, "/notes/call_script/done", application="acme-de")
    assert called == 200
    assert "the playbook suggests calling Acme Corp from" in today
    status, _, page = post(served, "/notes/follow_up/done", application="acme-de")
    assert status == 400
    assert "Do it anyway" in page  # the playbook advises against it; the user decides
    assert logged_today(served, TouchKind.FOLLOW_UP) == []
    text = textarea(served.client.get("/notes/follow_up?application=acme-de").text)
    refused, _, again = post(served, "/notes/follow_up/send", application="acme-de", text=text)
    assert refused == 400
    assert "Not sent." in again
    assert served.inbox.messages == []
    assert textarea(again) == text
    (anyway,) = [f for f in forms(again) if f.buttons == ["Do it anyway"]]
    assert anyway.fields["force"] == "true"
    assert anyway.fields["text"] == text
    forced, _, sent = post(served, anyway.action, **{
        k: v for k, v in anyway.fields.items() if k != "csrf"
    })  # fmt: skip
    assert forced == 200
    assert "Sent today to Jane Doe by email" in sent
    assert len(served.inbox.messages) == 1


def test_a_letter_is_printed_as_edited(served: Served) -> None:
    page = served.client.get("/notes/leverage?application=northwind-ae").text
    assert "To Li Wei by post" in page
    text = textarea(page).replace("I look forward", "I so look forward")
    token = csrf(served.client, "/")
    pdf = served.client.post(
        "/notes/leverage/letter.pdf",
        data={"csrf": token, "application": "northwind-ae", "text": text},
    )
    assert pdf.headers["content-type"] == "application/pdf"
    assert 'filename="leverage-li-wei.pdf"' in pdf.headers["content-disposition"]
    printed = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "I so look forward" in " ".join(printed.split())
    assert "Northwind Analytics" in printed


def test_a_letter_sent_by_post_waits_in_the_outbox_folder(served: Served) -> None:
    text = textarea(served.client.get("/notes/leverage?application=northwind-ae").text)
    status, _, page = post(served, "/notes/leverage/send", application="northwind-ae", text=text)
    assert status == 200
    assert "Sent today to Li Wei by post" in page
    (letter,) = (served.home / "outbox").glob("leverage-northwind-ae-li-wei-*.pdf")
    assert "The letter is ready to print" in page
    assert letter.name in page
    assert ("leverage_offer", "northwind-ae", None) not in open_actions(served)


def test_bad_requests_say_what_is_wrong_in_a_page(served: Served) -> None:
    unknown = served.client.get("/notes/haiku")
    assert unknown.status_code == 404
    assert "no note of kind" in unknown.text
    assert unknown.headers["content-type"].startswith("text/html")
    nobody = served.client.get("/notes/keep_in_touch")
    assert nobody.status_code == 400
    assert "contact" in nobody.text
    unfit = served.client.get("/notes/reconnect?application=acme-de&contact=jane-doe")
    assert unfit.status_code == 400
    assert "rejected" in unfit.text  # the reconnect note is for a closed application


def test_the_thank_you_editor_shows_what_was_sent(served: Served) -> None:
    url = "/interviews/acme-1/notes?contact=omar-said"
    text = textarea(served.client.get(url).text).replace("Thank you", "Many thanks", 1)
    status, _, page = post(
        served, "/interviews/acme-1/notes/send", contact="omar-said", text=text, force="true"
    )
    assert status == 200
    assert 'id="note-text"' not in page
    assert "Sent to Omar Said on" in page
    assert "Many thanks" in html.unescape(page)
    assert "It will not be sent twice." in page
    # The other interviewer's tab still opens on a fresh draft.
    other = served.client.get("/interviews/acme-1/notes?contact=priya-natarajan").text
    assert 'id="note-text"' in other


def test_a_thank_you_sent_to_a_duplicate_stays_sent_after_the_merge(served: Served) -> None:
    served.av.add_contact(AddContact("Omar Said", "omar-s", company="Acme Corp"))
    url = "/interviews/acme-1/notes?contact=omar-said"
    text = textarea(served.client.get(url).text).replace("Thank you", "Many thanks", 1)
    post(served, "/interviews/acme-1/notes/send", contact="omar-said", text=text, force="true")

    merged, _, _ = post(served, "/contacts/omar-s/merge", other="omar-said", keep="this")

    assert merged == 200
    page = served.client.get("/interviews/acme-1/notes?contact=omar-s").text
    assert "Sent to Omar Said on" in page
    assert "Many thanks" in html.unescape(page)
    (entry,) = [e for e in served.av.ports.reader.load_outbox() if e.contact_id == "omar-s"]
    assert entry.key == "thank_you/acme-1/omar-s"
    assert len(served.inbox.messages) == 1


def test_a_refused_thank_you_comes_back_as_typed_in_its_editor(served: Served) -> None:
    url = "/interviews/acme-1/notes?contact=omar-said"
    typed = textarea(served.client.get(url).text) + "\nP.S. Teh whiteboard was fun.\n"

    status, _, page = post(
        served, "/interviews/acme-1/notes/send", contact="omar-said", text=typed, subject="Hi"
    )

    assert status == 400
    assert "Not sent." in page
    assert "held back by proofreading" in page
    assert textarea(page) == typed
    assert 'value="Hi"' in page
    (anyway,) = [f for f in forms(page) if f.buttons == ["Send anyway"]]
    assert anyway.action == "/interviews/acme-1/notes/send"
    assert anyway.fields["text"] == typed
    # The tabs still lead to each interviewer's note from the refused page.
    assert 'href="/interviews/acme-1/notes?contact=priya-natarajan"' in page
    assert served.inbox.messages == []


def test_the_thank_you_editor_opens_on_the_first_note_still_owed(served: Served) -> None:
    page = served.client.get("/interviews/acme-1/notes").text  # Jane Doe was thanked
    assert re.search(r'id="tab-omar-said"[^>]*aria-selected="true"', page)
    assert "Your note to Omar Said" in page


def test_a_script_is_ready_to_say_not_to_send(served: Served) -> None:
    page = served.client.get("/notes/call_script?application=northwind-ae").text
    assert "Ready to say:" in page
    assert "Ready to send" not in page
    token = csrf(served.client, "/")
    proof = served.client.post(
        "/notes/call_script/proof",
        data={"csrf": token, "application": "northwind-ae", "text": "Hello Li.", "spoken": "true"},
    )
    assert "to look at before you call." in proof.text
