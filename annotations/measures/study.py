"""The corpus under study: span tables on one character axis (the documents
laid end to end), and the constants every measure shares."""


from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from annotations.errors import DatelineError

if TYPE_CHECKING:
    pass


Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

NAN = float("nan")
NONE_LABEL = "(none)"
# Documents per query when reading spans (bounds the size of one query's result).
SPAN_READ_BATCH = 1000
# How a span came to be, as `SpanTable.use` codes it: origin * 4 + untouched * 2 + linked,
# where origin indexes USE_ORIGINS, untouched (never edited) is told for suggested spans
# only, and linked means tied to a suggestion (its id, or an accepting decision).
USE_ORIGINS = ("manual", "suggested", "imported")


class NoDocumentsError(DatelineError):
    """No document is marked done by every chosen annotator."""


# --- the corpus under study -------------------------------------------------------


@dataclass
class SpanTable:
    """One annotator's spans of the chosen labels, on the corpus axis."""

    ids: Ints
    labels: Ints  # index into Study.labels
    starts: Ints
    ends: Ints
    attrs: Ints  # index into the study's distinct attrs texts (stored JSON)
    use: Ints  # how each span came to be, coded as USE_ORIGINS says (0: manual, unlinked)

    def __len__(self) -> int:
        return len(self.ids)

    def layer(self, label: int) -> tuple[Ints, Ints]:
        """The (starts, ends) of one label, sorted by start."""
        pick = self.labels == label
        starts, ends = self.starts[pick], self.ends[pick]
        order = np.lexsort((ends, starts))
        return starts[order], ends[order]


@dataclass
class DocumentInfo:
    id: int
    title: str
    start: int  # where the document begins on the corpus axis
    length: int


@dataclass
class Study:
    """The documents, tokens, spans and relations that agreement is measured on."""

    annotators: tuple[str, ...]
    labels: tuple[str, ...]
    documents: list[DocumentInfo]
    token_starts: Ints
    token_ends: Ints
    spans: dict[str, SpanTable]
    # (relation label, head span id, child span id) per annotator
    relations: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    attr_texts: list[str] = field(default_factory=list)  # distinct stored attrs JSON

    @property
    def length(self) -> int:
        if not self.documents:
            return 0
        last = self.documents[-1]
        return last.start + last.length

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Annotator pairs in the order the annotators were given."""
        names = self.annotators
        return [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]]

    def document_index(self, positions: Ints) -> Ints:
        """The index (into `documents`) of the document each axis position is in."""
        starts = np.array([d.start for d in self.documents], dtype=np.int64)
        return np.searchsorted(starts, positions, side="right").astype(np.int64) - 1


def pair_key(a: str, b: str) -> str:
    return f"{a}|{b}"


def empty_table() -> SpanTable:
    none = np.zeros(0, dtype=np.int64)
    return SpanTable(none, none.copy(), none.copy(), none.copy(), none.copy(), none.copy())


def span_tables(
    annotators: Sequence[str],
    labels: Sequence[str],
    where: Mapping[int, int],
    spans: Iterable[tuple[int, int, str, str, int, int, str]],
) -> tuple[dict[str, SpanTable], list[str]]:
    """Per annotator, the spans of the chosen labels shifted onto the corpus
    axis (`where`: document id -> its start), and the distinct attrs texts
    their `attrs` codes index; spans of other annotators, labels or
    documents are left out. Rows: (span id, document id, annotator, label,
    start, end, attrs JSON)."""
    rows = list(spans)
    if not rows:
        return {name: empty_table() for name in annotators}, []
    ids, docs, owners, names, starts, ends, attrs = zip(*rows, strict=True)
    who = {name: i for i, name in enumerate(annotators)}
    which = {name: i for i, name in enumerate(labels)}
    distinct = list(dict.fromkeys(attrs))
    index = {text: i for i, text in enumerate(distinct)}
    columns = SpanColumns(
        ids=np.array(ids, dtype=np.int64),
        documents=np.array(docs, dtype=np.int64),
        owners=np.array([who.get(o, -1) for o in owners], dtype=np.int64),
        labels=np.array([which.get(n, -1) for n in names], dtype=np.int64),
        starts=np.array(starts, dtype=np.int64),
        ends=np.array(ends, dtype=np.int64),
        use=np.zeros(len(rows), dtype=np.int64),
        attrs=np.fromiter(map(index.__getitem__, attrs), dtype=np.int64, count=len(rows)),
    )
    return columns.tables(annotators, where), distinct


@dataclass(frozen=True)
class SpanColumns:
    """Spans as columns: annotator and label as indexes into the chosen ones
    (-1: not chosen), attrs as an index into a list of distinct texts."""

    ids: Ints
    documents: Ints
    owners: Ints
    labels: Ints
    starts: Ints
    ends: Ints
    use: Ints
    attrs: Ints

    def tables(self, annotators: Sequence[str], where: Mapping[int, int]) -> dict[str, SpanTable]:
        """Per annotator, the spans of chosen labels and documents (`where`:
        document id -> its start on the corpus axis), shifted onto the axis."""
        if len(self.ids) == 0:
            return {name: empty_table() for name in annotators}
        shift = np.full(int(self.documents.max()) + 1, -1, dtype=np.int64)
        for doc_id, offset in where.items():
            if doc_id < len(shift):
                shift[doc_id] = offset
        base = shift[self.documents]
        begin = self.starts + base
        finish = self.ends + base
        kept = (base >= 0) & (self.labels >= 0)
        tables = {}
        for k, name in enumerate(annotators):
            pick = kept & (self.owners == k)
            tables[name] = SpanTable(self.ids[pick], self.labels[pick], begin[pick],
                                     finish[pick], self.attrs[pick], self.use[pick])
        return tables
