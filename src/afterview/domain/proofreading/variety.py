"""Which variety of English a note is spelt in: the profile's country decides."""

from __future__ import annotations

VARIETY_OF_COUNTRY = {
    "US": "en-US",
    "PR": "en-US",
    "GU": "en-US",
    "VI": "en-US",
    "AS": "en-US",
    "MP": "en-US",
    "UM": "en-US",
    "PH": "en-US",
    "LR": "en-US",
    "CA": "en-CA",
    "AU": "en-AU",
    "NZ": "en-AU",
}
"""Countries whose writers spell otherwise than the British way: the United States and its
territories (and the Philippines and Liberia, which follow American spelling); Canada;
Australia, and New Zealand, whose usage is Australia's. Every other country is en-GB:
the United Kingdom (GB, or UK as people write it), Ireland, India, South Africa and the
rest of the Commonwealth follow British spelling, and en-GB, which also holds every
American form, is the variety that flags least where usage is unknown."""

DEFAULT_VARIETY = "en-GB"


def variety_of(country: str | None) -> str:
    """The variety of English a writer of `country` (ISO 3166 alpha-2, any case) spells in."""
    if not country:
        return "en-US"  # the profile's default country
    return VARIETY_OF_COUNTRY.get(country.strip().upper(), DEFAULT_VARIETY)
