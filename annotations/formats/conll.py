"""CoNLL-2003-style IOB2: one token a line, one tag column per label layer.

Labels that never overlap each other in the export share a column; a label
that overlaps another gets a column of its own (greedy, in schema order), so
nested spans (a DATE inside a QUOTE) keep both tags. Lines are
`TOKEN TAG1 TAG2 ...` separated by single spaces; sentences (from the spaCy
parser) are separated by a blank line; each document starts with
`-DOCSTART- O ...`. White-space tokens are left out. A span that runs over a
sentence break starts again with B- in the next sentence (each sentence is
valid IOB2 on its own). The export report names the columns.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

from annotations.dataset import AnnotatedDocument
from annotations.formats.base import ExportOptions, ExportReport, Format, register
from annotations.formats.spacy_docbin import ents_labels
from annotations.formats.writing import documents, export_parts, part_file
from annotations.progress import Progress
from annotations.store import Project

SENTENCE_COMPONENTS = ("tok2vec", "parser", "senter")


def label_layers(labels: list[str], overlaps: set[tuple[str, str]]) -> list[list[str]]:
    """Group labels into columns so that no two labels of a column overlap."""
    layers: list[list[str]] = []
    for label in labels:
        for layer in layers:
            if all((label, other) not in overlaps for other in layer):
                layer.append(label)
                break
        else:
            layers.append([label])
    return layers


def overlapping_pairs(project: Project, ids: list[int], annotator: str) -> set[tuple[str, str]]:
    """Every (a, b) pair of labels whose spans overlap in the exported documents."""
    pairs: set[tuple[str, str]] = set()
    for item in documents(project, ids, annotator):
        open_spans: list[tuple[int, str]] = []
        for s in item.spans:  # ordered by start, end
            open_spans = [(e, lab) for e, lab in open_spans if e > s.start]
            for _, other in open_spans:
                if other != s.label:
                    pairs.update({(other, s.label), (s.label, other)})
            open_spans.append((s.end, s.label))
    return pairs


def sentence_pipeline(model: str | None, project: Project) -> Any:
    """The spaCy pipeline that splits sentences: --model, the project's model, or the default."""
    from annotations.suggest.model import chosen_model_name, load_model

    return load_model(chosen_model_name(model, project))


def conll_lines(doc: Any, item: AnnotatedDocument, layers: list[list[str]]
                ) -> tuple[list[str], list[str]]:
    """The lines of one document, and warnings for spans that do not line up."""
    column_of = {label: i for i, layer in enumerate(layers) for label in layer}
    tags = [["O"] * len(layers) for _ in range(len(doc))]
    warnings: list[str] = []
    for s in item.spans:
        found = doc.char_span(s.start, s.end, alignment_mode="strict")
        if found is None:
            warnings.append(f"document {item.document.id} span s{s.id} {s.label} "
                            f"{s.start}-{s.end} {s.text!r} does not line up with tokens; "
                            "left out")
            continue
        col = column_of[s.label]
        for i in range(found.start, found.end):
            starts = i == found.start or doc[i].is_sent_start
            tags[i][col] = ("B-" if starts else "I-") + s.label
    lines = ["-DOCSTART- " + " ".join("O" for _ in layers), ""]
    for sent in doc.sents:
        words = [f"{t.text} {' '.join(tags[t.i])}" for t in sent if not t.is_space]
        if words:
            lines += [*words, ""]
    return lines, warnings


def _too_long(item: AnnotatedDocument, limit: int) -> str:
    return (f"document {item.document.id} has {len(item.document.text):,} characters, more "
            f"than the sentence parser takes ({limit:,}); left out (export it as jsonl, "
            "spacy or brat)")


def write_conll(
    project: Project, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Write one .conll file per split part.

    Raises ModelError when no spaCy pipeline with a parser can be loaded,
    DatelineError for an unknown --status.
    """
    yield Progress(0, None, "loading the spaCy pipeline")
    nlp = sentence_pipeline(options.model, project)
    parts = export_parts(project, options)
    every = [i for ids in parts.values() for i in ids]
    pairs = overlapping_pairs(project, every, options.annotator)
    ents, overlapping = ents_labels(project, options.annotator)
    present = ents | overlapping
    order = [lab for lab in project.schema.label_names if lab in present]
    layers = label_layers(order + sorted(present - set(order)), pairs) or [[]]
    report = ExportReport()
    report.warnings.append("columns: TOKEN " + " ".join("/".join(layer) or "-" for layer in layers))
    enabled = [c for c in SENTENCE_COMPONENTS if c in nlp.pipe_names]
    total, done = len(every), 0
    for part, ids in parts.items():
        target = part_file(out, part, ".conll")
        with target.open("w", encoding="utf-8") as fh, nlp.select_pipes(enable=enabled):
            for item in documents(project, ids, options.annotator):
                done += 1
                if len(item.document.text) > nlp.max_length:
                    report.warnings.append(_too_long(item, nlp.max_length))
                    continue
                doc = nlp(item.document.text)
                lines, warnings = conll_lines(doc, item, layers)
                fh.write("\n".join(lines) + "\n")
                report.documents += 1
                report.spans += len(item.spans)
                report.warnings += warnings
                if done % 20 == 0:
                    yield Progress(done, total, "exporting")
        report.files.append(str(target))
    yield Progress(done, total, "exported")
    return report


CONLL = register(
    Format(
        name="conll",
        id="dateline.conll.v1",
        title="CoNLL-2003-style IOB2 (.conll)",
        writer=write_conll,
        suffix=".conll",
    )
)
