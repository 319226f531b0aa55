"""Running the suggester over a project: parse in batches, store each
document's suggestions all or nothing, resume where a run stopped."""

from __future__ import annotations

from collections.abc import Generator, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotations.progress import Progress
from annotations.store.suggestions import done_documents, store_suggestions
from annotations.suggest.model import model_identity
from annotations.suggest.pipeline import suggest_document

if TYPE_CHECKING:
    from spacy.language import Language

    from annotations.store import Project


@dataclass
class SuggestReport:
    model: str
    documents: int = 0  # suggested in this run
    skipped: int = 0  # already done for this model
    spans: int = 0
    relations: int = 0



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
    model are skipped, so an interrupted run resumes; each document is stored
    all or nothing. Yields progress per document; closing the generator stops
    after the last stored document.
    """
    name = model or model_identity(nlp)
    wanted = list(project.document_ids() if documents is None else documents)
    done = done_documents(project, name)
    todo = [i for i in wanted if i not in done]
    report = SuggestReport(name, skipped=len(wanted) - len(todo))
    yield Progress(0, len(todo), f"suggesting with {name}")
    for begin in range(0, len(todo), batch_size):
        batch = [project.document(i) for i in todo[begin:begin + batch_size]]
        parsed = nlp.pipe((d.text for d in batch), batch_size=batch_size)
        for offset, (doc, nlp_doc) in enumerate(zip(batch, parsed, strict=True)):
            found = suggest_document(nlp_doc, doc.date, nlp)
            if store_suggestions(project, doc.id, name, found):
                report.documents += 1
                report.spans += len(found.spans)
                report.relations += len(found.relations)
            yield Progress(begin + offset + 1, len(todo), doc.title)
    return report
