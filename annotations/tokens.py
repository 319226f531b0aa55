"""Token boundaries of documents, cached in the project file.

Agreement measures tokens of spaCy's English tokenizer (whitespace tokens
left out). Tokenizing a corpus costs seconds and importing spaCy more, so the
boundaries are kept per document in the `document_tokens` table (migration 2)
as little-endian int32 arrays, under the identity of the tokenizer that made
them: another spaCy version (or another tokenization rule here) gives another
identity, and the stored rows no longer count.

Reading a warm cache is one query and `numpy.frombuffer`, without spaCy. A
cold document is tokenized here, on demand (spaCy is imported then), and the
whole batch of missing documents is stored in one transaction. Importing
documents never tokenizes them: the importer stays free of spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from importlib.abc import SourceLoader
from importlib.machinery import PathFinder
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from annotations.errors import DatelineError, NotFoundError, ProjectError
from annotations.progress import Progress
from annotations.store.tokens import document_texts, save_token_rows, token_rows

if TYPE_CHECKING:
    from annotations.store import Project

Ints = npt.NDArray[np.int64]
Stored = npt.NDArray[np.int32]

# Bump when what is stored changes (which tokens are kept, how they are encoded).
CACHE_FORMAT = 1
LANGUAGE = "en"
TOKENIZE_BATCH = 64
_STORED = np.dtype("<i4")


@dataclass(frozen=True)
class DocumentTokens:
    """The non-space tokens of one document: start and end offsets (end
    exclusive, in characters, as stored: int32), and the length of the
    document's text."""

    document_id: int
    starts: Stored
    ends: Stored
    length: int


@dataclass(frozen=True)
class CorpusTokens:
    """The tokens of documents laid end to end (each document's offsets
    shifted by the lengths of the documents before it), in the order asked."""

    document_ids: list[int]
    lengths: Ints
    starts: Ints
    ends: Ints


_identity: str | None = None
_VERSION_LINE = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def tokenizer_identity() -> str:
    """What the cached tokens were made with: the spaCy version, the blank
    English tokenizer and this module's storage format.

    Raises DatelineError when spaCy is not installed.
    """
    global _identity
    if _identity is None:
        _identity = f"spacy {spacy_version()} blank:{LANGUAGE} non-space v{CACHE_FORMAT}"
    return _identity


def spacy_version() -> str:
    """The installed spaCy's version, read without importing spaCy when it
    can be: from spacy/about.py (well under a millisecond), else from the
    installed package's metadata (about 30 ms), else by importing spaCy (a
    frozen bundle may have neither).

    Raises DatelineError when spaCy is not installed.
    """
    spec = find_spec("spacy")
    if spec is None:
        raise DatelineError(
            "spaCy is not installed; it is needed to tokenize documents (pip install spacy)"
        )
    about = PathFinder.find_spec("about", spec.submodule_search_locations)
    if about is not None and about.origin and isinstance(about.loader, SourceLoader):
        found = _VERSION_LINE.search(about.loader.get_data(about.origin).decode("utf-8"))
        if found:
            return found.group(1)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("spacy")
    except PackageNotFoundError:
        from spacy.about import __version__

        return str(__version__)


_TOKENIZER: Any = None


def tokenize(texts: Sequence[str]) -> list[tuple[Ints, Ints]]:
    """(starts, ends) of the non-space tokens of spaCy's English tokenizer,
    per text. Imports spaCy (once per process)."""
    global _TOKENIZER
    from spacy.attrs import IDX, IS_SPACE, LENGTH

    if _TOKENIZER is None:
        from annotations.dataset import tokenizer

        _TOKENIZER = tokenizer().tokenizer
    out: list[tuple[Ints, Ints]] = []
    for doc in _TOKENIZER.pipe(texts):
        table = doc.to_array([IDX, LENGTH, IS_SPACE]).astype(np.int64).reshape(-1, 3)
        table = table[table[:, 2] == 0]
        out.append((table[:, 0].copy(), (table[:, 0] + table[:, 1]).copy()))
    return out


def cached_tokens(project: Project, document_ids: Sequence[int]) -> dict[int, DocumentTokens]:
    """The cached tokens of those of `document_ids` that the current
    tokenizer has tokenized (one query; rows of another tokenizer are left out)."""
    return {
        ident: DocumentTokens(
            ident,
            np.frombuffer(starts, dtype=_STORED).astype(np.int32, copy=False),
            np.frombuffer(ends, dtype=_STORED).astype(np.int32, copy=False),
            length,
        )
        for ident, length, starts, ends in token_rows(project, tokenizer_identity(), document_ids)
    }


def store_tokens(project: Project, tokens: Sequence[DocumentTokens]) -> None:
    """Cache these documents' tokens under the current tokenizer, replacing
    what another tokenizer left; all in one transaction.

    Raises ProjectError when the file cannot be written (locked, read-only,
    disk full); nothing is stored then.
    """
    rows = [
        (t.document_id, t.length, t.starts.astype(_STORED).tobytes(),
         t.ends.astype(_STORED).tobytes())
        for t in tokens
    ]
    save_token_rows(project, tokenizer_identity(), rows)


def tokenize_documents(
    project: Project, document_ids: Sequence[int]
) -> Generator[Progress, None, list[DocumentTokens]]:
    """Tokenize these documents with spaCy (yielding progress per batch) and
    cache their tokens in one transaction at the end; a project that cannot
    be written still gets its tokens, uncached.

    Raises NotFoundError for an id that is not a document of the project.
    """
    texts = document_texts(project, document_ids)
    missing = [i for i in document_ids if i not in texts]
    if missing:
        raise NotFoundError(f"no document {missing[0]} in {project.path.name}")
    done: list[DocumentTokens] = []
    for first in range(0, len(document_ids), TOKENIZE_BATCH):
        batch = list(document_ids[first : first + TOKENIZE_BATCH])
        for ident, (starts, ends) in zip(
            batch, tokenize([texts[i] for i in batch]), strict=True
        ):
            done.append(DocumentTokens(ident, starts.astype(np.int32), ends.astype(np.int32),
                                       len(texts[ident])))
        yield Progress(first + len(batch), len(document_ids), "tokenizing")
    # A cache only: without it the figures are the same, the next run only slower.
    with suppress(ProjectError):
        store_tokens(project, done)
    return done


def document_tokens(
    project: Project, document_ids: Sequence[int]
) -> Generator[Progress, None, list[DocumentTokens]]:
    """The tokens of these documents in the order given: from the cache, and
    for the documents it lacks from spaCy (see `tokenize_documents`).

    Raises NotFoundError for an id that is not a document of the project.
    """
    found = cached_tokens(project, document_ids)
    cold = [i for i in dict.fromkeys(document_ids) if i not in found]
    if cold:
        fresh = yield from tokenize_documents(project, cold)
        found.update((t.document_id, t) for t in fresh)
    return [found[i] for i in document_ids]


def corpus_tokens(
    project: Project, document_ids: Sequence[int]
) -> Generator[Progress, None, CorpusTokens]:
    """The tokens of these documents laid end to end, in the order given.

    Raises NotFoundError for an id that is not a document of the project.
    """
    tokens = yield from document_tokens(project, document_ids)
    lengths = np.fromiter((t.length for t in tokens), dtype=np.int64, count=len(tokens))
    counts = np.fromiter((len(t.starts) for t in tokens), dtype=np.int64, count=len(tokens))
    shift = np.repeat(np.cumsum(lengths) - lengths, counts)
    empty = np.zeros(0, dtype=np.int32)
    starts = np.concatenate([t.starts for t in tokens] or [empty]).astype(np.int64) + shift
    ends = np.concatenate([t.ends for t in tokens] or [empty]).astype(np.int64) + shift
    return CorpusTokens(list(document_ids), lengths, starts, ends)
