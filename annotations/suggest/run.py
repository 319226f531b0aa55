"""Running the suggester over a project: parse in batches, store each
document's suggestions all or nothing, resume where a run stopped."""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotations.errors import ValidationError
from annotations.progress import Progress
from annotations.store.suggestions import (
    DateChangedError,
    delete_suggestions,
    done_documents,
    stale_documents,
    store_suggestions,
)
from annotations.suggest.model import model_identity

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from annotations.model import Suggestions
    from annotations.store import Project


@dataclass
class SuggestReport:
    model: str
    documents: int = 0  # suggested in this run
    skipped: int = 0  # already done for this model
    spans: int = 0
    relations: int = 0
    redated: int = 0  # suggested again: their date changed since, and no one had decided
    stale: int = 0  # left as they were: their date changed since, but someone had decided



def suggest_project(
    project: Project,
    nlp: Language,
    *,
    model: str | None = None,
    documents: Iterable[int] | None = None,
    batch_size: int = 32,
) -> Generator[Progress, None, SuggestReport]:
    """Pre-annotate the project's documents (or the given ones) with `nlp` and the
    rules, parsing with nlp.pipe in batches (a pipeline from `dateline train` gives
    the spans of its trained labels). Documents already suggested by this
    model are skipped, so an interrupted run resumes, unless their date changed
    since and no one has decided on their suggestions (then they are suggested
    again); each document is stored all or nothing. Yields progress per
    document; closing the generator stops after the last stored document.
    """
    name = model or model_identity(nlp)
    wanted = list(project.document_ids() if documents is None else documents)
    done = done_documents(project, name)
    report = SuggestReport(name)
    for ident in stale_documents(project, name) & set(wanted):
        try:
            delete_suggestions(project, name, ident)  # refused once anyone has decided
        except ValidationError:
            report.stale += 1
            continue
        done.discard(ident)
        report.redated += 1
    todo = [i for i in wanted if i not in done]
    report.skipped = len(wanted) - len(todo)
    yield Progress(0, len(todo), f"suggesting with {name}")
    for begin in range(0, len(todo), batch_size):
        batch = [project.document(i) for i in todo[begin:begin + batch_size]]
        parsed = nlp.pipe((d.text for d in batch), batch_size=batch_size)
        for offset, (doc, nlp_doc) in enumerate(zip(batch, parsed, strict=True)):
            found, stored = _suggest_and_store(project, doc.id, doc.date, nlp_doc, nlp, name)
            if stored:
                report.documents += 1
                report.spans += len(found.spans)
                report.relations += len(found.relations)
            yield Progress(begin + offset + 1, len(todo), doc.title)
    return report


#: How often a document whose date keeps changing under a run is worked out again.
_DATE_RETRIES = 3


def _suggest_and_store(
    project: Project, document_id: int, date: str | None, nlp_doc: Doc, nlp: Language,
    model: str,
) -> tuple[Suggestions, bool]:
    """Suggest one parsed document against its date and store the result with
    that date; when the date changed meanwhile (another program, or the
    window while this run works in the background), work the suggestions out
    again against the new date. Raises DateChangedError when it keeps changing."""
    from annotations.suggest.pipeline import suggest_document  # spaCy, loaded by now

    for attempt in range(_DATE_RETRIES):
        found = suggest_document(nlp_doc, date, nlp)
        try:
            return found, store_suggestions(project, document_id, model, found, date=date)
        except DateChangedError as exc:
            if attempt == _DATE_RETRIES - 1:
                raise
            date = exc.date
    raise AssertionError("unreachable")
