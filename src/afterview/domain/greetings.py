"""How a note greets its reader, and how a letter takes its leave (S6, S7).

`greeting` gives the words after "Dear ": the contact's own `greeting` when the user
recorded one, always; otherwise what their name says. nameparser reads the name
(titles, suffixes, nicknames, particles); the rules here decide what to make of it:

- A title (Dr., Prof., Judge, Rev., a rank...) gives "Title Family-name" ("Dr. Katz",
  "Judge Mendes"), by email as on paper: a judge is not greeted by first name.
- "Sir" and "Dame" go with the given name ("Sir Ian").
- A courtesy honorific (Mr., Ms., and those of other languages: M., Mme, Herr, Frau,
  Sr., Sra.) is never read as an initial; on paper it gives "Ms. Natarajan".
- An email greets by the given name (or nickname) when the name says it surely;
  a letter or a fax greets formally: the honorific or title with the family name,
  else the full name ("Dear Carol Mendes:"), never a guessed Mr. or Ms.
- When the parse is unsure, the full name is used and no given name is guessed: a
  name written family name first (Han, Hangul or Kana script, Vietnamese letters, or
  a first word among the most common family names of Vietnam, Korea, China, Japan
  and Hungary), a given name of initials only, a single word, more than three words,
  or a name nameparser itself calls ambiguous.

The country of the user's profile sets the style: American (US, Canada, the
Philippines) writes "Dr." with a period, "Dear ...:" and "Sincerely,"; the British
style everywhere else writes "Dr" without one, "Dear ...," and "Yours sincerely,"
("Yours faithfully," to "Sir or Madam").
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

from nameparser import HumanName, parse

from afterview.domain.model import Contact

AMERICAN_STYLE = frozenset({"US", "CA", "PH"})
"""Countries whose business letters follow American usage."""

COURTESY = frozenset({"mr", "mrs", "ms", "miss", "mx", "master"})
FOREIGN_COURTESY = frozenset(
    {
        "m",  # Monsieur
        "mme",
        "mlle",
        "herr",
        "frau",
        "sr",  # Señor (a suffix "Sr." comes after the name, not before it)
        "sra",
        "srta",
        "sig",
        "sig.ra",
        "signor",
        "signora",
        "dhr",
        "mevr",
    }
)
"""Honorifics of other languages, greeted as written: "M." here is Monsieur, not an initial."""
KNIGHTED = frozenset({"sir", "dame"})
"""Titles that go with the given name: "Sir Ian", never "Sir McKellen"."""
NOT_IN_SALUTATION = frozenset({"ret", "retd", "retired", "hon", "honorable", "honourable", "the"})
"""Title words an address may carry but a salutation does not ("The Hon.", "(Ret.)")."""
CREDENTIALS_KEPT = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
"""Suffixes that are part of a name (kept in a full name); degrees like PhD are not."""
UNDOTTED_IN_BRITISH_STYLE = frozenset({"mr", "mrs", "ms", "mx", "dr", "prof", "rev", "st"})
DOTTED_IN_AMERICAN_STYLE = UNDOTTED_IN_BRITISH_STYLE | {
    "hon",
    "capt",
    "col",
    "gen",
    "lt",
    "maj",
    "sgt",
    "fr",
    "sen",
    "rep",
    "gov",
    "cmdr",
    "adm",
}
MAX_SURE_WORDS = 3
"""A name of more words may hold two given names or two family names: greet it whole."""
SIR_OR_MADAM = "Sir or Madam"

FAMILY_FIRST_SURNAMES = frozenset(
    " ".join(
        (
            # Vietnam: the family names of about nine in ten people.
            "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh",
            # Korea: the most common family names, in their usual spellings.
            "kim lee yi park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim"
            " im han oh seo suh shin kwon hwang ahn an song hong ryu yoo baek nam",
            # China (Pinyin, and the Cantonese spellings of Hong Kong): the largest names.
            "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he lin gao luo"
            " zheng liang xie tang deng feng cao peng zeng xiao tian dong pan yuan cai jiang yu"
            " du ye cheng wei su lu ding ren shen yao zhong cui tan fan fang shi jin liao zou"
            " xiong qiu qin jia xia hou mao duan lei qian tao dai kong bai gu meng chan cheung"
            " chow leung ng tsang wong yip lau lai tse kwok chu",
            # Japan: the largest family names, in Hepburn spelling without long marks.
            "sato suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi kato"
            " yoshida yamada sasaki yamaguchi matsumoto inoue kimura hayashi shimizu yamazaki"
            " mori abe ikeda hashimoto yamashita ishikawa nakajima maeda fujita ogawa goto"
            " okada hasegawa murakami kondo ishii saito sakamoto endo aoki fujii nishimura"
            " fukuda ota miura fujiwara okamoto matsuda nakagawa",
            # Hungary: the most common family names, folded to plain letters.
            "nagy kovacs toth szabo horvath varga kiss molnar nemeth farkas balogh papp takacs"
            " juhasz lakatos meszaros olah racz fekete szilagyi torok feher gal szucs kocsis"
            " fodor sipos magyar lukacs gulyas biro kiraly katona jakab fazekas kelemen orosz"
            " somogyi fulop hegedus deak",
        )
    ).split()
)
"""First words that make a name read as family name first, folded to plain lower case.

A coverage floor from the countries' own rankings of family names, not a census: a
name that merely starts with one (a "Lee Smith") is greeted whole, which is never
wrong, only less familiar."""

FAMILY_FIRST_SCRIPTS = ("CJK UNIFIED", "CJK COMPATIBILITY", "HANGUL", "HIRAGANA", "KATAKANA")
VIETNAMESE_ONLY = frozenset("ơưƠƯ")
"""With the letters U+1EA0 to U+1EF9 (ạ, ả, ấ, ễ, ố, ự...), written only in Vietnamese."""


@dataclass(frozen=True)
class _Reading:
    """What a name says, and how sure of it the parse is."""

    whole: str
    """The name without its titles, honorifics and degrees."""
    title: str | None
    honorific: str | None
    given: str | None
    """The given name (or nickname) to greet by; None when unsure."""
    family: str | None
    """The family name; None when unsure which it is."""


def greeting(contact: Contact, formal: bool, country: str) -> str:
    """The words after "Dear ": formal for a letter or a fax, else as an email greets."""
    if contact.greeting:
        return contact.greeting
    return greeting_for_name(contact.name, formal, country)


def greeting_for_name(name: str, formal: bool, country: str) -> str:
    """`greeting` for a bare name, with no greeting of the person's own recorded."""
    if not any(char.isalpha() for char in name):
        return SIR_OR_MADAM if formal else name.strip()
    reading = _read(name)
    american = country.upper() in AMERICAN_STYLE
    if reading.title is not None:
        title = _styled(reading.title, american)
        if reading.title.rstrip(".").lower() in KNIGHTED:
            return f"{title} {reading.given or reading.whole}"
        return f"{title} {reading.family or reading.whole}"
    if not formal and reading.given is not None:
        return reading.given
    if reading.honorific is not None:
        honorific = _styled(reading.honorific, american)
        return f"{honorific} {reading.family or reading.whole}"
    return reading.whole


def given_name(name: str) -> str:
    """The name to greet someone by informally: their given name when the name says it
    surely, else the whole name (never a title or an honorific alone)."""
    if not any(char.isalpha() for char in name):
        return name.strip()
    reading = _read(name)
    return reading.given or reading.whole


def complimentary_close(country: str, greeted: str) -> str:
    """How a business letter takes its leave, in the country's usage."""
    if country.upper() in AMERICAN_STYLE:
        return "Sincerely,"
    return "Yours faithfully," if greeted == SIR_OR_MADAM else "Yours sincerely,"


def salutation_mark(country: str) -> str:
    """What follows the name after "Dear": a colon in American business letters, else a comma."""
    return ":" if country.upper() in AMERICAN_STYLE else ","


@functools.lru_cache(maxsize=4096)
def _read(name: str) -> _Reading:
    """The name, read once per process: a panel's notes are drawn many times, and
    nameparser's parse was half the drafting time."""
    words = name.split()
    honorifics: list[str] = []
    while len(words) > 1 and _bare(words[0]) in COURTESY | FOREIGN_COURTESY:
        honorifics.append(words.pop(0))
    rest = " ".join(words)
    parsed = HumanName(rest)
    titles = [word for word in parsed.title.split() if _bare(word) not in NOT_IN_SALUTATION]
    for word in list(titles):
        if _bare(word) in COURTESY:
            honorifics.append(word)
            titles.remove(word)
    title = titles[0] if titles else None
    honorific = honorifics[0] if honorifics else None
    if _family_first_script(rest):
        return _Reading(rest, title, honorific, None, None)
    kept = [part for part in parsed.suffix.split(", ") if _bare(part) in CREDENTIALS_KEPT]
    parts = [parsed.first, parsed.middle, parsed.last]
    whole = " ".join(filter(None, [*parts, *kept])) or rest
    name_words = " ".join(filter(None, parts)).split()
    if not name_words:
        return _Reading(whole, title, honorific, None, None)
    if len(name_words) == 1:
        # One word: a family name after a title or an honorific, else any of the two.
        alone = name_words[0]
        return _Reading(whole, title, honorific, None, alone if title or honorific else None)
    unsure_order = (
        len(name_words) > MAX_SURE_WORDS
        or _fold(name_words[0]) in FAMILY_FIRST_SURNAMES
        or any(_vietnamese(char) for char in rest)
        or bool(parse(rest).ambiguities)
    )
    if unsure_order:
        return _Reading(whole, title, honorific, None, None)
    given = None if _initial(parsed.first) else (parsed.nickname or parsed.first)
    return _Reading(whole, title, honorific, given, parsed.last or None)


def _bare(word: str) -> str:
    return word.strip("().,").lower()


def _fold(word: str) -> str:
    """A word in plain lower-case letters: "Nguyễn" is "nguyen", "Kovács" is "kovacs"."""
    decomposed = unicodedata.normalize("NFKD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if char.isalpha() and char.isascii()).lower()


def _initial(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    return len(letters) <= 1 or all(len(piece.strip(".")) <= 1 for piece in word.split("."))


def _vietnamese(char: str) -> bool:
    return char in VIETNAMESE_ONLY or "\u1ea0" <= char <= "\u1ef9"


def _family_first_script(text: str) -> bool:
    """Han, Hangul or Kana: a name written in them puts the family name first."""
    return any(
        not char.isascii() and unicodedata.name(char, "").startswith(FAMILY_FIRST_SCRIPTS)
        for char in text
        if char.isalpha()
    )


def _styled(title: str, american: bool) -> str:
    """A title as the country writes it: "Dr." in American usage, "Dr" in British."""
    bare = title.rstrip(".")
    key = bare.lower()
    if american and key in DOTTED_IN_AMERICAN_STYLE:
        return f"{bare}."
    if not american and key in UNDOTTED_IN_BRITISH_STYLE:
        return bare
    return title


def greeting_values(contact: Contact | None, formal: bool, country: str) -> dict[str, str]:
    """What a note template greets with: `greeting` (the words after "Dear "), `first`
    (the name a phrase may use: "Thank you, Carol"), and, for a letter,
    `salutation_mark` and `complimentary_close`. No contact: the hiring team."""
    if contact is None:
        greeted = informal = "hiring team"
    else:
        greeted = greeting(contact, formal, country)
        informal = greeting(contact, False, country)
    return {
        "greeting": greeted,
        "first": informal,
        "salutation_mark": salutation_mark(country),
        "complimentary_close": complimentary_close(country, greeted),
    }
