"""Loading a study from a project: the chosen documents' tokens, spans and relations."""


from __future__ import annotations

from collections.abc import Generator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from annotations.errors import DatelineError, NotFoundError, UnknownLabelError, ValidationError
from annotations.measures.study import (
    SPAN_READ_BATCH,
    USE_ORIGINS,
    DocumentInfo,
    Ints,
    NoDocumentsError,
    SpanColumns,
    Study,
)
from annotations.progress import Progress
from annotations.store.study import (
    accepted_span_ids,
    document_titles,
    documents_done,
    relation_links,
    span_column_batch,
)
from annotations.tokens import corpus_tokens

if TYPE_CHECKING:
    from annotations.store import Project


# --- loading from a project ---------------------------------------------------------------


def check_choice(project: Project, annotators: Sequence[str],
                 labels: Sequence[str] | None) -> tuple[str, ...]:
    """Check the chosen annotators and labels; return the labels to measure.

    Raises ValidationError (fewer than two annotators, or one named twice),
    NotFoundError (an annotator the project does not have) or
    UnknownLabelError (a label not in the project's schema).
    """
    if len(annotators) < 2:
        raise ValidationError("choose at least two annotators to compare")
    if len(set(annotators)) != len(annotators):
        raise ValidationError(f"an annotator is named twice in {', '.join(annotators)}")
    known = project.annotators()
    for name in annotators:
        if name not in known:
            raise NotFoundError(
                f"no annotator {name!r} in {project.path.name} "
                f"(annotators: {', '.join(known) or 'none'})"
            )
    schema_labels = project.schema.label_names
    if not labels:
        return tuple(schema_labels)
    for label in labels:
        if label not in schema_labels:
            raise UnknownLabelError(
                f"unknown label {label!r} (this project's labels: {', '.join(schema_labels)})"
            )
    return tuple(labels)


def load_study(
    project: Project,
    annotators: Sequence[str],
    *,
    labels: Sequence[str] | None = None,
    all_documents: bool = False,
    document_ids: Sequence[int] | None = None,
) -> Generator[Progress, None, Study]:
    """Read the chosen documents' tokens (see annotations.tokens: cached in
    the project, spaCy only for documents not tokenized yet), spans and
    relations; yields progress while it tokenizes and reads.

    The documents are `document_ids` when given, else every document with
    `all_documents`, else those every annotator marked done.

    Raises the errors of `check_choice`, and NoDocumentsError when no
    document is left to measure.
    """
    chosen_labels = check_choice(project, annotators, labels)
    if document_ids is not None:
        ids = list(document_ids)
    elif all_documents:
        ids = project.document_ids()
    else:
        ids = documents_done(project, annotators)
    if not ids:
        raise NoDocumentsError(
            f"no document in {project.path.name} is marked done by every one of "
            f"{', '.join(annotators)}; pass --all to compare on all documents"
        )
    docs = document_titles(project, ids)
    doc_ids = [ident for ident, _ in docs]
    tokens = yield from corpus_tokens(project, doc_ids)
    offsets = (np.cumsum(tokens.lengths) - tokens.lengths).tolist()
    infos = [
        DocumentInfo(ident, title, start, length)
        for (ident, title), start, length in zip(docs, offsets, tokens.lengths.tolist(),
                                                 strict=True)
    ]
    columns, attr_texts = yield from read_span_columns(project, doc_ids, annotators,
                                                       chosen_labels)
    tables = columns.tables(annotators, {d.id: d.start for d in infos})
    links: dict[str, list[tuple[str, int, int]]] = {name: [] for name in annotators}
    for annotator, label, head, child in relation_links(project, doc_ids, annotators):
        links[annotator].append((label, head, child))
    return Study(tuple(annotators), tuple(chosen_labels), infos, tokens.starts, tokens.ends,
                 tables, links, attr_texts)


# The attrs column holds valid JSON (a CHECK says so), which has no raw control characters.
_ATTRS_SEPARATOR = "\x1e"


def _int_column(text: str | None, count: int) -> Ints:
    column = np.fromstring(text or "", dtype=np.int64, sep=",")  # text mode: not deprecated
    if len(column) != count:
        raise DatelineError(f"reading spans: {len(column)} values for {count} spans")
    return column


def _read_batch(
    project: Project, documents: Sequence[int], annotator_ids: Sequence[int],
    labels: Sequence[str],
) -> tuple[list[Ints], list[str]]:
    """(id, use, annotator index, label index, document, start, end) columns
    and attrs texts of the chosen spans in `documents`.

    Raises DatelineError if the columns do not line up (they always do for
    a project file whose CHECK constraints hold)."""
    n_labels, n_owners = len(labels), len(annotator_ids)
    count, ids, codes, docs, extents, attrs = span_column_batch(
        project, documents, annotator_ids, labels, USE_ORIGINS)
    if not count or attrs is None:
        return [], []
    texts = attrs.split(_ATTRS_SEPARATOR)
    if len(texts) != count:
        raise DatelineError(f"reading spans: {len(texts)} attributes for {count} spans")
    code, extent = _int_column(codes, count), _int_column(extents, count)
    rest, owner = np.divmod(code, n_owners)
    use, label = np.divmod(rest, n_labels)
    return [_int_column(ids, count), use, owner, label, _int_column(docs, count),
            extent >> 32, extent & 0xFFFFFFFF], texts


def read_span_columns(
    project: Project, document_ids: Sequence[int], annotators: Sequence[str],
    labels: Sequence[str],
) -> Generator[Progress, None, tuple[SpanColumns, list[str]]]:
    """The spans of these annotators and labels in these documents, as
    columns (not on the corpus axis yet), with the distinct attrs texts that
    `SpanColumns.attrs` indexes; one query per batch of documents, yielding
    progress after each.

    Raises NotFoundError for an annotator the project does not have.
    """
    annotator_ids = [project.annotator_id(name, create=False) for name in annotators]
    accepted = accepted_span_ids(project)
    parts: list[list[Ints]] = []
    attrs: list[str] = []
    for first in range(0, len(document_ids), SPAN_READ_BATCH):
        batch = document_ids[first : first + SPAN_READ_BATCH]
        batch_columns, texts = _read_batch(project, batch, annotator_ids, labels)
        if texts:
            parts.append(batch_columns)
            attrs += texts
        yield Progress(min(first + SPAN_READ_BATCH, len(document_ids)), len(document_ids),
                       "reading spans")
    ids, use, owners, label_codes, documents, starts, ends = (
        np.concatenate([p[i] for p in parts]) if parts else np.zeros(0, dtype=np.int64)
        for i in range(7)
    )
    if accepted:
        use |= np.isin(ids, np.array(accepted, dtype=np.int64))
    distinct = list(dict.fromkeys(attrs))
    index = {text: i for i, text in enumerate(distinct)}
    attr_codes = np.fromiter(map(index.__getitem__, attrs), dtype=np.int64, count=len(attrs))
    # Rows come by document; by annotator and label (then document and start, as
    # read) the sorts of the measures find them almost in order, which is faster.
    layer = owners * len(labels) + label_codes
    order = np.argsort(layer.astype(np.int16 if len(layer) == 0 or layer.max() < 1 << 15
                                    else np.int64), kind="stable")
    columns = SpanColumns(*(c[order] for c in (ids, documents, owners, label_codes, starts,
                                                ends, use, attr_codes)))
    return columns, distinct
