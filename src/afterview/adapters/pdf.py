"""Letters and faxes as print-ready PDFs (docs/contracts.md, `send` by mail or fax).

Drawn with fpdf2 rather than WeasyPrint: fpdf2 imports in about 0.4 s here and
WeasyPrint in about 1 s, and a business letter needs boxes of text at fixed places,
not HTML layout. The recipient block sits where a window envelope shows it: DIN 5008
form B on A4 (20 mm from the left edge, 45 mm from the top), a US #10 window on US
Letter (1 in from the left, 2 in from the top). Fold marks show where to fold.

Above it come the sender's block and the date, as the letter's layout says
(docs/contracts.md, `send`): flush left in American block format, at the right in the
British convention. A fax's cover sheet counts its pages as they are printed: the
letter is laid out first, and the cover says how many pages the two make.

Text is set in DejaVu Serif when its TTF files are on the system, so any name prints.
fpdf2's core fonts know Latin-1 only: without DejaVu the letter falls back to Times,
with accents outside Latin-1 stripped and other characters replaced by "?".

The same letter gives the same bytes: the creation date is a constant, so a re-sent
letter can be compared with the one in the outbox.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from afterview.domain.letters import A4, BLOCK, US_LETTER, Fax, Letter

DEJAVU_DIRS: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
)
CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
FONT = "Letter"
CORE_FONT = "Times"
TYPOGRAPHY = str.maketrans(  # typographic marks Latin-1 lacks, as their plain forms
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2026": "...",
        "\u2022": "-",
    }
)
BODY_SIZE = 11
LINE = 5.2  # mm between baselines at 11 pt
PARAGRAPH_GAP = 3.5
SIGNATURE_SPACE = 16
WINDOW_WIDTH = 85
"""The recipient block's width: a long line wraps inside the envelope's window."""
COVER_LABEL_WIDTH = 30
COVER_SIZE = 13
COVER_LINE = 6.5
"""Between the lines of one cover field: closer than between two fields."""
COVER_FIELD_GAP = 3


@dataclass(frozen=True)
class _Paper:
    """Where things go on one paper size, in millimetres from the top left corner."""

    name: str
    width: float
    left: float
    right: float
    top: float
    window_x: float
    window_y: float
    window_height: float
    folds: tuple[float, ...]


A4_PAPER = _Paper(A4, 210, 25, 20, 15, 25, 50, 40, (105, 210))
US_LETTER_PAPER = _Paper(US_LETTER, 215.9, 25.4, 25.4, 15, 25.4, 50.8, 32, (93.1, 186.3))
PAPERS = {paper.name: paper for paper in (A4_PAPER, US_LETTER_PAPER)}


class FpdfPrinter:
    """The `LetterPrinter` afterview uses: letters and faxes as PDF bytes."""

    def letter(self, letter: Letter) -> bytes:
        """A print-ready letter on its paper (A4 or US Letter)."""
        pdf = _document(letter.paper)
        _write_letter(pdf, letter, PAPERS[letter.paper])
        return bytes(pdf.output())

    def fax(self, fax: Fax) -> bytes:
        """A fax: the cover sheet, saying how many pages it and the letter make, then
        the letter."""
        paper = PAPERS[fax.letter.paper]
        letter_pages = _pages_of_letter(fax.letter, paper)
        total = 1 + letter_pages
        while True:  # the cover's own length is known once it is laid out
            pdf = _document(paper.name)
            _write_cover(pdf, fax.cover_with_pages(total), paper)
            cover_pages = pdf.page
            _write_letter(pdf, fax.letter, paper)
            if cover_pages + letter_pages == total:
                return bytes(pdf.output())
            total = cover_pages + letter_pages


def dejavu_dir() -> Path | None:
    return next((d for d in DEJAVU_DIRS if (d / "DejaVuSerif.ttf").is_file()), None)


class _LetterPdf(FPDF):
    """An FPDF that knows whether it may print any character or only Latin-1."""

    def __init__(self, paper: _Paper) -> None:
        super().__init__(unit="mm", format=paper.name)
        self.unicode_font = dejavu_dir()
        if self.unicode_font is not None:
            self.add_font(FONT, "", self.unicode_font / "DejaVuSerif.ttf")
            self.add_font(FONT, "B", self.unicode_font / "DejaVuSerif-Bold.ttf")

    def use(self, size: float, bold: bool = False) -> None:
        family = FONT if self.unicode_font is not None else CORE_FONT
        self.set_font(family, "B" if bold else "", size)

    def printable(self, text: str) -> str:
        if self.unicode_font is not None:
            return text
        return "".join(_latin1(char) for char in text.translate(TYPOGRAPHY))


def _latin1(char: str) -> str:
    if ord(char) < 256:
        return char
    base = unicodedata.normalize("NFKD", char)[0]
    return base if ord(base) < 256 else "?"


def _document(paper: str) -> _LetterPdf:
    pdf = _LetterPdf(PAPERS[paper])
    pdf.set_creation_date(CREATED)
    pdf.set_margins(PAPERS[paper].left, PAPERS[paper].top, PAPERS[paper].right)
    pdf.set_auto_page_break(auto=True, margin=20)
    return pdf


def _pages_of_letter(letter: Letter, paper: _Paper) -> int:
    pdf = _document(paper.name)
    _write_letter(pdf, letter, paper)
    return pdf.page


def _write_letter(pdf: _LetterPdf, letter: Letter, paper: _Paper) -> None:
    """Sender, date, inside address, salutation, body, closing: in this order, top down."""
    pdf.add_page()
    _fold_marks(pdf, paper)
    align = "L" if letter.layout == BLOCK else "R"
    _sender_block(pdf, letter, paper, align)
    pdf.use(BODY_SIZE)
    pdf.ln(LINE / 2)
    _text_line(pdf, letter.date_text, align=align)
    _recipient_block(pdf, letter.recipient_lines, paper, below=pdf.get_y() + LINE / 2)
    pdf.set_xy(paper.left, max(paper.window_y + paper.window_height + 6, pdf.get_y() + LINE))
    _text_line(pdf, letter.salutation)
    pdf.ln(PARAGRAPH_GAP)
    for paragraph in letter.paragraphs:
        pdf.multi_cell(0, LINE, pdf.printable(paragraph), align="L")
        pdf.ln(PARAGRAPH_GAP)
    _signature(pdf, letter)


def _fold_marks(pdf: _LetterPdf, paper: _Paper) -> None:
    pdf.set_draw_color(150)
    pdf.set_line_width(0.2)
    for y in paper.folds:
        pdf.line(4, y, 9, y)
    pdf.set_draw_color(0)


def _sender_block(pdf: _LetterPdf, letter: Letter, paper: _Paper, align: str) -> None:
    pdf.set_xy(paper.left, paper.top)
    pdf.use(13, bold=True)
    _text_line(pdf, letter.sender_name, align=align, height=6.5)
    pdf.use(9.5)
    for line in letter.sender_lines:
        _text_line(pdf, line, align=align, height=4.3)


def _recipient_block(pdf: _LetterPdf, lines: Sequence[str], paper: _Paper, below: float) -> None:
    """The inside address, in the envelope's window (lower only if the sender's block
    and the date need the room above it)."""
    pdf.use(BODY_SIZE)
    pdf.set_xy(paper.window_x, max(paper.window_y, below))
    for line in lines:
        pdf.set_x(paper.window_x)
        pdf.multi_cell(WINDOW_WIDTH, LINE, pdf.printable(line), new_x="LMARGIN", new_y="NEXT")


def _signature(pdf: _LetterPdf, letter: Letter) -> None:
    if pdf.will_page_break(LINE * 2 + SIGNATURE_SPACE):
        pdf.add_page()
    _text_line(pdf, letter.closing)
    pdf.ln(SIGNATURE_SPACE)
    _text_line(pdf, letter.signature_name)


def _text_line(
    pdf: _LetterPdf, text: str, align: str = "L", width: float = 0, height: float = LINE
) -> None:
    pdf.cell(width, height, pdf.printable(text), align=align, new_x="LMARGIN", new_y="NEXT")


def _write_cover(pdf: _LetterPdf, cover_lines: Sequence[tuple[str, str]], paper: _Paper) -> None:
    pdf.add_page()
    pdf.set_xy(paper.left, paper.top + 10)
    pdf.use(48, bold=True)
    _text_line(pdf, "FAX", height=20)
    pdf.set_line_width(0.8)
    pdf.line(paper.left, pdf.get_y() + 2, paper.width - paper.right, pdf.get_y() + 2)
    pdf.ln(12)
    value_x = paper.left + COVER_LABEL_WIDTH
    for label, value in cover_lines:
        top = pdf.get_y()
        pdf.use(COVER_SIZE, bold=True)
        pdf.set_xy(paper.left, top)
        pdf.cell(COVER_LABEL_WIDTH, COVER_LINE, pdf.printable(f"{label}:"))
        pdf.use(COVER_SIZE)
        pdf.set_xy(value_x, top)  # a long value wraps in its own column, never under the label
        pdf.multi_cell(
            paper.width - paper.right - value_x,
            COVER_LINE,
            pdf.printable(value),
            align="L",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.set_y(pdf.get_y() + COVER_FIELD_GAP)
    pdf.set_line_width(0.2)
    pdf.line(paper.left, pdf.get_y() + 4, paper.width - paper.right, pdf.get_y() + 4)
