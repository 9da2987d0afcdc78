"""What the proofreader reports: the kinds of problem, and one problem with its span."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = (
    "spelling",
    "name",
    "company",
    "other_company",
    "placeholder",
    "repeated_word",
    "tone",
    "no_thanks",
    "no_fit",
)


@dataclass(frozen=True)
class Problem:
    """One thing to fix: `text` is `note[start:end]`; `suggestion` replaces it, if known."""

    kind: str
    text: str
    start: int
    end: int
    suggestion: str | None = None

    def to_json(self) -> dict[str, str | int | None]:
        """The problem as `proof --json` (docs/contracts.md) lists it."""
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
        }
