"""The one write path (services/documents.commit): the document is checked on a snapshot,
before the write lock, and checked again inside it when another command wrote in between,
so a concurrent change can never slip an unchecked document in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest

from afterview.domain.model import Pipeline
from afterview.errors import InvalidInput
from afterview.services.documents import commit, merge_document
from tests.factories import make_contact, make_pipeline
from tests.fakes import FakePorts, MemoryStore, MemoryWork


class WrittenInBetween(MemoryStore):
    """A store where another command commits `between` after the snapshot was read."""

    def __init__(self, pipeline: Pipeline, between: Pipeline) -> None:
        super().__init__(pipeline)
        self.between = between

    @contextmanager
    def unit_of_work(self) -> Iterator[MemoryWork]:
        self.pipeline = self.between
        with super().unit_of_work() as work:
            yield work


def contact_document(*ids: str) -> dict[str, Any]:
    return {
        "format": "afterview/1",
        "contacts": [{"id": contact_id, "name": contact_id.title()} for contact_id in ids],
    }


def test_a_document_checked_on_a_stale_snapshot_is_checked_again() -> None:
    other = make_pipeline(contacts=(make_contact("jane-doe"),))
    ports = FakePorts(store=WrittenInBetween(Pipeline(), other))
    with pytest.raises(InvalidInput, match="'jane-doe' exists already"):
        merge_document(ports, contact_document("jane-doe"))
    assert ports.store.pipeline == other  # nothing written over the other command's work
    assert ports.store.commits == 0


def test_an_unchanged_store_is_checked_once_and_merged() -> None:
    ports = FakePorts()
    seen: list[Pipeline] = []

    def change(before: Pipeline) -> dict[str, Any]:
        seen.append(before)
        return contact_document("jane-doe")

    commit(ports, change)
    assert len(seen) == 1
    assert [contact.id for contact in ports.store.pipeline.contacts] == ["jane-doe"]


def test_a_change_made_in_between_is_kept_and_the_document_merged_onto_it() -> None:
    other = make_pipeline(contacts=(make_contact("omar-said"),))
    ports = FakePorts(store=WrittenInBetween(Pipeline(), other))
    merge_document(ports, contact_document("jane-doe"))
    assert [contact.id for contact in ports.store.pipeline.contacts] == ["omar-said", "jane-doe"]
    assert replace(ports.store.pipeline, contacts=()) == replace(other, contacts=())
