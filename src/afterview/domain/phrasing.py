"""The user's own words made into a note's sentences: strengths and topics.

People type a strength the way they would on a CV ("Experienced litigation paralegal
with 12 years in federal court", "Skilled in SQL", "Led a team of 8", "I build data
pipelines") and a topic the way they would jot it down after the interview ("we talked
about my time at Google", "How they plan to scale the team", "their on-call rotation").
A note needs a sentence of each strength, and a phrase of each topic that fits after
"about" or "of". Both are read with closed lists of function words and verb forms: no
language model. When a strength's shape is unclear it gets a frame that is grammatical
whatever it holds ("My strengths include ..."); a strength typed as a first-person
sentence ending in a period is used word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ARTICLES = frozenset({"a", "an", "the"})
DETERMINERS = ARTICLES | frozenset(
    {
        "my", "your", "our", "their", "his", "her", "its", "this", "that", "these", "those",
        "some", "any", "each", "every", "all", "both", "several", "many", "much", "no",
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    }
)  # fmt: skip
PREPOSITIONS = frozenset(
    {
        "in", "at", "with", "about", "on", "to", "for", "by", "from", "of", "as", "across",
        "within", "through", "into", "under", "over", "around", "and", "or", "who", "that",
    }
)  # fmt: skip
ADVERBS = frozenset(
    {"highly", "deeply", "very", "extremely", "fully", "well", "truly", "widely", "quite"}
)
PREDICATE_ADJECTIVES = frozenset(
    {
        # -ed words that describe a person more often than they report an act
        "experienced", "skilled", "seasoned", "talented", "dedicated", "certified",
        "qualified", "motivated", "self-motivated", "accomplished", "detail-oriented",
        "results-oriented", "results-driven", "data-driven", "customer-focused", "organised",
        "organized", "trained", "licensed", "published", "based", "versed", "well-versed",
        "trusted", "proven", "respected", "recognised", "recognized", "educated", "focused",
        "interested", "committed", "driven", "known", "grounded", "rooted",
        # and the adjectives people start a strength with
        "fluent", "bilingual", "trilingual", "multilingual", "proficient", "comfortable",
        "passionate", "adept", "familiar", "strong", "good", "great", "excellent", "able",
        "capable", "confident", "curious", "eager", "expert", "native", "fast", "quick",
        "reliable", "calm", "patient", "creative", "analytical", "meticulous", "hands-on",
        "versatile", "resourceful", "collaborative", "thorough", "methodical", "pragmatic",
        "empathetic", "senior", "deep", "solid", "proactive", "effective",
        "keen", "dependable", "adaptable", "diplomatic", "energetic", "persuasive",
        "technical", "strategic", "practical", "precise", "careful", "articulate",
    }
)  # fmt: skip
PAST_TENSE = frozenset(
    {
        "led", "built", "cut", "ran", "grew", "won", "wrote", "drove", "made", "took", "set",
        "taught", "brought", "kept", "held", "sold", "saw", "oversaw", "began", "became",
        "did", "found", "got", "gave", "went", "spoke", "rebuilt", "rewrote", "undertook",
        "spun", "stood", "split", "spent", "put", "met", "overcame", "redid", "drew", "chose",
        "fought", "sought", "bought", "dealt", "left", "paid", "sent", "told", "understood",
        "broke", "beat", "co-founded", "co-led", "co-wrote", "upheld", "withstood",
    }
)  # fmt: skip
PRESENT_VERBS = frozenset(
    {
        "build", "design", "lead", "manage", "write", "speak", "love", "enjoy", "thrive",
        "bring", "turn", "ship", "mentor", "teach", "run", "make", "help", "solve",
        "translate", "know", "create", "develop", "automate", "analyse", "analyze", "coach",
        "negotiate", "sell", "deliver", "connect", "simplify", "care", "read", "work",
        "specialise", "specialize", "excel", "hold", "own", "combine", "understand", "draft",
    }
)  # fmt: skip
PERSON_NOUNS = frozenset(
    {
        "paralegal", "analyst", "specialist", "scientist", "therapist", "economist",
        "technologist", "strategist", "generalist", "artist", "journalist", "chemist",
        "physicist", "biologist", "linguist", "professional", "expert", "veteran",
        "graduate", "lead", "head", "coach", "nurse", "chef", "clerk", "pm", "person",
        "hire", "native", "polyglot", "hand", "architect", "associate", "consultant",
        "accountant", "assistant", "attorney", "executive", "practitioner", "technician",
        "mathematician", "statistician", "librarian", "physician", "pharmacist", "surgeon",
        "advocate", "diplomat", "mentor", "founder", "co-founder", "cto", "ceo", "cfo",
        "vp", "director", "engineer", "fellow", "intern", "apprentice", "candidate",
        "self-starter", "all-rounder", "communicator", "thinker", "storyteller", "leader",
        "builder", "student", "educator", "trainer",
    }
)  # fmt: skip
PERSON_SUFFIXES = ("er", "or", "ist", "ian", "ant", "eer")
NOT_PERSONS = frozenset(
    {"order", "error", "power", "paper", "water", "number", "border", "matter", "layer",
     "center", "centre", "chapter", "quarter", "career", "cluster", "computer", "transfer",
     "sector", "factor", "colour", "color", "behavior", "behaviour", "major", "minor",
     "counter", "filter", "register", "platform", "poster", "letter", "banner", "server",
     "compiler", "parser", "browser", "container", "scheduler", "tracker", "manner",
     "summer", "winter", "partner", "plant", "grant", "tenant"}
)  # fmt: skip
MASS_NOUNS = frozenset(
    {
        "knowledge", "experience", "expertise", "fluency", "proficiency", "understanding",
        "background", "judgement", "judgment", "research", "work", "quality", "growth",
        "culture", "balance", "security", "strategy", "design", "infrastructure", "data",
        "software", "compensation", "pay", "leadership", "feedback", "pricing", "privacy",
        "compliance", "governance", "analytics", "communication", "collaboration",
        "documentation", "automation", "education", "information", "motivation",
        "innovation", "attention", "precision", "dedication", "patience", "resilience",
        "empathy", "energy", "insight", "sense", "taste", "command", "grasp", "mastery",
        "momentum", "ownership", "recruitment", "hiring", "onboarding", "observability",
        "reliability", "scalability", "availability", "maintenance", "support", "training",
        "tooling", "testing", "funding", "revenue", "retention", "churn", "traffic",
        "Spanish", "French", "German", "Portuguese", "Mandarin", "Japanese", "English",
    }
)  # fmt: skip
MASS_SUFFIXES = ("ing", "ness", "ship", "ity", "ism", "ics", "ledge", "ment", "ence", "ise")
YEARS = re.compile(
    r"^(?P<amount>(?:over |more than |nearly |almost |about |some |close to )?"
    r"(?:\d+\+?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty)\+?)\s+(?P<years>years?)(?P<possessive>['\u2019]?)(?P<rest>.*)$",
    re.IGNORECASE,
)
FIRST_PERSON = re.compile(r"^(?:I|I['\u2019](?:m|ve|d|ll)|My|Me|We|Our)\b")
AS_A = re.compile(r"^As (?:a|an|the|someone|one)\b", re.IGNORECASE)
TRAILING = ".;:,!? \t"


def _words(text: str) -> list[str]:
    return text.split()


def _bare(word: str) -> str:
    """A word as the lists spell it: lower case, no punctuation around it."""
    return word.strip(".,;:!?()\"'\u2018\u2019\u201c\u201d").lower()


def _lower_first(text: str, known: bool) -> str:
    """Lower the first letter of `text` if its first word is an ordinary word.

    "Experienced litigation paralegal" -> "experienced ...", but "Python expert" and
    "SQL" keep their capitals: a word not on the closed lists may be a name.
    """
    first = text.split(" ", 1)[0]
    core = first.strip("\"'(")
    if not core or not known:
        return text
    if core[0].isupper() and core[1:] == core[1:].lower():
        return text[0].lower() + text[1:] if text[0] == core[0] else text
    return text


def _ordinary(word: str) -> bool:
    """A word of the closed lists, which never needs a capital mid-sentence."""
    bare = _bare(word)
    return (
        bare in DETERMINERS
        or bare in PREPOSITIONS
        or bare in ADVERBS
        or bare in PREDICATE_ADJECTIVES
        or bare in PAST_TENSE
        or bare in PRESENT_VERBS
        or (bare in PERSON_NOUNS and bare not in {"cto", "ceo", "cfo", "vp", "pm"})
        or (bare in MASS_NOUNS and bare == bare.lower() and word[1:] == word[1:].lower())
        or bare in COMMON_TOPIC_WORDS
        or bare in WH_WORDS
        or (len(bare) > 6 and bare.endswith(MASS_SUFFIXES) and bare.isalpha())
        or bare in {"as", "most", "more", "over", "nearly", "almost", "about", "close"}
    )


def indefinite_article(word: str) -> str:
    """ "a" or "an" by how the word is said: an SQL expert, a Python expert, an 8-year."""
    bare = word.strip("\"'(")
    if not bare:
        return "a"
    lead = bare.split("-", 1)[0]
    if lead[:1].isdigit():
        digits = re.match(r"\d+", lead)
        number = digits.group() if digits else lead
        return "an" if number.startswith("8") or number in ("11", "18") else "a"
    if len(lead) > 1 and lead.isupper():  # an acronym, said letter by letter
        return "an" if lead[0] in "AEFHILMNORSX" else "a"
    low = lead.lower()
    if low.startswith(("uni", "use", "usu", "uti", "eu", "one", "once", "ubiq")):
        return "a"
    if low.startswith(("hour", "honest", "honor", "honour", "heir")):
        return "an"
    return "an" if low[:1] in "aeiou" else "a"


def _head(words: list[str]) -> tuple[int, str]:
    """The head noun of a phrase: the last word before its first preposition or comma."""
    end = len(words)
    for index, word in enumerate(words):
        if index and (_bare(word) in PREPOSITIONS or word.startswith("(")):
            end = index
            break
        if word.endswith(","):
            end = index + 1
            break
    index = max(end - 1, 0)
    return index, _bare(words[index])


def _is_person(noun: str) -> bool:
    if noun in PERSON_NOUNS:
        return True
    if noun in NOT_PERSONS or noun in MASS_NOUNS:
        return False
    return len(noun) > 4 and noun.endswith(PERSON_SUFFIXES)


def _is_mass_or_plural(noun: str, original: str) -> bool:
    if noun in MASS_NOUNS or noun.lower() in MASS_NOUNS or original[:1].isupper():
        return True
    if noun.endswith(MASS_SUFFIXES):
        return True
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is"))


def _adjective_ed(word: str) -> bool:
    """ "skilled", "detail-oriented", "AWS-certified": -ed words that describe, not report."""
    return word in PREDICATE_ADJECTIVES or ("-" in word and word.endswith("ed"))


def _verb_form(word: str) -> str | None:
    """The past or present form a strength starts with, lower-cased, if it starts with one."""
    bare = _bare(word)
    if bare in PAST_TENSE or bare in PRESENT_VERBS:
        return bare
    if bare.endswith("ed") and len(bare) > 4 and not _adjective_ed(bare):
        return bare
    if bare.endswith("s") and not bare.endswith("ss"):  # "Builds", "Manages", "Teaches"
        for stem in (bare[:-1], bare[:-2]):
            if stem in PRESENT_VERBS:
                return stem
        if bare.endswith("ies") and bare[:-3] + "y" in PRESENT_VERBS:
            return bare[:-3] + "y"
    return None


def _years(text: str) -> str | None:
    """ "12 years of B2B SaaS" -> "I have 12 years of experience in B2B SaaS." """
    found = YEARS.match(text)
    if not found:
        return None
    amount, years, rest = found["amount"], found["years"].lower(), found["rest"]
    amount = amount[0].lower() + amount[1:]
    stripped = rest.strip()
    lead = stripped.split(" ", 1)[0].lower() if stripped else ""
    if found["possessive"] or (lead in ("experience", "of") and "experience" in stripped[:14]):
        return f"I have {amount} {years}{found['possessive']}{rest}."
    if lead == "of":
        return f"I have {amount} {years} of experience in{stripped[2:]}."
    if lead in ("in", "at", "with", "across", "on", "as"):
        return f"I have {amount} {years} of experience {stripped}."
    return f"I have {amount} {years}{rest}." if stripped else None


def strength_sentence(strength: str) -> str:
    """A strength as a sentence of its own, in the first person.

    >>> strength_sentence("Skilled in SQL and experimentation design")
    'I am skilled in SQL and experimentation design.'
    """
    text = " ".join(strength.split())
    if not text:
        return ""
    if text.endswith(".") and FIRST_PERSON.match(text):
        return text  # the user's own sentence, word for word
    text = text.rstrip(TRAILING)
    if FIRST_PERSON.match(text) or AS_A.match(text):
        return text + "."
    words = _words(text)
    first = _bare(words[0])
    years = _years(text)
    if years:
        return years
    if first in ADVERBS and len(words) > 1:
        rest = strength_sentence(" ".join(words[1:]))
        if rest.startswith("I am "):
            return f"I am {_lower_first(words[0], True)} {rest[5:]}"
        return f"My strengths include {_lower_first(text, True)}."
    lowered = _lower_first(text, _ordinary(words[0]))
    second = _bare(words[1]) if len(words) > 1 else ""
    adjective = first in PREDICATE_ADJECTIVES or _adjective_ed(first)
    if first.endswith("ing") and first not in PREDICATE_ADJECTIVES and first not in MASS_NOUNS:
        return f"My strengths include {_lower_first(text, True)}."  # "Managing remote teams"
    if adjective and (not second or second in PREPOSITIONS or words[1].startswith("(")):
        if first.endswith("ed") and second in DETERMINERS - {"that"}:
            return f"I {lowered}."  # "Organised a conference": an act, not a trait
        return f"I am {_lower_first(text, True)}."
    if adjective and first.endswith("ed") and _number_or_det(second):
        return f"I {lowered}."
    verb = _verb_form(words[0])
    _, head = _head(words)
    if verb is not None and not (_is_person(head) and (not second or second not in DETERMINERS)):
        if verb != first:  # "Builds pipelines": the first person says "build"
            return f"I {verb} {' '.join(words[1:])}."
        return f"I {_lower_first(text, True)}."  # a verb is never a name
    return _noun_phrase_sentence(lowered, words)


def _number_or_det(word: str) -> bool:
    return bool(word) and (word in DETERMINERS or word[0].isdigit())


def _noun_phrase_sentence(text: str, words: list[str]) -> str:
    """ "Seasoned product manager ..." -> "I am a seasoned product manager ..." """
    first = _bare(words[0])
    index, head = _head(words)
    original_head = words[index].strip(".,;:")
    if first[:1].isdigit() or first.endswith("%"):
        return f"Among my strengths: {text}."
    if _is_person(head):
        if first in DETERMINERS:
            return f"I am {text}."
        return f"I am {indefinite_article(words[0])} {text}."
    if first in DETERMINERS:
        return f"I bring {text}."
    if first in PREDICATE_ADJECTIVES or first in MASS_NOUNS or len(words) > 1:
        if _is_mass_or_plural(head, original_head):
            return f"I bring {text}."
        return f"I bring {indefinite_article(words[0] if text[0].islower() else text)} {text}."
    return f"My strengths include {text}."


# Topics ---------------------------------------------------------------------------

WH_WORDS = frozenset({"how", "why", "whether", "what", "when", "where", "who", "which", "if"})
SUBJECTS = frozenset({"i", "we", "you", "he", "she", "they", "it"})
MODALS = frozenset({"would", "could", "should", "might", "can", "will", "may", "must"})
COMMON_TOPIC_WORDS = frozenset(
    {
        "salary", "compensation", "pay", "benefits", "equity", "relocation", "remote",
        "hybrid", "team", "teams", "career", "role", "product", "roadmap", "hiring",
        "interview", "budget", "budgets", "strategy", "design", "data", "engineering",
        "management", "leadership", "mentoring", "mentorship", "on-call", "testing",
        "security", "sales", "marketing", "customer", "customers", "process", "next",
        "timeline", "expectations", "work", "project", "projects", "company", "department",
        "office", "schedule", "travel", "training", "performance", "goals", "challenges",
        "priorities", "experience", "background", "portfolio", "research", "work-life",
        "growth", "culture", "onboarding", "quarterly", "annual", "first", "notice",
        "start", "availability", "moving", "scaling", "migrating", "building", "reporting",
        "pricing", "code", "system", "systems", "architecture", "platform",
        "infrastructure", "streaming", "batch", "fraud", "quality", "reliability", "cost",
        "costs", "my", "your", "their", "his", "her", "our", "the", "a", "an", "this",
    }
)  # fmt: skip
MINE_WORDS = frozenset(
    {
        "salary", "compensation", "pay", "relocation", "relocate", "notice", "availability",
        "expectations", "background", "resume", "cv", "portfolio", "references", "visa",
        "experience", "career", "phd", "thesis", "dissertation",
    }
)  # fmt: skip
REPORTING = re.compile(
    r"^(?:(?:we|i|she|he|they|you|the team|the panel|[A-Z][a-z]+)\s+)?"
    r"(?:(?:also|briefly|mostly|really|mainly|then)\s+)?"
    r"(?:talked|spoke|chatted|discussed|covered|went\s+over|went\s+through|asked(?:\s+me)?|"
    r"explained|told\s+me|mentioned|described|shared|showed\s+me|walked\s+me\s+through|"
    r"dug\s+into|got\s+into|touched\s+on|focused\s+on|brought\s+up|raised|presented|"
    r"gave\s+me|wanted\s+to\s+know|(?:was|were)\s+curious|reviewed|went\s+deep\s+on|"
    r"talk(?:ed)?\s+through|compared)\b\s*(?:about\s+|of\s+|on\s+|over\s+|regarding\s+)?",
    re.IGNORECASE,
)
LEADING_ABOUT = re.compile(r"^(?:about|regarding|re:|on the topic of|topic:)\s+", re.IGNORECASE)
CONTRACTIONS = {
    "i'd": "I would", "i'm": "I am", "i've": "I have", "i'll": "I will",
    "we'd": "we would", "we're": "we are", "we've": "we have", "we'll": "we will",
    "they'd": "they would", "they're": "they are", "they've": "they have",
    "they'll": "they will", "you're": "you are", "you'd": "you would", "you've": "you have",
    "it's": "it is", "she's": "she is", "he's": "he is", "she'd": "she would",
    "he'd": "he would", "don't": "do not", "didn't": "did not", "doesn't": "does not",
    "won't": "will not", "can't": "cannot", "isn't": "is not", "aren't": "are not",
    "wasn't": "was not", "couldn't": "could not", "wouldn't": "would not",
}  # fmt: skip
CONTRACTION = re.compile(
    r"\b(" + "|".join(re.escape(c) for c in CONTRACTIONS) + r")\b", re.IGNORECASE
)
TO_YOU = {
    "they": "you", "them": "you", "their": "your", "theirs": "yours",
    "themselves": "yourselves", "he": "you", "she": "you", "him": "you", "his": "your",
    "her": "your", "hers": "yours", "himself": "yourself", "herself": "yourself",
}  # fmt: skip
THIRD_PERSON_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do"}


@dataclass(frozen=True)
class Topic:
    """What was discussed, ready to follow "about" or "of" in a note to that person."""

    text: str
    clause: bool
    """A wh-clause ("how you plan to scale the team"), not a noun phrase."""
    mine: bool
    """About the writer (my portfolio, salary expectations), not the employer's work."""


def topic_phrase(raw: str | None, addressee: bool = True) -> Topic | None:
    """The topic as typed, made into a phrase for a note (None when nothing is left).

    `addressee`: the note is to the person the topic was discussed with, so what they
    said about "their" team becomes "your" team.
    """
    text = " ".join((raw or "").replace("\u2019", "'").split()).strip(TRAILING + "\"'")
    for _ in range(3):
        stripped = LEADING_ABOUT.sub("", REPORTING.sub("", text, count=1), count=1)
        if stripped == text or not stripped:
            break
        text = stripped
    text = CONTRACTION.sub(lambda m: _contracted(m.group(0)), text).strip(TRAILING)
    if not text:
        return None
    words = text.split()
    first = words[0].lower()
    if first == "if":
        words[0], first = "whether", "whether"
    elif words[0] != "I" and _topic_word_is_ordinary(words[0]):
        words[0] = words[0][0].lower() + words[0][1:]
    if addressee:
        words = _to_addressee(words)
    first = words[0].lower()
    clause = first in WH_WORDS
    if not clause and first in SUBJECTS and len(words) > 1:
        clause = True
        words = ["whether" if words[1].lower() in MODALS else "how", *words]
    elif not clause:
        words = _with_article(words)
    lowered = {w.lower().strip(".,") for w in words}
    mine = bool(lowered & {"i", "my", "me", "mine", "myself"}) or bool(lowered & MINE_WORDS)
    return Topic(" ".join(words), clause, mine)


def _contracted(found: str) -> str:
    expanded = CONTRACTIONS[found.lower()]
    return expanded if found[0].isupper() or expanded.startswith("I ") else expanded.lower()


def _topic_word_is_ordinary(word: str) -> bool:
    core = word.strip("\"'(")
    return bool(core) and core[1:] == core[1:].lower() and _ordinary(core)


def _to_addressee(words: list[str]) -> list[str]:
    """ "how they plan", "their rotation", "how she runs" -> "how you plan", "your rotation"."""
    result: list[str] = []
    previous_subject = False
    for word in words:
        low = word.lower()
        if low in TO_YOU:
            result.append(TO_YOU[low])
            previous_subject = low in ("he", "she")
            continue
        verb = THIRD_PERSON_VERBS.get(low) or _plain_verb(word) if previous_subject else word
        previous_subject = False
        result.append(verb)
    return result


def _plain_verb(word: str) -> str:
    """A third-person verb in the form "you" takes: runs -> run, teaches -> teach."""
    low = word.lower()
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    if low.endswith("s") and not low.endswith("ss"):
        return word[:-1]
    return word


def _with_article(words: list[str]) -> list[str]:
    """ "Q3 roadmap" -> "the Q3 roadmap": a singular thing named without a determiner."""
    first = words[0]
    index, bare_last = _head(words)
    last = words[index].strip(".,;:")
    bare_first = _bare(first)
    if len(words) < 2 or bare_first in DETERMINERS or bare_first in PREPOSITIONS:
        return words
    if first[:1].isdigit() or first.endswith(("'s", "s'")) or any("'s" in w for w in words):
        return words
    if last[:1].isupper() or not last[:1].isalpha():
        return words
    if _is_mass_or_plural(bare_last, last) or bare_last in COMMON_MASS_TOPICS:
        return words
    if any(_bare(w) in PREPOSITIONS for w in words[:-1]) and bare_first.endswith("ing"):
        return words
    if bare_first.endswith("ing"):
        return words
    return ["the", *words]


COMMON_MASS_TOPICS = frozenset({"expectations", "load", "time", "life", "pay", "equity"})
