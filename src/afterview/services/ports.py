"""What the use cases need of storage, whatever the database behind it."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Protocol

from afterview.domain.model import Pipeline


class PipelineReader(Protocol):
    def load(self) -> Pipeline: ...


class Transaction(Protocol):
    def load(self) -> Pipeline: ...

    def save(self, before: Pipeline, after: Pipeline) -> None: ...


class PipelineStore(PipelineReader, Protocol):
    def unit_of_work(self) -> AbstractContextManager[Transaction]: ...
