"""Datasets: which documents go out, with which annotator's work, in which split.

Shared by every export format; imports no format, so formats can import it.
"""

from __future__ import annotations

import random
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from annotations.errors import DatelineError
from annotations.model import STATUSES
from annotations.store.exports import AnnotatedDocument as AnnotatedDocument

if TYPE_CHECKING:
    from spacy.language import Language

    from annotations.store import Project


def parse_split(value: str) -> dict[str, float]:
    """Parse `train=0.8,dev=0.1,test=0.1`; the shares must be positive and sum to 1.

    Raises DatelineError naming the bad part.
    """
    split: dict[str, float] = {}
    for part in value.split(","):
        name, sep, share = part.partition("=")
        try:
            fraction = float(share)
        except ValueError:
            fraction = -1.0
        if not sep or not name.strip() or fraction <= 0:
            raise DatelineError(f"--split: {part!r} is not of the form name=share (share > 0)")
        split[name.strip()] = fraction
    total = sum(split.values())
    if abs(total - 1.0) > 1e-6:
        raise DatelineError(f"--split: the shares add up to {total:g}, not 1")
    return split


class Selection(Protocol):
    """What choosing the documents reads of the export options (formats.ExportOptions)."""

    @property
    def annotator(self) -> str: ...

    @property
    def status(self) -> str | None: ...


def select_documents(project: Project, options: Selection) -> list[int]:
    """The ids of the documents to export: all, or those with the given status."""
    if options.status is not None and options.status not in STATUSES:
        raise DatelineError(
            f"--status {options.status!r} is not one of {', '.join(STATUSES)}"
        )
    ids = project.document_ids()
    if options.status is None:
        return ids
    return [i for i in ids if project.status(i, options.annotator).status == options.status]


def split_documents(
    ids: list[int], split: dict[str, float] | None, seed: int
) -> dict[str, list[int]]:
    """Shuffle `ids` with `seed` and cut them by the split's shares (one part: no shuffle)."""
    if not split:
        return {"": ids}
    shuffled = list(ids)
    random.Random(seed).shuffle(shuffled)
    parts: dict[str, list[int]] = {}
    names = list(split)
    begin = 0
    cumulative = 0.0
    for i, name in enumerate(names):
        cumulative += split[name]
        end = len(shuffled) if i == len(names) - 1 else round(cumulative * len(shuffled))
        parts[name] = sorted(shuffled[begin:end])
        begin = end
    return parts


def annotated(project: Project, document_id: int, annotator: str) -> AnnotatedDocument:
    status = project.status(document_id, annotator)
    return AnnotatedDocument(
        project.document(document_id),
        project.spans(document_id, annotator),
        project.relations(document_id, annotator),
        status.status,
        status.note,
    )


def part_path(out: Path, part: str, suffix: str) -> Path:
    """Where one split part goes: OUT itself without a split, else OUT's stem plus the part."""
    if not part:
        return out
    if out.suffix:
        return out.with_name(f"{out.stem}.{part}{out.suffix}")
    return out / f"{part}{suffix}"


@cache
def tokenizer() -> Language:
    """spaCy's English tokenizer (the one en_core_web_sm uses), without a model; built once.

    It takes texts of any length: spaCy's 1,000,000-character limit guards the
    memory of a parser, which tokenizing alone does not need.
    """
    return _blank_english()


@cache
def sentence_splitter() -> Language:
    """`tokenizer()`'s English rules with spaCy's rule-based sentencizer: sentence
    breaks without a model or a parser; built once."""
    nlp = _blank_english()
    nlp.add_pipe("sentencizer")
    return nlp


def _blank_english() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.max_length = sys.maxsize
    return nlp
