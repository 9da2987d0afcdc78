"""Letters and faxes as PDFs, read back with pypdf: what the recipient sees, where."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from dataclasses import replace

import pytest
from pypdf import PdfReader

from afterview.adapters import pdf
from afterview.domain.letters import BLOCK, BRITISH, Fax, Letter, letter_of, paper_for
from afterview.domain.model import Contact, Profile

POINTS_PER_MM = 72 / 25.4
PARAGRAPHS = [
    "Thank you for meeting with me on November 20 about the Senior Data Engineer role. "
    "I enjoyed hearing how your team is moving the lake to Iceberg.",
    "I cut pipeline costs 40% at Brightline by moving batch jobs to streaming.",
    "I would welcome the chance to continue the conversation.",
]
COVER = [
    ("To", "Marta López, Acme Corp"),
    ("Fax", "+1 217 555 0100"),
    ("From", "Zoë Kowalczyk"),
    ("Date", "November 25, 2026"),
    ("Pages", "2, including this cover sheet"),
    ("Re", "Thank you for the Senior Data Engineer interview"),
]
needs_dejavu = pytest.mark.skipif(pdf.dejavu_dir() is None, reason="DejaVu fonts not installed")
DAY = dt.date(2026, 11, 25)
PRINTER = pdf.FpdfPrinter()


def letter_pdf(letter: Letter, paper: str) -> bytes:
    return PRINTER.letter(replace(letter, paper=paper))


def fax_pdf(cover: list[tuple[str, str]], letter: Letter, paper: str) -> bytes:
    return PRINTER.fax(Fax(tuple(cover), replace(letter, paper=paper)))


def body(salutation: str, paragraphs: list[str], closing: str, name: str) -> str:
    """A letter as the templates draft it: greeting, paragraphs, sign-off, typed name."""
    return "\n\n".join([salutation, *paragraphs, f"{closing}\n{name}"]) + "\n"


def make_letter(name: str = "Marta López", sender: str = "Zoë Kowalczyk") -> Letter:
    profile = Profile(
        name=sender,
        email="zoe@example.com",
        phone="+1 415 555 0100",
        address="12 Elm St\nOakland, CA 94607",
    )
    contact = Contact(
        id="marta",
        name=name,
        title="Director of Data Engineering",
        address="1 Main St\nSuite 400\nSpringfield, IL 62701",
    )
    text = body(f"Dear {name}:", PARAGRAPHS, "Sincerely,", sender)
    return letter_of(profile, contact, "Acme Corp", text, DAY)


def pages_of(document: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(document))


def text_of(document: bytes, page: int = 0) -> str:
    return " ".join(pages_of(document).pages[page].extract_text().split())


def placed_lines(document: bytes, page: int = 0) -> dict[str, tuple[float, float]]:
    """Each line of text on the page and where it starts: (x, y from the top), in mm."""
    reader = pages_of(document)
    height = float(reader.pages[page].mediabox.height)
    placed: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: object, tm: list[float], font: object, size: object) -> None:
        if text.strip():
            placed.setdefault(
                text.strip(), (tm[4] / POINTS_PER_MM, (height - tm[5]) / POINTS_PER_MM)
            )

    reader.pages[page].extract_text(visitor_text=visit)
    return placed


def test_letter_of_gathers_the_blocks_from_profile_and_contact() -> None:
    letter = make_letter()
    assert letter.sender_lines == (
        "12 Elm St",
        "Oakland, CA 94607",
        "+1 415 555 0100",
        "zoe@example.com",
    )
    assert letter.recipient_lines == (
        "Marta López",
        "Director of Data Engineering",
        "Acme Corp",
        "1 Main St",
        "Suite 400",
        "Springfield, IL 62701",
    )
    assert letter.signature_name == "Zoë Kowalczyk"


def test_letter_of_leaves_out_what_is_not_recorded() -> None:
    letter = letter_of(
        Profile(name="Sam Lee", country="GB"),
        Contact(id="x", name="Ann Roe"),
        "Acme",
        body("Dear Ann:", [], "Best,", "Sam Lee"),
        dt.date(2026, 5, 1),
    )
    assert letter.sender_lines == ()
    assert letter.recipient_lines == ("Ann Roe", "Acme")
    assert (letter.date_text, letter.paper) == ("1 May 2026", "A4")


def test_letter_of_reads_the_drafted_text_block_by_block() -> None:
    letter = make_letter()
    assert letter.salutation == "Dear Marta López:"
    assert letter.paragraphs == tuple(PARAGRAPHS)
    assert (letter.closing, letter.date_text, letter.paper) == (
        "Sincerely,",
        "November 25, 2026",
        "Letter",
    )


@pytest.mark.parametrize(
    ("country", "paper"), [("US", "Letter"), ("ca", "Letter"), ("DE", "A4"), ("GB", "A4")]
)
def test_paper_follows_the_country(country: str, paper: str) -> None:
    assert paper_for(country) == paper


@pytest.mark.parametrize(("paper", "size"), [("Letter", (612, 792)), ("A4", (595, 842))])
def test_page_size_matches_the_paper(paper: str, size: tuple[int, int]) -> None:
    box = pages_of(letter_pdf(make_letter(), paper)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_letter_reads_sender_date_recipient_salutation_body_closing_in_order(paper: str) -> None:
    text = text_of(letter_pdf(make_letter(), paper))
    parts = [
        "Zoë Kowalczyk",
        "November 25, 2026",
        "Acme Corp 1 Main St Suite 400 Springfield, IL 62701",
        "Dear Marta",
        *(" ".join(paragraph.split()[:6]) for paragraph in PARAGRAPHS),
        "Sincerely,",
    ]
    positions = [text.find(part) for part in parts]
    assert -1 not in positions, (parts, text)
    assert positions == sorted(positions)
    assert text.rstrip().endswith("Kowalczyk")


@pytest.mark.parametrize(
    ("paper", "window"),
    [
        ("A4", (20.0, 105.0, 45.0, 90.0)),  # DIN 5008 form B window
        ("Letter", (20.0, 120.0, 48.0, 85.0)),  # US #10 window, letter folded in three
    ],
)
def test_recipient_block_shows_through_the_envelope_window(
    paper: str, window: tuple[float, float, float, float]
) -> None:
    left, right, top, bottom = window
    placed = placed_lines(letter_pdf(make_letter(name="Ann Roe"), paper))
    for line in make_letter(name="Ann Roe").recipient_lines:
        x, y = placed[line]
        assert left <= x <= right
        assert top <= y <= bottom


def test_fax_has_the_cover_sheet_first_then_the_letter() -> None:
    document = fax_pdf(COVER, make_letter(), "Letter")
    assert len(pages_of(document).pages) >= 2
    cover = text_of(document, 0)
    assert cover.startswith("FAX")
    assert "Fax: +1 217 555 0100" in cover
    assert "Re: Thank you for the Senior Data Engineer interview" in cover
    assert "Springfield, IL 62701" in text_of(document, 1)
    assert "Sincerely," in text_of(document, len(pages_of(document).pages) - 1)


def test_a_long_letter_flows_onto_a_second_page_and_keeps_its_signature() -> None:
    long_letter = replace(make_letter(), paragraphs=tuple(PARAGRAPHS * 12))
    reader = pages_of(letter_pdf(long_letter, "A4"))
    assert len(reader.pages) >= 2
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Sincerely," in last
    assert last.endswith("Kowalczyk")


@needs_dejavu
def test_names_beyond_ascii_survive() -> None:
    text = text_of(letter_pdf(make_letter(name="Antonín Dvořák"), "A4"))
    assert "Antonín Dvořák" in text
    assert "Zoë Kowalczyk" in text


def test_without_dejavu_the_core_font_keeps_latin1_and_strips_other_accents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf, "DEJAVU_DIRS", ())
    letter = make_letter(name="Antonín Dvořák")
    text = text_of(letter_pdf(letter, "A4"))
    assert "Antonín Dvorák" in text  # í and á are Latin-1; ř is not
    assert "Zoë Kowalczyk" in text


def test_same_letter_gives_the_same_bytes() -> None:
    assert letter_pdf(make_letter(), "A4") == letter_pdf(make_letter(), "A4")
    assert fax_pdf(COVER, make_letter(), "Letter") == fax_pdf(COVER, make_letter(), "Letter")
    assert letter_pdf(make_letter(), "A4") != letter_pdf(make_letter(name="Ann Roe"), "A4")


def test_us_block_format_puts_sender_then_date_then_inside_address_all_flush_left() -> None:
    letter = make_letter(name="Ann Roe")
    assert letter.layout == BLOCK
    placed = placed_lines(letter_pdf(letter, "Letter"))
    sender, date = placed["Zoë Kowalczyk"], placed["November 25, 2026"]
    inside, salutation = placed["Ann Roe"], placed["Dear Ann Roe:"]
    assert sender[1] < date[1] < inside[1] < salutation[1]
    for x, _ in (sender, date, inside, salutation, placed["zoe@example.com"]):
        assert x == pytest.approx(25.4, abs=1.5)  # the left margin: block format


def test_british_letters_put_address_and_date_at_the_right_above_the_inside_address() -> None:
    profile = Profile(
        name="Zoë Kowalczyk",
        email="zoe@example.co.uk",
        address="14 Fitzroy Square\nLondon",
        country="GB",
    )
    contact = Contact(id="lan", name="Nguyễn Thị Lan", address="30 St Mary Axe\nLondon")
    text = body("Dear Nguyễn Thị Lan,", PARAGRAPHS, "Yours sincerely,", "Zoë Kowalczyk")
    letter = letter_of(profile, contact, "Acme Corp", text, DAY)
    assert (letter.layout, letter.paper, letter.date_text) == (BRITISH, "A4", "25 November 2026")
    placed = placed_lines(letter_pdf(letter, "A4"))
    sender, date = placed["Zoë Kowalczyk"], placed["25 November 2026"]
    inside = placed["Acme Corp"]
    assert sender[1] < date[1] < inside[1]
    assert sender[0] > 105  # the right half of the page
    assert date[0] > 105
    assert inside[0] == pytest.approx(25, abs=1.5)
    assert placed["Yours sincerely,"][1] > placed["Dear Nguyễn Thị Lan,"][1]


@pytest.mark.parametrize(("repeat", "at_least"), [(1, 2), (12, 3), (30, 5)])
def test_the_fax_cover_counts_its_pages_as_printed(repeat: int, at_least: int) -> None:
    letter = replace(make_letter(), paragraphs=tuple(PARAGRAPHS * repeat))
    document = fax_pdf(COVER, letter, "Letter")
    pages = len(pages_of(document).pages)
    assert pages >= at_least
    assert f"Pages: {pages}, including this cover sheet" in text_of(document, 0)


def test_a_cover_without_a_pages_line_gets_one_before_re() -> None:
    cover = [(label, value) for label, value in COVER if label != "Pages"]
    text = text_of(fax_pdf(cover, make_letter(), "A4"), 0)
    assert "Pages: 2, including this cover sheet Re:" in text


def test_a_long_to_wraps_inside_its_own_field_and_never_reaches_the_next() -> None:
    long_to = (
        "The Honorable Margaret Elizabeth Hargreaves-Whitfield III, Senior Managing Partner,"
        " Litigation and Regulatory Affairs, Hargreaves & Whitfield LLP"
    )
    cover = [("To", long_to), *COVER[1:]]
    document = fax_pdf(cover, make_letter(), "Letter")
    placed = placed_lines(document)
    label_x, label_y = placed["To:"]
    value_lines = [(text, at) for text, at in placed.items() if text.split()[0] in long_to]
    value_lines = [(t, at) for t, at in value_lines if t != "To:" and at[1] < placed["Fax:"][1]]
    assert len(value_lines) >= 2  # it wrapped
    assert " ".join(text for text, _ in value_lines) == long_to
    column = label_x + 30
    fax_y = placed["Fax:"][1]
    tops = [at[1] for _, at in value_lines]
    for _, (x, y) in value_lines:
        assert x == pytest.approx(column, abs=0.5)  # under the value, not under "To:"
        assert label_y - 0.5 <= y < fax_y - 6  # a full line above the next field
    assert all(b - a >= 5 for a, b in itertools.pairwise(tops))  # no overlap
