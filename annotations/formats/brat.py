"""brat standoff: a .txt with its .ann (T, R, E, A/M, #, N and * lines).

Where the annotations are: the standard layout has `X.ann` beside `X.txt`;
PolNeAR's layout keeps the texts in a folder named `text` (or `texts`, `txt`)
and the annotations in a sibling folder (`attributions/`), named `X.ann` or
`X_<annotator>.ann`. A text with several annotators' .ann files is imported
once per file, as the annotator `NAME.<annotator>`.

Reading: T lines become spans (labels renamed or dropped by --label-map),
A/M lines their attributes (a binary attribute is true; "true"/"false" values
of a bool attribute become booleans), AnnotatorNotes (#) on a span with a text
attribute (DATE's value) that attribute's value, R lines relations, and each
E line relations between its arguments wherever the schema has a relation from
one's label to the other's (PolNeAR's Source -> Content gives SAID). A
discontinuous span (`start end;start end`) is one span when only white space
separates its pieces and one span per piece otherwise (each linked like the
whole); either way a warning names its line. Lines not imported are kept in
the document's meta under "brat".

A .txt that starts with a byte-order mark is read without it, the offsets
moved back by one (brat counts the mark as a character). Writing is in
brat_write.py.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotations.errors import Problem
from annotations.formats.base import (
    DocumentRecord,
    Format,
    ReadOptions,
    RelationRecord,
    SpanRecord,
    register,
)
from annotations.formats.brat_write import KEPT, NOTE, kept_references, write_brat
from annotations.formats.textfile import decode
from annotations.formats.writing import DOCUMENTS_TSV
from annotations.schema import LabelSchema, default_schema

TEXT_FOLDERS = ("text", "texts", "txt")
CONF_FILES = ("annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf")
_ID = re.compile(r"^([TREAMN#]\d+|\*)\t")
_SUFFIXED = re.compile(r"^(.+)_([A-Za-z0-9]+)$")
_OFFSETS = re.compile(r"^\d+ \d+(;\d+ \d+)*$")


# --- where the annotations of a text are ------------------------------------------


def _folder_key(folder: Path) -> tuple[tuple[str, int], ...]:
    """The folders that may hold `folder`'s .ann files, with their mtimes (a cache key)."""
    dirs = [str(folder)]
    if folder.name.lower() in TEXT_FOLDERS:
        dirs += [d for d in _subfolders(str(folder.parent)) if d != dirs[0]]
    key = []
    for d in dirs:
        with contextlib.suppress(OSError):
            key.append((d, os.stat(d).st_mtime_ns))
    return tuple(key)


_SUBFOLDERS: dict[tuple[str, int], list[str]] = {}


def _subfolders(parent: str) -> list[str]:
    """The visible subfolders of `parent`, cached while its mtime stays the same."""
    try:
        key = (parent, os.stat(parent).st_mtime_ns)
    except OSError:
        return []
    found = _SUBFOLDERS.get(key)
    if found is None:
        with os.scandir(parent) as entries:
            found = sorted(e.path for e in entries if e.is_dir() and not e.name.startswith("."))
        if len(_SUBFOLDERS) > 64:
            _SUBFOLDERS.clear()
        _SUBFOLDERS[key] = found
    return found


_INDEX_CACHE: dict[tuple[tuple[str, int], ...], dict[str, list[Path]]] = {}


def _index(folder: Path) -> dict[str, list[Path]]:
    """Text stem -> its .ann files, for the .txt files in `folder` (cached by mtimes)."""
    key = _folder_key(folder)
    found = _INDEX_CACHE.get(key)
    if found is None:
        found = _build_index([Path(d) for d, _ in key])
        if len(_INDEX_CACHE) > 64:
            _INDEX_CACHE.clear()
        _INDEX_CACHE[key] = found
    return found


def _build_index(dirs: list[Path]) -> dict[str, list[Path]]:
    if not dirs:
        return {}
    stems = {p.stem for p in _listing(dirs[0]) if p.suffix == ".txt"}
    index: dict[str, list[Path]] = {}
    for d in dirs:
        for ann in _listing(d):
            if ann.suffix != ".ann":
                continue
            stem = _text_stem(ann.stem, stems)
            if stem is not None:
                index.setdefault(stem, []).append(ann)
    return {stem: sorted(anns) for stem, anns in index.items()}


def _listing(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            return [Path(e.path) for e in entries if e.is_file()]
    except OSError:
        return []


def _text_stem(ann_stem: str, stems: set[str]) -> str | None:
    if ann_stem in stems:
        return ann_stem
    match = _SUFFIXED.match(ann_stem)
    if match and match.group(1) in stems:
        return match.group(1)
    return None


def annotations_of(text: Path) -> list[Path]:
    """The .ann files that annotate this .txt (none: it is a plain text)."""
    return _index(text.parent).get(text.stem, [])


def text_of(ann: Path) -> Path | None:
    """The .txt that this .ann annotates, or None."""
    beside = ann.with_suffix(".txt")
    if beside.is_file():
        return beside
    candidates = [ann.parent] + [p for p in _siblings(ann.parent)
                                 if p.name.lower() in TEXT_FOLDERS]
    for folder in candidates:
        for txt, anns in _index(folder).items():
            if ann in anns:
                return folder / f"{txt}.txt"
    return None


def _siblings(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.parent.iterdir() if p.is_dir() and p != folder]
    except OSError:
        return []


def _detect(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".txt":
        return bool(annotations_of(path))
    return suffix == ".ann" and text_of(path) is None  # an orphan: read to report it


def _companion(path: Path) -> bool:
    if path.name in (*CONF_FILES, DOCUMENTS_TSV):
        return True
    return path.suffix.lower() == ".ann" and text_of(path) is not None


# --- parsing a .ann file -------------------------------------------------------------


@dataclass
class Bound:
    """A T line: a label over one or more (start, end) fragments."""

    id: str
    label: str
    fragments: list[tuple[int, int]]
    text: str
    line: int


@dataclass
class Ann:
    """The parsed lines of one .ann file."""

    bounds: dict[str, Bound] = field(default_factory=dict)
    relations: list[tuple[str, str, str, int]] = field(default_factory=list)  # label, a, b
    events: list[tuple[str, list[tuple[str, str]], int]] = field(default_factory=list)
    attributes: list[tuple[str, str, str | None, int]] = field(default_factory=list)
    notes: list[tuple[str, str, int]] = field(default_factory=list)  # target, note, line
    other: list[str] = field(default_factory=list)  # lines kept as they are (N, *)
    problems: list[Problem] = field(default_factory=list)


def parse_ann(content: str, file: str) -> Ann:
    """Parse .ann text; each malformed line becomes a Problem with its number.

    A line that starts with no brat id continues the text of the T line before
    it (PolNeAR's span texts hold line breaks).
    """
    ann = Ann()
    last: Bound | None = None
    for number, raw in enumerate(content.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            if last is not None:
                last.text += "\n"
            continue
        if _ID.match(line) is None:
            if last is not None:
                last.text += "\n" + line
            else:
                ann.problems.append(Problem(file, number, f"not a brat line: {line[:60]!r}"))
            continue
        last = None
        try:
            last = _parse_line(ann, line, number)
        except ValueError as exc:
            ann.problems.append(Problem(file, number, str(exc)))
    return ann


def _parse_line(ann: Ann, line: str, number: int) -> Bound | None:
    ident, _, rest = line.partition("\t")
    kind = ident[0]
    if kind == "T":
        head, _, text = rest.partition("\t")
        label, _, offsets = head.partition(" ")
        if not label or _OFFSETS.match(offsets) is None:
            raise ValueError(f"{ident}: expected 'LABEL START END[;START END]', not {head!r}")
        fragments = [(int(a), int(b)) for a, b in (f.split(" ") for f in offsets.split(";"))]
        bound = Bound(ident, label, fragments, text, number)
        ann.bounds[ident] = bound
        return bound
    fields = rest.split("\t")[0].split(" ")
    if kind == "R":
        args = dict(_arg(a, ident) for a in fields[1:])
        if len(fields) != 3 or "Arg1" not in args or "Arg2" not in args:
            raise ValueError(f"{ident}: expected 'LABEL Arg1:ID Arg2:ID', not {rest!r}")
        ann.relations.append((fields[0], args["Arg1"], args["Arg2"], number))
    elif kind == "E":
        ann.events.append((ident, [_arg(a, ident) for a in fields if a], number))
    elif kind in "AM":
        if len(fields) not in (2, 3):
            raise ValueError(f"{ident}: expected 'NAME ID [VALUE]', not {rest!r}")
        ann.attributes.append((fields[0], fields[1], fields[2] if len(fields) == 3 else None,
                               number))
    elif kind == "#" and fields[0] == NOTE and len(fields) == 2:
        note = rest.split("\t", 1)[1] if "\t" in rest else ""
        ann.notes.append((fields[1], note, number))
    else:
        ann.other.append(line)
    return None


def _arg(text: str, ident: str) -> tuple[str, str]:
    role, sep, target = text.partition(":")
    if not sep or not target:
        raise ValueError(f"{ident}: argument {text!r} is not ROLE:ID")
    return role, target


# --- reading -----------------------------------------------------------------------


def read_brat(path: Path, options: ReadOptions) -> Iterator[DocumentRecord | Problem]:
    """A .txt with its .ann files: one document record per .ann file."""
    if path.suffix.lower() == ".ann":
        yield Problem(str(path), None, f"no text for this .ann (looked for {path.stem}.txt "
                                       "beside it and in a sibling text/ folder)")
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(str(path), None, f"cannot be read ({exc.strerror})")
        return
    text = decode(path, data)
    if isinstance(text, Problem):
        yield text
        return
    bom = data.startswith(codecs.BOM_UTF8)  # dropped from the text, counted by brat
    anns = annotations_of(path)
    schema = options.schema or default_schema()
    for ann_path in anns:
        yield from _read_ann(path, ann_path, text, options, schema, (len(anns), bom))


def _read_ann(
    txt: Path, ann_path: Path, text: str, options: ReadOptions, schema: LabelSchema,
    how: tuple[int, bool],
) -> Iterator[DocumentRecord | Problem]:
    name = str(ann_path)
    several, bom = how
    try:
        content = ann_path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield Problem(name, None, f"cannot be read as UTF-8 ({exc})")
        return
    ann = parse_ann(content, name)
    if bom:
        for bound in ann.bounds.values():
            bound.fragments = [(max(a - 1, 0), max(b - 1, 0)) for a, b in bound.fragments]
    yield from ann.problems
    date, title, source = _documents_table(txt.parent).get(txt.name, (None, None, None))
    record = DocumentRecord(text=text, file=name, date=options.date_for(txt) or date,
                            title=title, source=source or txt.name)
    if several > 1:
        match = _SUFFIXED.match(ann_path.stem)
        record.annotator_suffix = match.group(2) if match else ann_path.stem
        record.warnings.append(Problem(name, None, (
            f"one of {several} annotation files of {txt.name}: imported as the annotator "
            f"ANNOTATOR.{record.annotator_suffix}")))
    builder = _Builder(ann, record, options, schema)
    yield from builder.build()
    yield record


def _documents_table(folder: Path) -> dict[str, tuple[str | None, str | None, str | None]]:
    """The documents.tsv an export wrote beside its texts: file -> (date, title, source)."""
    path = folder / DOCUMENTS_TSV
    try:
        key = (str(path), path.stat().st_mtime_ns)
    except OSError:
        return {}
    table = _TABLE_CACHE.get(key)
    if table is None:
        table = {}
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            lines = []
        for row in list(csv.reader(lines, delimiter="\t"))[1:]:
            if len(row) >= 3:
                source = row[3] if len(row) > 3 else ""
                table[row[0]] = (row[1] or None, row[2] or None, source or None)
        if len(_TABLE_CACHE) > 64:
            _TABLE_CACHE.clear()
        _TABLE_CACHE[key] = table
    return table


_TABLE_CACHE: dict[tuple[str, int], dict[str, tuple[str | None, str | None, str | None]]] = {}


class _Builder:
    """Turns one parsed .ann into spans and relations of a document record."""

    def __init__(self, ann: Ann, record: DocumentRecord, options: ReadOptions,
                 schema: LabelSchema) -> None:
        self.ann, self.record, self.options, self.schema = ann, record, options, schema
        self.pieces: dict[str, list[str]] = {}  # brat T id -> our span ids
        self.first: dict[str, list[Any]] = {}  # brat T id -> [label, start, end] of its span
        self.labels: dict[str, str] = {}  # brat T id -> mapped label
        self.kept: list[str] = list(ann.other)
        self.linked: set[tuple[str, str, str]] = set()
        self.seen: dict[tuple[str, tuple[tuple[int, int], ...]], tuple[str, dict[str, Any]]] = {}
        self.problems: list[Problem] = []

    def build(self) -> list[Problem]:
        attrs = self._attributes()
        for bound in self.ann.bounds.values():
            self._span(bound, attrs.get(bound.id, {}))
        for label, head, child, line in self.ann.relations:
            mapped = self.options.map_label(label)
            if mapped is None:
                self.kept.append(f"R\t{label} Arg1:{head} Arg2:{child}")
                continue
            self._link(mapped, head, child, line)
        for ident, args, line in self.ann.events:
            self._event(ident, args, line)
        if self.kept:
            named = {ref for line in self.kept for ref in kept_references(line)}
            self.record.meta[KEPT] = {
                "lines": self.kept,
                "bounds": {t: self.first[t] for t in sorted(named) if t in self.first},
            }
        return self.problems

    def _problem(self, line: int, reason: str) -> None:
        self.problems.append(Problem(self.record.file, line, reason))

    def _attributes(self) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        labels = {b.id: self.options.map_label(b.label) for b in self.ann.bounds.values()}
        for name, target, value, line in self.ann.attributes:
            if target not in self.ann.bounds and not target.startswith("E"):
                self._problem(line, f"attribute {name} names no T line {target!r}")
                continue
            label = labels.get(target)
            if label is None:  # an event's, or a label mapped away: kept as it is
                self.kept.append(f"A\t{name} {target}" + ("" if value is None else f" {value}"))
                continue
            found.setdefault(target, {})[name] = self._attribute_value(label, name, value)
        for target, note, line in self.ann.notes:
            label = labels.get(target)
            if label is None:
                if target not in self.ann.bounds:
                    self._problem(line, f"AnnotatorNotes names no T line {target!r}")
                else:
                    self.kept.append(f"#\t{NOTE} {target}\t{note}")
                continue
            texts = self._text_attributes(label)
            if not texts:
                self.kept.append(f"#\t{NOTE} {target}\t{note}")
            elif len(texts) == 1:
                found.setdefault(target, {})[texts[0]] = note
            else:
                for part in note.split(" | "):
                    key, _, val = part.partition(": ")
                    found.setdefault(target, {})[key] = val
        return found

    def _attribute_value(self, label: str, name: str, value: str | None) -> Any:
        spec = self.schema.label(label)
        attr = spec.attribute(name) if spec is not None else None
        if attr is not None and attr.type == "bool":
            return True if value is None else {"true": True, "false": False}.get(value, value)
        return True if value is None else value

    def _text_attributes(self, label: str) -> list[str]:
        spec = self.schema.label(label)
        return [a.name for a in spec.attributes if a.type == "text"] if spec else []

    def _span(self, bound: Bound, attrs: dict[str, Any]) -> None:
        label = self.options.map_label(bound.label)
        if label is None:
            self.kept.append(f"{bound.id}\t{bound.label} {_offsets(bound)}\t{bound.text}")
            return
        text = self.record.text
        stated = " ".join(bound.text.split())
        found = " ".join(text[a:b] for a, b in bound.fragments)
        if any(not 0 <= a < b <= len(text) for a, b in bound.fragments):
            self._problem(bound.line, f"{bound.id} {bound.label} {_offsets(bound)} is outside "
                                      f"the text (0-{len(text)}) or not start < end")
            return
        if stated and " ".join(found.split()) != stated:
            self._problem(bound.line, f"{bound.id}: the .ann says it covers {bound.text[:60]!r} "
                                      f"but the text there is {found[:60]!r}")
            return
        pieces = self._pieces(bound)
        self.labels[bound.id] = label
        twin = self.seen.get((label, tuple(pieces)))
        if twin is not None and twin[1] == attrs:
            self.pieces[bound.id] = self.pieces[twin[0]]
            self.first[bound.id] = self.first[twin[0]]
            self.record.warnings.append(Problem(
                self.record.file, bound.line,
                f"{bound.id} {bound.label} {_offsets(bound)} repeats {twin[0]}: imported as "
                f"one span with the links of both",
            ))
            return
        self.seen[(label, tuple(pieces))] = (bound.id, attrs)
        self.pieces[bound.id] = []
        self.first[bound.id] = [label, pieces[0][0], pieces[0][1]]
        for i, (start, end) in enumerate(pieces):
            ident = bound.id if i == 0 else f"{bound.id}.{i + 1}"
            self.pieces[bound.id].append(ident)
            self.record.spans.append(
                SpanRecord(start, end, label, dict(attrs), id=ident, line=bound.line))

    def _pieces(self, bound: Bound) -> list[tuple[int, int]]:
        """Fragments joined where only white space lies between them."""
        if len(bound.fragments) == 1:
            return bound.fragments
        merged: list[tuple[int, int]] = []
        for start, end in sorted(bound.fragments):
            if merged and not self.record.text[merged[-1][1] : start].strip():
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        what = ("one span (only white space between its pieces)" if len(merged) == 1
                else f"{len(merged)} {self.options.map_label(bound.label)} spans, "
                     "each linked like the whole")
        self.record.warnings.append(Problem(
            self.record.file, bound.line,
            f"{bound.id} {bound.label} is discontinuous ({_offsets(bound)}): imported as {what}",
        ))
        return merged

    def _link(self, label: str, head: str, child: str, line: int) -> None:
        for end in (head, child):
            if end not in self.ann.bounds:
                self._problem(line, f"{label} names no T line {end!r}")
                return
        for h in self.pieces.get(head, []):
            for c in self.pieces.get(child, []):
                if (label, h, c) not in self.linked:
                    self.linked.add((label, h, c))
                    self.record.relations.append(RelationRecord(label, h, c, line=line))

    def _event(self, ident: str, args: list[tuple[str, str]], line: int) -> None:
        """Relations between an E line's arguments, wherever the schema has one."""
        ends = [target for _, target in args]
        self.kept.append(f"{ident}\t" + " ".join(f"{r}:{t}" for r, t in args))
        for end in ends:
            if end not in self.ann.bounds:
                self._problem(line, f"{ident} names no T line {end!r}")
                return
        for head in ends:
            for child in ends:
                h, c = self.labels.get(head), self.labels.get(child)
                if head == child or h is None or c is None:
                    continue
                for rel in self.schema.relations:
                    if h in rel.heads and c in rel.children:
                        self._link(rel.name, head, child, line)


def _offsets(bound: Bound) -> str:
    return ";".join(f"{a} {b}" for a, b in bound.fragments)


BRAT = register(
    Format(
        name="brat",
        id="dateline.brat.v1",
        title="brat standoff folder (.txt + .ann)",
        reader=read_brat,
        writer=write_brat,
        detect=_detect,
        companion=_companion,
        output="folder",
        priority=10,
    )
)
