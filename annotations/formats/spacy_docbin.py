"""spaCy DocBin (.spacy), one file per split part, for `spacy train` without glue code.

Each Doc is the document's text through spaCy's English tokenizer, with
- `doc.spans[KEY]` (KEY: --spans-key, default "sc"): every span that lines up
  with token edges, labelled, in the store's order (start, end);
- `doc.ents`: the spans of the labels chosen with `ents` (--ents), or by
  default of the labels that never overlap a span of another label anywhere
  in the exported work (the same for every split part; the report names the
  others), so that `ner` can train on them; of chosen spans that overlap each
  other the first (the longer at one start) goes in, the others are reported;
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

from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotations.dataset import AnnotatedDocument, tokenizer
from annotations.formats.base import ExportOptions, ExportReport, Format, Written, register
from annotations.formats.docbin_stream import StreamingDocBin
from annotations.formats.writing import WriteDocument, write_parts, written
from annotations.progress import Progress
from annotations.store import Project
from annotations.store.exports import label_overlaps

USER_DATA_KEY = "dateline"


def ents_labels(project: Project, options: ExportOptions) -> tuple[set[str], set[str]]:
    """(labels that go into doc.ents, labels left out of them), the same for every
    split part and every later export: options.ents when given, else the labels
    that never overlap a span of another label anywhere in the exported work."""
    present, pairs = label_overlaps(project, options.annotator, options.suggestions)
    if options.ents is not None:
        chosen = set(options.ents)
        return chosen, present - chosen
    overlapping = {a for a, _ in pairs}
    return present - overlapping, overlapping


def first_of_overlaps(spans: list[Any]) -> tuple[list[Any], list[Any]]:
    """(spans that overlap no span kept before them, the others), spans in text order."""
    kept: list[Any] = []
    dropped: list[Any] = []
    for span in sorted(spans, key=lambda sp: (sp.start, -sp.end)):
        if kept and span.start < kept[-1].end:
            dropped.append(span)
        else:
            kept.append(span)
    return kept, dropped


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
        doc.ents, dropped = first_of_overlaps([sp for sp in spans if sp.label_ in ents])
        warnings += [f"document {item.document.id} span {sp.id_} {sp.label_} "
                     f"{sp.start_char}-{sp.end_char} {sp.text!r} overlaps another of doc.ents; "
                     "left out of doc.ents (kept in doc.spans)" for sp in dropped]
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

    nlp = tokenizer()
    # DocBin.add packs each Doc's user_data with a new msgpack Packer, whose set-up
    # looks up catalogue entry points (about 1 ms a document); one Packer for the
    # whole export writes the same bytes. The DocBin then stores them as its user_data.
    packer = srsly.msgpack.Packer(use_bin_type=True)
    ents, others = ents_labels(project, options)
    who = options.suggestions or options.annotator
    warnings: list[str] = []
    if others:
        warnings.append(
            f"doc.ents holds {', '.join(sorted(ents)) or 'no label'}; "
            f"{', '.join(sorted(others))} are only in doc.spans[{options.spans_key!r}]"
            + ("" if options.ents is not None else
               " (they overlap other labels; choose the labels of doc.ents with --ents)"))

    @contextmanager
    def part(target: Path, report: ExportReport) -> Iterator[WriteDocument]:
        # Memory stays flat: chunks go to temporary files, their strings freed.
        db = StreamingDocBin(nlp=nlp)
        try:
            def write(item: AnnotatedDocument) -> Written:
                doc, problems = make_doc(nlp, item, who, options.spans_key, ents)
                db.add(doc, packer.pack(doc.user_data))
                return written(item, problems)

            yield write
            db.write(target)
        finally:
            db.close()
        report.files.append(str(target))

    report = yield from write_parts(project, out, options, part, suffix=".spacy")
    report.warnings[:0] = warnings
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
