"""vCard files as Apple, Google and Outlook export them, and what we write back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import vobject

from afterview.adapters.vcard import read_cards, write_cards
from afterview.domain.model import Medium
from afterview.errors import InvalidInput
from afterview.services.ports import Card
from tests.console import afterview_cli
from tests.factories import make_contact

CARDS = Path(__file__).parent.parent / "data" / "cards"


def cards(name: str) -> list[Card]:
    return read_cards((CARDS / name).read_bytes())


def test_apple_cards_prefer_work_email_and_keep_the_grouped_address() -> None:
    jane, chidi = cards("apple.vcf")
    assert jane == Card(
        name="Jane Doe",
        title="VP Engineering",
        company="Acme Corp",
        email="jane.doe@acme.example.com",
        phone="(415) 555-0100",
        fax="(415) 555-0199",
        address="1 Market St\nSuite 400\nSan Francisco, CA 94105\nUnited States",
    )
    assert (chidi.company, chidi.phone, chidi.email) == ("Globex, Inc.", "(212) 555-0123", None)


def test_google_card() -> None:
    [lena] = cards("google.vcf")
    assert (lena.name, lena.company, lena.title) == ("Lena Schmidt", "Initech", "Hiring Manager")
    assert (lena.email, lena.phone) == ("lena.schmidt@initech.example.com", "+1 312-555-0142")
    assert lena.address == "200 W Madison St\nChicago, IL 60606\nUS"


def test_outlook_2_1_quoted_printable_and_bare_types() -> None:
    [juergen] = cards("outlook.vcf")
    assert juergen.name == "Jürgen Müller"
    assert juergen.company == "Fabrikam Grün"
    assert (juergen.phone, juergen.fax) == ("+1 (206) 555-0100", "+1 (206) 555-0101")
    assert juergen.email == "juergen.mueller@fabrikam.example.com"
    assert juergen.address == (
        "Straße des 17. Juni 1\nHaus B\nSeattle, WA 98101\nUnited States of America"
    )


def test_vcard_4_quoted_types_and_tel_uris() -> None:
    [ana] = cards("v4.vcf")
    assert (ana.phone, ana.fax) == ("+1-555-555-0100", "+1-555-555-0101")
    assert (ana.company, ana.email) == ("Contoso", "ana.lima@contoso.example.com")
    assert ana.address == "1 Contoso Way\nRedmond, WA 98052\nUSA"


def test_latin_1_without_a_charset_is_read_as_latin_1() -> None:
    assert [card.name for card in cards("latin1_plain.vcf")] == ["José Núñez"]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("truncated.vcf", "card 2: truncated (BEGIN:VCARD without END:VCARD)"),
        ("no_fn.vcf", "card 2: no FN (formatted name)"),
        ("latin1_declared_utf8.vcf", "card 1: FN: not UTF-8 text, though its CHARSET says so"),
        ("utf16.vcf", "not a vCard file: not UTF-8 or Latin-1 text (UTF-16? save as UTF-8)"),
    ],
)
def test_malformed_files_name_the_card(name: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        cards(name)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a vCard file: no BEGIN:VCARD"),
        (b"name,email\r\nJane,jane@example.com\r\n", "not a vCard file: 'name,email' is outside"),
        (b"BEGIN:VCARD\r\nFN Jane\r\nEND:VCARD\r\n", "card 1: 'FN Jane' is not a vCard line"),
        (b"END:VCARD\r\n", "card 1: END:VCARD without BEGIN:VCARD"),
    ],
)
def test_what_is_not_a_vcard(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput, match=message.replace("?", r"\?")):
        read_cards(data)


TRICKY = (
    make_contact(
        "jurgen",
        name="Jürgen Müller-Lüdenscheidt, Jr.",
        company="Fabrikam; Grün & Söhne",
        title="Head of Recruiting, EMEA \\ APAC",
        phone="+49 30 901820",
        fax="+49 30 901821",
        address="Straße des 17. Juni 1\nHaus B, 3. OG\n10623 Berlin\nGermany",
        medium=Medium.FAX,
    ),
    make_contact("cher", name="Cher", title=None, company=None, email=None),
)


def test_write_then_read_gives_the_contacts_back() -> None:
    read = read_cards(write_cards(TRICKY))
    assert read == [
        Card(
            c.name,
            c.title,
            c.company,
            c.email,
            c.phone,
            c.fax,
            c.address,
            id=c.id,
            medium=c.medium.value if c.medium else None,
        )
        for c in TRICKY
    ]


def test_written_lines_are_folded_at_75_octets() -> None:
    lines = write_cards(TRICKY).split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert all(line.decode("utf-8") is not None for line in lines)


def test_vobject_reads_what_we_write() -> None:
    jurgen, cher = vobject.readComponents(write_cards(TRICKY).decode("utf-8"))
    assert jurgen.version.value == "3.0"
    assert jurgen.fn.value == TRICKY[0].name
    assert jurgen.org.value == ["Fabrikam; Grün & Söhne"]
    assert jurgen.title.value == TRICKY[0].title
    phones = {",".join(tel.params["TYPE"]): tel.value for tel in jurgen.contents["tel"]}
    assert phones == {"WORK,VOICE": "+49 30 901820", "WORK,FAX": "+49 30 901821"}
    assert jurgen.email.value == TRICKY[0].email
    assert jurgen.adr.value.street == TRICKY[0].address
    assert (cher.fn.value, cher.n.value.family) == ("Cher", "Cher")


def test_carried_ids_and_media_are_afterviews_own_properties() -> None:
    text = write_cards(TRICKY).decode("utf-8")
    assert "X-AFTERVIEW-ID:jurgen\r\n" in text
    assert "X-AFTERVIEW-MEDIUM:fax\r\n" in text
    assert "X-AFTERVIEW-MEDIUM" not in text.split("END:VCARD")[1]  # Cher has none


# Through the commands a user types: exit code 2 and one line naming the card, or
# every field back and no one twice.


def contacts() -> list[dict[str, object]]:
    code, out, err = afterview_cli("export")
    assert code == 0, err
    found: list[dict[str, object]] = json.loads(out)["contacts"]
    return found


def import_refused(tmp_path: Path, data: bytes) -> str:
    cards_file = tmp_path / "cards.vcf"
    cards_file.write_bytes(data)
    code, _, err = afterview_cli("import-vcard", str(cards_file))
    assert code == 2, err
    assert "Traceback" not in err
    assert contacts() == []
    return err


@pytest.mark.parametrize(
    ("card", "message"),
    [
        (b"FN;CHARSET=UTF-7:Jane+2AA-Doe", "card 1: name: contains U+D800, half of a UTF-16 pair"),
        (b"FN;CHARSET=base64:SmFuZQ==", "card 1: FN: unknown CHARSET 'base64'"),
        (b"FN;CHARSET=undefined:Jane", "card 1: FN: not undefined text"),
        (b"FN:Jane\x01Doe", "card 1: name: contains the control character U+0001"),
        (b"FN:Jane Doe\r\nX-AFTERVIEW-ID:jane\\ndoe", "card 1: id: not an id"),
        (b"FN:Jane Doe\r\nX-AFTERVIEW-MEDIUM:pigeon", "card 1: medium: must be one of"),
    ],
)
def test_a_card_that_decodes_to_what_is_not_text_is_refused(
    tmp_path: Path, card: bytes, message: str
) -> None:
    data = b"BEGIN:VCARD\r\nVERSION:2.1\r\n" + card + b"\r\nEND:VCARD\r\n"
    assert message in import_refused(tmp_path, data)


def test_export_vcard_then_import_vcard_keeps_every_field_and_adds_no_one_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, afterview_home: Path
) -> None:
    example = Path(__file__).resolve().parents[1] / "data" / "pipeline.json"
    assert afterview_cli("import", str(example))[0] == 0
    added = afterview_cli(
        "contact", "add", "Cher", "--medium", "phone", "--phone", "+1 415 555 0111"
    )
    assert added[0] == 0, added[2]
    assert afterview_cli("contact", "add", "Cher", "--company", "Globex")[0] == 0
    katz = tmp_path / "katz.json"
    katz.write_text(
        json.dumps(
            {
                "format": "afterview/1",
                "contacts": [{"id": "katz", "name": "Samuel Katz", "greeting": "Dr. Katz"}],
            }
        )
    )
    assert afterview_cli("import", str(katz))[0] == 0
    before = contacts()
    assert {c["id"] for c in before if c.get("medium")} == {"cher"}
    network = tmp_path / "network.vcf"
    assert afterview_cli("export-vcard", "-o", str(network))[0] == 0

    code, out, err = afterview_cli("import-vcard", str(network))
    assert code == 0, err
    assert out.startswith(f"Imported {len(before)} contact(s)")
    assert contacts() == before  # no one twice, nothing changed

    monkeypatch.setenv("AFTERVIEW_HOME", str(afterview_home.parent / "elsewhere"))
    assert afterview_cli("import-vcard", str(network))[0] == 0
    kept = (
        "id", "name", "title", "company", "email", "phone", "address", "fax", "medium", "greeting"
    )  # fmt: skip
    assert [{k: c.get(k) for k in kept} for c in contacts()] == [
        {k: c.get(k) for k in kept} for c in before
    ]
    assert {c["id"]: c.get("greeting") for c in contacts()}["katz"] == "Dr. Katz"


def test_a_card_without_an_id_or_email_finds_the_contact_by_name_and_company(
    tmp_path: Path,
) -> None:
    assert afterview_cli("contact", "add", "Chidi Okafor", "--company", "Globex")[0] == 0
    card = (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Chidi Okafor\r\nORG:Globex\r\nTITLE:CTO\r\nEND:VCARD\r\n"
    )
    cards_file = tmp_path / "chidi.vcf"
    cards_file.write_bytes(card + card)
    code, _, err = afterview_cli("import-vcard", str(cards_file))
    assert code == 0, err
    [chidi] = contacts()
    assert (chidi["name"], chidi["company"], chidi["title"]) == ("Chidi Okafor", "Globex", "CTO")
