"""Importing business cards into a real SQLite store, and exporting them again."""

from __future__ import annotations

from pathlib import Path

import pytest

from afterview.bootstrap import Afterview
from afterview.domain.model import Contact
from afterview.errors import InvalidInput, NotFound
from afterview.services.records import AddContact

CARDS = Path(__file__).parent.parent / "data" / "cards"


def card_file(name: str) -> bytes:
    return (CARDS / name).read_bytes()


def stored(afterview: Afterview) -> dict[str, Contact]:
    return {contact.id: contact for contact in afterview.pipeline().contacts}


def test_cards_become_contacts_with_their_fax_numbers(afterview: Afterview) -> None:
    imported = afterview.import_cards(card_file("apple.vcf") + card_file("outlook.vcf"))
    assert [c.id for c in imported] == ["jane-doe", "chidi-okafor", "jurgen-muller"]
    contacts = stored(afterview)
    assert contacts["jane-doe"].fax == "(415) 555-0199"
    assert contacts["jurgen-muller"].fax == "+1 (206) 555-0101"
    assert contacts["jurgen-muller"].name == "Jürgen Müller"


def test_a_known_email_fills_the_gaps_of_that_contact(afterview: Afterview) -> None:
    afterview.add_contact(
        AddContact("J. Doe", "jane", title="CTO", email="Jane.Doe@ACME.example.com")
    )
    afterview.add_contact(AddContact("Jane Doe"))  # takes the id the card would want
    imported = afterview.import_cards(card_file("apple.vcf"))
    assert [c.id for c in imported] == ["jane", "chidi-okafor"]
    jane = stored(afterview)["jane"]
    assert (jane.name, jane.title, jane.email) == ("J. Doe", "CTO", "Jane.Doe@ACME.example.com")
    assert (jane.company, jane.fax) == ("Acme Corp", "(415) 555-0199")
    assert set(stored(afterview)) == {"jane", "jane-doe", "chidi-okafor"}


def test_a_second_import_adds_nobody_twice(afterview: Afterview) -> None:
    afterview.import_cards(card_file("google.vcf"))
    afterview.import_cards(card_file("google.vcf"))
    assert list(stored(afterview)) == ["lena-schmidt"]


def test_one_bad_card_writes_nothing(afterview: Afterview) -> None:
    with pytest.raises(InvalidInput) as caught:
        afterview.import_cards(card_file("bad_email.vcf"))
    assert str(caught.value).startswith("card 2: email: not an email address")
    assert stored(afterview) == {}


def test_a_malformed_file_writes_nothing(afterview: Afterview) -> None:
    with pytest.raises(InvalidInput, match="card 2: no FN"):
        afterview.import_cards(card_file("no_fn.vcf"))
    assert stored(afterview) == {}


def test_export_then_import_elsewhere_gives_the_same_contacts(
    afterview: Afterview, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    afterview.import_cards(card_file("apple.vcf") + card_file("v4.vcf"))
    exported = afterview.export_cards()
    monkeypatch.setenv("AFTERVIEW_HOME", str(tmp_path / "elsewhere"))
    elsewhere = Afterview()
    try:
        elsewhere.import_cards(exported)
        assert stored(elsewhere) == stored(afterview)
    finally:
        elsewhere.close()


def test_export_named_contacts_only(afterview: Afterview) -> None:
    afterview.import_cards(card_file("apple.vcf"))
    assert afterview.export_cards(["chidi-okafor"]).count(b"BEGIN:VCARD") == 1
    with pytest.raises(NotFound):
        afterview.export_cards(["nobody"])
