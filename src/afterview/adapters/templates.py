"""Note templates and phrase banks from files: the user's own first, then afterview's.

A user overrides any file by putting one of the same name under
AFTERVIEW_HOME/templates/ (e.g. templates/notes/phrases.toml). Templates are plain
text, so Jinja's HTML autoescaping is off here; an undefined name is an error, not a
silent blank in a letter.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    Template,
    TemplateError,
)

from afterview.errors import AfterviewError

PHRASES = "notes/phrases.toml"


class TemplateProblem(AfterviewError):
    """A template or phrase bank (perhaps the user's own) cannot be used."""


class FileTemplates:
    """NoteTemplates backed by Jinja2 files."""

    def __init__(self, user_folder: Path | None = None) -> None:
        loaders = [FileSystemLoader(user_folder)] if user_folder is not None else []
        self.environment = Environment(
            loader=ChoiceLoader([*loaders, PackageLoader("afterview", "templates")]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,
        )
        self._compiled: dict[str, Template] = {}

    @cached_property
    def _phrases(self) -> dict[str, list[str]]:
        loader = self.environment.loader
        assert loader is not None
        try:
            source, filename, _ = loader.get_source(self.environment, PHRASES)
            banks = tomllib.loads(source)
        except (TemplateError, tomllib.TOMLDecodeError) as error:
            raise TemplateProblem(f"{PHRASES}: {error}") from None
        for slot, bank in banks.items():
            if not isinstance(bank, list) or not bank or not all(isinstance(p, str) for p in bank):
                raise TemplateProblem(f"{filename}: {slot}: must be a list of texts")
        return banks

    def phrases(self) -> Mapping[str, Sequence[str]]:
        return self._phrases

    def render(self, name: str, values: Mapping[str, Any]) -> str:
        """A whole note: trailing blank lines trimmed, one final newline."""
        try:
            return self.environment.get_template(name).render(values).rstrip() + "\n"
        except TemplateError as error:
            raise TemplateProblem(f"{name}: {error}") from None

    def render_string(self, source: str, values: Mapping[str, Any]) -> str:
        """A phrase of the bank. Each is compiled once (Jinja2 caches templates it loads by
        name, not those made from a string), and the bank is a few dozen phrases."""
        try:
            compiled = self._compiled.get(source)
            if compiled is None:
                compiled = self._compiled[source] = self.environment.from_string(source)
            return compiled.render(values)
        except TemplateError as error:
            raise TemplateProblem(f"phrase {source!r}: {error}") from None
