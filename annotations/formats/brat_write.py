"""Writing brat standoff: `<doc>.txt` and `<doc>.ann` per document.

T lines by brat's own rules: a span that crosses a line break is written as
fragments split at each break (`T1\tQUOTE 0 5;6 10\ttext text`), and each T
line's text is its fragments' text joined by a space, as brat's parser checks.
A and # lines carry the attributes (bool attributes as true|false; a text
attribute such as DATE's value as the span's AnnotatorNotes), R lines the
relations. The lines an import kept in the document's meta (T lines of
labels mapped away, E, N and * lines, attributes and notes the scheme has no
place for) are written back with their ids renumbered and their references
following the spans they named; a line whose span is gone is left out and
reported. annotation.conf and visual.conf come from the schema, so that brat
opens the folder, and documents.tsv (file, date, title, source), which brat
ignores and the reader takes the document date, title and source from.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotations.dataset import AnnotatedDocument
from annotations.formats.base import ExportOptions, ExportReport, Written
from annotations.formats.writing import Stems, WriteDocument, one_line, write_parts
from annotations.progress import Progress
from annotations.schema import LabelSchema
from annotations.store import Project

NOTE = "AnnotatorNotes"
KEPT = "brat"  # the key of the lines an import kept in a document's meta
_BREAK = re.compile(r"[\r\n]+")
_REFERENCE = re.compile(r"(?<=[ :])([TE]\d+(?:\.\d+)?)\b")
_KEPT_KINDS = "REAMN#*"  # the kinds of kept line written back besides T lines
_KEPT_T = re.compile(r"^T\d*\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t|$)")


def kept_references(line: str) -> list[str]:
    """The T and E ids a kept .ann line names (after its own id, before its text)."""
    return _REFERENCE.findall(line.partition("\t")[2].partition("\t")[0])


def annotation_conf(schema: LabelSchema) -> str:
    """brat's annotation.conf for a schema: entities, relations, choice and bool
    attributes (bool as true|false, so false survives); text attributes go to notes."""
    lines = ["[entities]", *schema.label_names, "", "[relations]"]
    for rel in schema.relations:
        lines.append(f"{rel.name}\tArg1:{'|'.join(rel.heads)}, Arg2:{'|'.join(rel.children)}")
    lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", "",
              "[attributes]"]
    owners: dict[str, list[str]] = {}
    values: dict[str, list[str]] = {}
    for label in schema.labels:
        for attr in label.attributes:
            if attr.type == "text":
                continue
            owners.setdefault(attr.name, []).append(label.name)
            choices = attr.values if attr.type == "choice" else ("true", "false")
            known = values.setdefault(attr.name, [])
            known += [v for v in choices if v not in known]
    for name, labels in owners.items():
        lines.append(f"{name}\tArg:{'|'.join(labels)}, Value:{'|'.join(values[name])}")
    return "\n".join(lines) + "\n"


def visual_conf(schema: LabelSchema) -> str:
    """brat's visual.conf: the schema's colours."""
    lines = ["[labels]", *(f"{lab.name} | {lab.name}" for lab in schema.labels),
             *(f"{rel.name} | {rel.name}" for rel in schema.relations), "", "[drawing]"]
    lines += [f"{lab.name}\tbgColor:{lab.color}" for lab in schema.labels]
    lines += [f"{rel.name}\tcolor:{rel.color}" for rel in schema.relations]
    return "\n".join(lines) + "\n"


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of text[start:end] between its line breaks, as brat splits a span
    that crosses one; pieces of white space only are left out."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for found in _BREAK.finditer(text, start, end):
        pieces.append((pos, found.start()))
        pos = found.end()
    pieces.append((pos, end))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


def t_line(ident: str, label: str, text: str, pieces: list[tuple[int, int]]) -> str:
    """A T line: its offsets and its fragments' text joined by a space (brat's rule)."""
    offsets = ";".join(f"{a} {b}" for a, b in pieces)
    return f"{ident}\t{label} {offsets}\t{' '.join(text[a:b] for a, b in pieces)}"


class _AnnWriter:
    """The .ann lines of one document."""

    def __init__(self, item: AnnotatedDocument, schema: LabelSchema) -> None:
        self.item, self.schema = item, schema
        self.text = item.document.text
        self.lines: list[str] = []
        self.warnings: list[str] = []
        self.counts: dict[str, int] = {}
        self.tid: dict[int, str] = {}  # our span id -> its T id
        self.spans = self.relations = 0

    def new_id(self, kind: str) -> str:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return f"{kind}{self.counts[kind]}"

    def render(self) -> list[str]:
        for span in self.item.spans:
            self._span(span)
        for r in self.item.relations:
            if r.head in self.tid and r.child in self.tid:
                self.relations += 1
                self.lines.append(f"{self.new_id('R')}\t{r.label} Arg1:{self.tid[r.head]} "
                                  f"Arg2:{self.tid[r.child]}")
        before, counts = len(self.lines), dict(self.counts)
        try:
            self._kept()
        except (TypeError, ValueError, AttributeError, IndexError) as exc:
            del self.lines[before:]
            self.counts = counts
            self.warnings.append(f"document {self.item.document.id}: the brat lines its import "
                                 f"kept in meta cannot be written ({exc}); left out")
        return self.lines

    def _span(self, s: Any) -> None:
        pieces = fragments(self.text, s.start, s.end)
        if not pieces:
            self.warnings.append(f"document {self.item.document.id} span s{s.id} {s.label} "
                                 f"{s.start}-{s.end} holds only white space; left out")
            return
        ident = self.tid[s.id] = self.new_id("T")
        self.spans += 1
        self.lines.append(t_line(ident, s.label, self.text, pieces))
        spec = self.schema.label(s.label)
        texts: list[tuple[str, str]] = []
        for name, value in sorted(s.attrs.items()):
            attr = spec.attribute(name) if spec is not None else None
            if attr is not None and attr.type == "text":
                texts.append((name, str(value)))
                continue
            shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
            self.lines.append(f"{self.new_id('A')}\t{name} {ident} {shown}")
        if texts:
            single = spec is not None and sum(a.type == "text" for a in spec.attributes) == 1
            note = texts[0][1] if len(texts) == 1 and single else " | ".join(
                f"{k}: {v}" for k, v in texts)
            if one_line(note) != note:
                self.warnings.append(f"document {self.item.document.id} span s{s.id}: a line "
                                     "break or tab in a text attribute became a space in its "
                                     "brat note")
            self.lines.append(f"{self.new_id('#')}\t{NOTE} {ident}\t{one_line(note)}")

    def _kept(self) -> None:
        """The lines an import kept, renumbered, their references following the spans."""
        kept = self.item.document.meta.get(KEPT)
        if not isinstance(kept, dict):
            return
        lines = [str(line) for line in kept.get("lines", [])]
        if any("\n" in line or "\r" in line for line in lines):
            raise ValueError("a kept line holds a line break")
        old = self._old_ids(kept.get("bounds", {}), lines)
        resolved: list[str] = []
        for line in lines:
            kind = line[:1]
            if kind == "T" and _KEPT_T.match(line):
                continue  # written by _old_ids
            if not kind or kind not in _KEPT_KINDS or "\t" not in line:
                self.warnings.append(f"document {self.item.document.id}: {line[:60]!r} kept "
                                     "from its import is not a brat line; left out")
                continue
            ident, _, rest = line.partition("\t")
            new = "*" if kind == "*" else old.get(ident) or self.new_id(kind)
            head, tab, tail = rest.partition("\t")
            missing: list[str] = []

            def swap(found: re.Match[str], missing: list[str] = missing) -> str:
                if found.group(1) not in old:
                    missing.append(found.group(1))
                return old.get(found.group(1), found.group(1))

            head = _REFERENCE.sub(swap, head)
            if missing:
                self.warnings.append(
                    f"document {self.item.document.id}: the brat line {line[:60]!r} kept from "
                    f"its import names {', '.join(missing)}, which is gone; left out")
                continue
            resolved.append(f"{new}\t{head}{tab}{tail}")
        self.lines += resolved

    def _old_ids(self, bounds: dict[str, Any], lines: list[str]) -> dict[str, str]:
        """Old T and E id -> new id: imported spans found by label and offsets, kept
        T lines written anew (with their fragments split at line breaks)."""
        old: dict[str, str] = {}
        where = {(s.label, s.start, s.end): self.tid[s.id]
                 for s in self.item.spans if s.id in self.tid}
        for tid, bound in bounds.items():
            if isinstance(bound, list) and len(bound) == 3:
                found = where.get((str(bound[0]), int(bound[1]), int(bound[2])))
                if found is not None:
                    old[str(tid)] = found
        for line in lines:
            ident = line.partition("\t")[0]
            match = _KEPT_T.match(line) if line.startswith("T") else None
            if match is not None:
                offsets = [tuple(map(int, f.split(" "))) for f in match.group(2).split(";")]
                start, end = offsets[0][0], offsets[-1][1]
                pieces = fragments(self.text, start, end) if 0 <= start < end <= len(
                    self.text) else []
                if pieces:
                    old[ident] = self.new_id("T")
                    self.lines.append(t_line(old[ident], match.group(1), self.text, pieces))
            elif line.startswith("E") and ident != "E":
                old[ident] = self.new_id("E")
        return old


def ann_lines(item: AnnotatedDocument, schema: LabelSchema) -> tuple[list[str], Written]:
    """The .ann lines of one document, and what they hold (with warnings for what
    brat cannot hold)."""
    writer = _AnnWriter(item, schema)
    lines = writer.render()
    if "\r" in item.document.text:
        writer.warnings.append(f"document {item.document.id} holds a carriage return, which "
                               "brat reads as part of a line break: its offsets after it will "
                               "be off by one in brat")
    return lines, Written(writer.spans, writer.relations, writer.warnings)


def write_brat(
    project: Project, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Write a brat folder: X.txt and X.ann per document (a subfolder per split
    part), annotation.conf and visual.conf at the top.

    Raises DatelineError for an unknown --status.
    """
    out.mkdir(parents=True, exist_ok=True)
    (out / "annotation.conf").write_text(annotation_conf(project.schema), encoding="utf-8")
    (out / "visual.conf").write_text(visual_conf(project.schema), encoding="utf-8")

    @contextmanager
    def part(folder: Path, report: ExportReport) -> Iterator[WriteDocument]:
        stems = Stems()

        def write(item: AnnotatedDocument) -> Written:
            stem = stems.stem(item.document, ".txt")
            lines, result = ann_lines(item, project.schema)
            with (folder / f"{stem}.txt").open("w", encoding="utf-8", newline="") as fh:
                fh.write(item.document.text)
            with (folder / f"{stem}.ann").open("w", encoding="utf-8", newline="") as fh:
                fh.write("".join(line + "\n" for line in lines))
            return result

        yield write
        stems.write_table(folder)

    return (yield from write_parts(project, out, options, part, folder=True))
