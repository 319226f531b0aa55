"""spaCy DocBin (.spacy), one file per split part, for `spacy train` without glue code.

Each Doc is the document's text through spaCy's English tokenizer, with
- `doc.spans[KEY]` (KEY: --spans-key, default "sc"): every span that lines up
  with token edges, labelled, in the store's order (start, end);
- `doc.ents`: the spans of the labels that never overlap a span of another
  label anywhere in the annotator's work (the same for every split part; the
  report names the others), so that `ner` can train on them;
- `doc.user_data["dateline"]`: {"document": {id, uid, title, date, source,
  meta}, "annotator", "status", "note", "spans_key", "spans": [{id, attrs,
  origin}] (index i describes doc.spans[KEY][i], whose label, start_char and
  end_char are the span's; `id` is the span's id in the project), "relations":
  [{id, label, head, child, head_span, child_span}] (head/child index into
  doc.spans[KEY]; head_span/child_span our span ids), "misaligned": [{id,
  label, start, end, text, attrs}] (spans whose edges fall inside a token:
  left out of doc.spans, never shifted, and listed in the export's warnings)}.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

from annotations.dataset import AnnotatedDocument, tokenizer
from annotations.errors import NotFoundError
from annotations.formats.base import ExportOptions, ExportReport, Format, register
from annotations.formats.writing import count_written, documents, export_parts, part_file
from annotations.progress import Progress
from annotations.store import Project
from annotations.store.export import labels_overlap, span_labels

USER_DATA_KEY = "dateline"


def ents_labels(project: Project, annotator: str) -> tuple[set[str], set[str]]:
    """(labels that go into doc.ents, labels that overlap another label) in all of
    `annotator`'s work, so that every split part and every later export agrees."""
    try:
        who = project.annotator_id(annotator, create=False)
    except NotFoundError:
        return set(), set()
    labels = span_labels(project, who)
    overlapping: set[str] = set()
    for i, first in enumerate(labels):
        for second in labels[i + 1 :]:
            if not {first, second} <= overlapping and labels_overlap(project, who, first, second):
                overlapping.update((first, second))
    return set(labels) - overlapping, overlapping


def make_doc(
    nlp: Any, item: AnnotatedDocument, annotator: str, key: str, ents: set[str]
) -> tuple[Any, list[str]]:
    """The spaCy Doc of one annotated document, and warnings for misaligned spans."""
    doc = nlp.make_doc(item.document.text)
    spans: list[Any] = []
    described: list[dict[str, Any]] = []
    misaligned: list[dict[str, Any]] = []
    index: dict[int, int] = {}
    warnings: list[str] = []
    for s in item.spans:
        found = doc.char_span(s.start, s.end, label=s.label, alignment_mode="strict",
                              span_id=f"s{s.id}")
        if found is None:
            warnings.append(
                f"document {item.document.id} span s{s.id} {s.label} {s.start}-{s.end} "
                f"{s.text!r} does not line up with tokens; left out of doc.spans "
                f"(kept in user_data)")
            misaligned.append({"id": s.id, "label": s.label, "start": s.start, "end": s.end,
                               "text": s.text, "attrs": s.attrs})
            continue
        index[s.id] = len(spans)
        spans.append(found)
        described.append({"id": s.id, "attrs": s.attrs, "origin": s.origin})
    doc.spans[key] = spans
    if ents:
        doc.ents = [span for span in spans if span.label_ in ents]
    doc.user_data[USER_DATA_KEY] = {
        "document": {"id": item.document.id, "uid": item.document.uid,
                     "title": item.document.title, "date": item.document.date,
                     "source": item.document.source, "meta": item.document.meta},
        "annotator": annotator,
        "status": item.status, "note": item.note, "spans_key": key,
        "spans": described,
        "relations": [
            {"id": r.id, "label": r.label, "head": index.get(r.head), "child": index.get(r.child),
             "head_span": r.head, "child_span": r.child}
            for r in item.relations
        ],
        "misaligned": misaligned,
    }
    return doc, warnings


def write_docbin(
    project: Project, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Write one .spacy DocBin per split part.

    Raises DatelineError for an unknown --status; OSError when OUT cannot be written.
    """
    import srsly
    from spacy.tokens import DocBin

    nlp = tokenizer()
    # DocBin.add packs each Doc's user_data with a new msgpack Packer, whose set-up
    # looks up catalogue entry points (about 1 ms a document); one Packer for the
    # whole export writes the same bytes. The DocBin then stores them as its user_data.
    packer = srsly.msgpack.Packer(use_bin_type=True)
    parts = export_parts(project, options)
    every = [i for ids in parts.values() for i in ids]
    ents, overlapping = ents_labels(project, options.annotator)
    report = ExportReport()
    if overlapping:
        report.warnings.append(
            f"doc.ents holds {', '.join(sorted(ents)) or 'no label'}; "
            f"{', '.join(sorted(overlapping))} overlap other labels, so they are only in "
            f"doc.spans[{options.spans_key!r}]")
    total, done = len(every), 0
    for part, ids in parts.items():
        target = part_file(out, part, ".spacy")
        db = DocBin(store_user_data=False)
        packed: list[bytes | None] = []
        for item in documents(project, ids, options.annotator):
            doc, warnings = make_doc(nlp, item, options.annotator, options.spans_key, ents)
            db.add(doc)
            packed.append(packer.pack(doc.user_data))
            count_written(report, item, warnings)
            done += 1
            if done % 50 == 0:
                yield Progress(done, total, "exporting")
        db.store_user_data, db.user_data = True, packed
        db.to_disk(target)
        report.files.append(str(target))
    yield Progress(done, total, "exported")
    return report


SPACY = register(
    Format(
        name="spacy",
        id="dateline.spacy.v1",
        title="spaCy DocBin (.spacy)",
        writer=write_docbin,
        suffix=".spacy",
    )
)
