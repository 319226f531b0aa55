"""CoNLL-2003-style IOB2 in the layout spaCy's converter reads
(`spacy convert -c ner`): one token a line as `TOKEN TAG`, sentences
separated by a blank line, each document starting with `-DOCSTART- -X- O O`.

The converter reads one tag column (the last), so a file holds one label
group: with `labels` (--labels) the one file holds those labels; without,
labels that never overlap each other share a file and a label that overlaps
another gets a file of its own (greedy, in schema order), named
`OUT-STEM.LABEL+LABEL.conll` when there is more than one. Of spans of one
file that overlap, the first (the longer at one start) is written and the
others are reported. A README beside the files says their column order and
labels. Sentences come from spaCy's rule-based sentencizer (no model), and a
line break in the text also ends one. White-space tokens are left out; a span
that runs over a sentence break starts again with B- in the next sentence
(each sentence is valid IOB2 on its own).
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, TextIO

from annotations.dataset import AnnotatedDocument, sentence_splitter
from annotations.formats.base import ExportOptions, ExportReport, Format, Written, register
from annotations.formats.writing import WriteDocument, write_parts
from annotations.model import Span
from annotations.progress import Progress
from annotations.store import Project
from annotations.store.exports import label_overlaps

DOCSTART = "-DOCSTART- -X- O O"  # the document line spaCy's and others' converters expect


def label_layers(labels: list[str], overlaps: set[tuple[str, str]]) -> list[list[str]]:
    """Group labels so that no two labels of a group overlap."""
    layers: list[list[str]] = []
    for label in labels:
        for layer in layers:
            if all((label, other) not in overlaps for other in layer):
                layer.append(label)
                break
        else:
            layers.append([label])
    return layers


def label_groups(project: Project, options: ExportOptions) -> list[list[str]]:
    """The label group of each file: options.labels, or the exported labels in
    groups that never overlap (schema order first)."""
    if options.labels is not None:
        return [list(options.labels)]
    present, pairs = label_overlaps(project, options.annotator, options.suggestions)
    order = [lab for lab in project.schema.label_names if lab in present]
    return label_layers(order + sorted(present - set(order)), pairs) or [[]]


def sentence_ids(doc: Any) -> list[int]:
    """The sentence of each token: the sentencizer's, and a new one after a line break."""
    ids: list[int] = []
    current = -1
    after_break = True
    for token in doc:
        if token.is_sent_start or (after_break and not token.is_space):
            current += 1
            after_break = False
        ids.append(current)
        if token.is_space and "\n" in token.text:
            after_break = True
    return ids


def conll_lines(doc: Any, item: AnnotatedDocument, labels: list[str]
                ) -> tuple[list[str], list[str]]:
    """The lines of one document for one label group, and warnings for spans that
    do not line up with tokens or overlap a span written before them."""
    sent = sentence_ids(doc)
    tags = ["O"] * len(doc)
    warnings: list[str] = []
    taken = -1  # the token end of the last span written
    for s in _ordered([s for s in item.spans if s.label in labels]):
        found = doc.char_span(s.start, s.end, alignment_mode="strict")
        if found is None or found.start < taken:
            why = ("does not line up with tokens" if found is None
                   else "overlaps a span written before it")
            warnings.append(f"document {item.document.id} span s{s.id} {s.label} "
                            f"{s.start}-{s.end} {s.text!r} {why}; left out")
            continue
        taken = found.end
        last = -1
        for i in range(found.start, found.end):
            if doc[i].is_space:
                continue
            tags[i] = ("B-" if last < 0 or sent[i] != sent[last] else "I-") + s.label
            last = i
    lines = [DOCSTART, ""]
    words: list[str] = []
    for i, token in enumerate(doc):
        if i > 0 and sent[i] != sent[i - 1] and words:
            lines += [*words, ""]
            words = []
        if not token.is_space:
            words.append(f"{'_'.join(token.text.split())} {tags[i]}")
    if words:
        lines += [*words, ""]
    return lines, warnings


def _ordered(spans: list[Span]) -> list[Span]:
    return sorted(spans, key=lambda s: (s.start, -s.end, s.id))


def group_file(target: Path, group: list[str], several: bool) -> Path:
    """The file of one label group: the part's file itself, or its stem plus the labels."""
    if not several:
        return target
    return target.with_name(f"{target.stem}.{'+'.join(group)}{target.suffix}")


def readme(files: list[tuple[Path, list[str]]]) -> str:
    lines = ["CoNLL-2003-style IOB2 files written by Dateline for `spacy convert -c ner`.",
             "Columns of every line: TOKEN TAG (one token a line, a blank line between",
             "sentences, each document starting with the line '-DOCSTART- -X- O O').", ""]
    lines += [f"{path.name}: {', '.join(group) or 'no labels'}" for path, group in files]
    return "\n".join(lines) + "\n"


def write_conll(
    project: Project, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Write a .conll file per label group and split part, and a README beside them.

    Raises DatelineError for an unknown --status.
    """
    nlp = sentence_splitter()
    groups = label_groups(project, options)

    @contextmanager
    def part(target: Path, report: ExportReport) -> Iterator[WriteDocument]:
        files = [(group_file(target, g, len(groups) > 1), g) for g in groups]
        with ExitStack() as stack:
            handles: list[TextIO] = [stack.enter_context(p.open("w", encoding="utf-8"))
                                     for p, _ in files]

            def write(item: AnnotatedDocument) -> Written:
                doc = nlp(item.document.text)
                result = Written()
                for fh, (_, group) in zip(handles, files, strict=True):
                    lines, problems = conll_lines(doc, item, group)
                    fh.write("\n".join(lines) + "\n")
                    result.spans += sum(1 for s in item.spans if s.label in group)
                    result.spans -= len(problems)  # one warning a span left out
                    result.warnings += problems
                return result

            yield write
        target.with_suffix(".README.txt").write_text(readme(files), encoding="utf-8")
        report.files += [str(p) for p, _ in files]

    report = yield from write_parts(project, out, options, part, suffix=".conll")
    report.warnings.insert(0, "columns: TOKEN TAG; " + "; ".join(
        f"{'+'.join(g) or 'no labels'} in {group_file(Path(out.name), g, len(groups) > 1)}"
        for g in groups))
    return report


CONLL = register(
    Format(
        name="conll",
        id="dateline.conll.v1",
        title="CoNLL-2003-style IOB2 for spacy convert (.conll)",
        writer=write_conll,
        suffix=".conll",
    )
)
