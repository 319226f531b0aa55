"""Writing TimeML 1.2 (.tml): the layout the reader takes, well-formed always.

Each document is written with a DCT (its date; an undated document gets the
`dct` option's date, or is left out, with a warning naming it either way),
DOCID and TITLE, the text with inline TIMEX3/EVENT for DATE/EVENT spans, one
MAKEINSTANCE per event (polarity from the span; tense and aspect NONE for a
new one), the links kept from an import whose ends still exist, and a TLINK
relType="IS_INCLUDED" for each WHEN. Only what this writer builds is
written, every name checked and every value escaped: the header, root and
trailer an import kept in meta are never copied, and kept ids, attributes
and elements that XML cannot hold are left out with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from annotations import text as textutil
from annotations.dataset import AnnotatedDocument
from annotations.errors import DatelineError
from annotations.formats.base import ExportOptions, ExportReport, Format, Written, register
from annotations.formats.timeml import (
    NOT_XML,
    SPAN_ATTRS,
    TAG_OF_LABEL,
    WHEN,
    is_timeml,
    read_timeml,
    when_link,
)
from annotations.formats.writing import Stems, WriteDocument, write_parts
from annotations.model import Span
from annotations.progress import Progress
from annotations.store import Project

_ROOT_ATTRS = {
    "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsi:noNamespaceSchemaLocation": "http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd",
}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")  # element and attribute names written

_EVENT_REFS = ("eventInstanceID", "relatedToEventInstance", "subordinatedEventInstance")
_TIME_REFS = ("timeID", "relatedToTime")
_NEW_INSTANCE = {"tense": "NONE", "aspect": "NONE"}  # no pos: we do not know it


class UnwritableError(ValueError):
    """What an import kept cannot be written as TimeML (a bad element name)."""


class _Ids:
    """Fresh ids with a prefix that avoid the ones already taken."""

    def __init__(self, prefix: str, taken: set[str]) -> None:
        self.prefix, self.taken, self.n = prefix, taken, 0

    def new(self) -> str:
        while True:
            self.n += 1
            ident = f"{self.prefix}{self.n}"
            if ident not in self.taken:
                self.taken.add(ident)
                return ident


@dataclass
class _Inline:
    start: int
    end: int
    rank: int
    open: str
    close: str
    span: Span | None = None
    ident: str = ""


class _DocumentWriter:
    """One document as TimeML, reusing the ids and extras an import kept in meta."""

    def __init__(self, item: AnnotatedDocument, date: str, use_kept: bool = True) -> None:
        self.item = item
        self.doc = item.document
        self.date = date
        kept = self.doc.meta.get("timeml") if use_kept else None
        self.kept: dict[str, Any] = kept if isinstance(kept, dict) else {}
        self.left_out: dict[str, int] = {}
        self.warnings: list[str] = []
        timex = self.kept.get("timex3", {})
        events = self.kept.get("events", {})
        self.tids = _Ids("t", set(timex))
        self.eids = _Ids("e", set(events))
        self.eiids = _Ids("ei", {str(i.get("eiid")) for i in self.kept.get("instances", [])})
        links = self.kept.get("links", [])
        self.lids = _Ids("l", {str(k.get("attrs", {}).get("lid")) for k in links})
        self.by_offsets = {("TIMEX3", v["start"], v["end"]): k for k, v in timex.items()}
        self.by_offsets.update({("EVENT", v["start"], v["end"]): k for k, v in events.items()})
        self.span_ident: dict[int, str] = {}  # span id -> tid / eid written
        self.written: set[str] = set()  # tids, eids and sids written
        self.whens = 0  # WHEN relations written as TLINKs

    def render(self) -> str:
        body = self._body()
        instances, eiid_of = self._instances()
        docid = Path(self.doc.source or f"doc-{self.doc.id}").stem
        parts = ['<?xml version="1.0" encoding="UTF-8"?>', self._tag("TimeML", [], _ROOT_ATTRS),
                 "", f"<DOCID>{self._text(docid)}</DOCID>", "", self._dct(), ""]
        if self.doc.title:
            parts += [f"<TITLE>{self._text(self.doc.title)}</TITLE>", ""]
        parts += [f"<TEXT>{body}</TEXT>", ""]
        parts += instances + self._links(eiid_of) + ["", "</TimeML>", ""]
        return "\n".join(parts)

    def _tag(self, name: str, first: Sequence[tuple[str, str]], rest: dict[str, Any],
             close: bool = False) -> str:
        """An element's start tag: `first` attributes in order, then `rest` sorted by
        name; attributes whose name XML cannot hold are left out (with a warning).

        Raises UnwritableError for an element name XML cannot hold.
        """
        if not _NAME.match(name) and name != "TimeML":
            raise UnwritableError(f"<{name[:30]}> is not an XML element name")
        seen = {k for k, _ in first}
        pairs = [*first, *sorted((str(k), str(v)) for k, v in rest.items() if k not in seen)]
        body = []
        for key, value in pairs:
            if not _NAME.match(key) and key not in _ROOT_ATTRS:
                self.warnings.append(f"document {self.doc.id}: the attribute name {key[:30]!r} "
                                     f"of a <{name}> is not an XML name; left out")
                continue
            body.append(f" {key}={quoteattr(self._clean(value))}")
        return f"<{name}{''.join(body)}{' /' if close else ''}>"

    def _clean(self, value: str) -> str:
        """`value` without the characters XML 1.0 cannot hold (with a warning)."""
        cleaned = NOT_XML.sub("", value)
        if cleaned != value:
            self.warnings.append(f"document {self.doc.id}: {value[:30]!r} holds characters XML "
                                 "cannot hold; they were left out")
        return cleaned

    def _text(self, value: str) -> str:
        return escape(self._clean(value), {"\r": "&#13;"})

    def _dct(self) -> str:
        kept = self.kept.get("dct")
        attrs: dict[str, Any] = {}
        if isinstance(kept, dict) and isinstance(kept.get("attrs"), dict):
            attrs = kept["attrs"]
        if str(attrs.get("value", ""))[:10] == self.date and "tid" in attrs:
            attrs, text = dict(attrs), str(kept.get("text", "")) if kept else ""
        else:
            tid = "t0" if "t0" not in self.tids.taken else self.tids.new()
            attrs = {"tid": tid, "type": "DATE", "value": self.date,
                     "temporalFunction": "false", "functionInDocument": "CREATION_TIME"}
            text = self.date
        self.tids.taken.add(str(attrs.get("tid")))
        self.written.add(str(attrs.get("tid")))
        first = [(k, str(attrs[k])) for k in ("tid", "type", "value") if k in attrs]
        return f"<DCT>{self._tag('TIMEX3', first, attrs)}{self._text(text)}</TIMEX3></DCT>"

    def _inline(self) -> list[_Inline]:
        found: list[_Inline] = []
        for span in self.item.spans:
            tag = TAG_OF_LABEL.get(span.label)
            if tag is None:
                self.left_out[span.label] = self.left_out.get(span.label, 0) + 1
                continue
            found.append(self._span_element(tag, span))
        for el in self.kept.get("elements", []):
            attrs = {str(k): str(v) for k, v in el.get("attrs", {}).items()}
            ident = attrs.get("sid") or attrs.get("tid") or attrs.get("eid") or ""
            found.append(_Inline(int(el["start"]), int(el["end"]), 2,
                                 self._tag(str(el["tag"]), [], attrs), f"</{el['tag']}>",
                                 ident=ident))
        return sorted(found, key=lambda e: (e.start, -e.end, e.rank))

    def _span_element(self, tag: str, span: Span) -> _Inline:
        ids = self.tids if tag == "TIMEX3" else self.eids
        ident = self.by_offsets.get((tag, span.start, span.end))
        if ident is None or ident in self.span_ident.values():
            ident = ids.new()
        store = "timex3" if tag == "TIMEX3" else "events"
        extra = dict(self.kept.get(store, {}).get(ident, {}).get("attrs", {}))
        known = SPAN_ATTRS[tag]
        first = [("tid" if tag == "TIMEX3" else "eid", ident)]
        first += [(k, str(span.attrs[k])) for k in known if k in span.attrs]
        rest = {k: v for k, v in extra.items() if k not in known}
        return _Inline(span.start, span.end, 0 if tag == "TIMEX3" else 1,
                       self._tag(tag, first, rest), f"</{tag}>", span, ident)

    def _body(self) -> str:
        text = self.doc.text
        out: list[str] = []
        pos = 0
        stack: list[_Inline] = []

        def advance(to: int) -> None:
            nonlocal pos
            out.append(self._text(text[pos:to]))
            pos = to

        for el in self._inline():
            while stack and stack[-1].end <= el.start:
                top = stack.pop()
                advance(top.end)
                out.append(top.close)
            if stack and stack[-1].end < el.end:
                what = f"span s{el.span.id} {el.span.label}" if el.span else el.open
                self.warnings.append(
                    f"document {self.doc.id}: {what} {el.start}-{el.end} crosses "
                    f"{stack[-1].start}-{stack[-1].end}; inline XML cannot hold both, left out")
                continue
            advance(el.start)
            out.append(el.open)
            stack.append(el)
            self.written.add(el.ident)
            if el.span is not None:
                self.span_ident[el.span.id] = el.ident
        while stack:
            top = stack.pop()
            advance(top.end)
            out.append(top.close)
        advance(len(text))
        return "".join(out)

    def _instances(self) -> tuple[list[str], dict[str, str]]:
        """MAKEINSTANCE lines for the written events, and eid -> its first eiid."""
        lines: list[str] = []
        first_of: dict[str, str] = {}
        kept = [i for i in self.kept.get("instances", []) if isinstance(i, dict)]
        events = {s.id: s for s in self.item.spans if s.label == "EVENT"}
        written = {ident: events[sid] for sid, ident in self.span_ident.items() if sid in events}
        for ident, span in written.items():
            mine = [dict(i) for i in kept if i.get("eventID") == ident]
            if not mine:
                mine = [{"eiid": self.eiids.new(), "eventID": ident, **_NEW_INSTANCE}]
            mine[0].pop("polarity", None)
            if "polarity" in span.attrs:
                mine[0]["polarity"] = span.attrs["polarity"]
            first_of[ident] = str(mine[0]["eiid"])
            for attrs in mine:
                first = [("eiid", str(attrs["eiid"])), ("eventID", ident)]
                lines.append(self._tag("MAKEINSTANCE", first, attrs, close=True))
                self.written.add(str(attrs["eiid"]))
        return lines, first_of

    def _links(self, eiid_of: dict[str, str]) -> list[str]:
        event_of = {e: ev for ev, e in eiid_of.items()}
        whens = {(self.span_ident.get(r.head), self.span_ident.get(r.child))
                 for r in self.item.relations if r.label == WHEN}
        lines: list[str] = []
        dropped = 0
        for link in self.kept.get("links", []):
            attrs = {str(k): str(v) for k, v in link.get("attrs", {}).items()}
            refs = [attrs[k] for k in (*_EVENT_REFS, *_TIME_REFS, "signalID") if k in attrs]
            if not all(r in self.written for r in refs):
                dropped += 1
                continue
            when = self._when(link, attrs)
            if when is not None:
                kept_when = (event_of.get(when[0]), when[1])
                if kept_when not in whens:
                    continue  # the WHEN it stood for was deleted
                whens.discard(kept_when)
                self.whens += 1
            head = [(k, attrs[k]) for k in ("lid", "relType") if k in attrs]
            lines.append(self._tag(str(link.get("tag", "TLINK")), head, attrs, close=True))
        for rel in self.item.relations:
            pair = (self.span_ident.get(rel.head), self.span_ident.get(rel.child))
            if rel.label != WHEN or pair not in whens:
                if rel.label != WHEN:
                    self.left_out[rel.label] = self.left_out.get(rel.label, 0) + 1
                continue
            whens.discard(pair)
            event, time = pair
            if event is None or time is None or event not in eiid_of:
                self.left_out[WHEN] = self.left_out.get(WHEN, 0) + 1
                continue
            first: list[tuple[str, str]] = [
                ("lid", self.lids.new()), ("relType", "IS_INCLUDED"),
                     ("eventInstanceID", eiid_of[event]), ("relatedToTime", time)]
            lines.append(self._tag("TLINK", first, {}, close=True))
            self.whens += 1
        if dropped:
            self.warnings.append(f"document {self.doc.id}: {dropped} TimeML link(s) kept from "
                                 "its import name elements that are gone; left out")
        return lines

    def _when(self, link: dict[str, Any], attrs: dict[str, str]) -> tuple[str, str] | None:
        """(event instance, time) of a kept link that stood for a WHEN."""
        when = when_link(str(link.get("tag")), attrs)
        return when if when is not None and when[1] in self.kept.get("timex3", {}) else None


@dataclass
class TimeMLDocument:
    """One document as TimeML (text None when XML cannot hold it), with what was left out."""

    text: str | None
    warnings: list[str]
    left_out: dict[str, int] = field(default_factory=dict)  # label -> spans/relations
    spans: int = 0
    relations: int = 0


def timeml_document(item: AnnotatedDocument, date: str) -> TimeMLDocument:
    """Render one annotated document as TimeML 1.2 with `date` as its DCT; what an
    import kept in its meta is left out (with a warning) when it cannot be written."""
    bad = NOT_XML.search(item.document.text)
    if bad is not None:
        return TimeMLDocument(None, [
            f"document {item.document.id}: U+{ord(bad.group()):04X} at offset {bad.start()} "
            "cannot be written in XML 1.0; document left out"])
    try:
        writer = _DocumentWriter(item, date)
        text = writer.render()
    except (UnwritableError, TypeError, ValueError, KeyError, AttributeError) as exc:
        writer = _DocumentWriter(item, date, use_kept=False)
        text = writer.render()
        writer.warnings.insert(0, f"document {item.document.id}: the TimeML its import kept "
                                  f"in meta cannot be written ({exc}); written without it")
    return TimeMLDocument(text, writer.warnings, writer.left_out, len(writer.span_ident),
                          writer.whens)


def document_date(item: AnnotatedDocument, fallback: str | None) -> tuple[str | None, str]:
    """The DCT of a document (its date, else `fallback`), and a warning when it has none."""
    doc = item.document
    if doc.date is not None:
        return doc.date, ""
    name = f"document {doc.id} ({doc.source or doc.title[:40]!r}) has no date"
    if fallback is None:
        return None, (f"{name}, and TimeML tools refuse a file without a DCT; left out "
                      "(give a fallback date with --dct YYYY-MM-DD)")
    return fallback, f"{name}; its DCT is the fallback {fallback}"


def write_timeml(
    project: Project, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Write a folder of .tml files (a subfolder per split part) and documents.tsv.

    Raises DatelineError for an unknown --status or a dct that is not a YYYY-MM-DD date.
    """
    fallback = _fallback(options.dct)
    left_out: dict[str, int] = {}

    @contextmanager
    def part(folder: Path, report: ExportReport) -> Iterator[WriteDocument]:
        stems = Stems()

        def write(item: AnnotatedDocument) -> Written:
            date, undated = document_date(item, fallback)
            warnings = [undated] if undated else []
            if date is None:
                return Written(warnings=warnings, left_out=True)
            result = timeml_document(item, date)
            for label, count in result.left_out.items():
                left_out[label] = left_out.get(label, 0) + count
            if result.text is None:
                return Written(warnings=warnings + result.warnings, left_out=True)
            stem = stems.stem(item.document, ".tml")
            (folder / f"{stem}.tml").write_text(result.text, encoding="utf-8")
            return Written(result.spans, result.relations, warnings + result.warnings)

        yield write
        stems.write_table(folder)

    report = yield from write_parts(project, out, options, part, folder=True)
    if left_out:
        report.warnings.append("TimeML has no element for " + ", ".join(
            f"{n} {label}" for label, n in sorted(left_out.items())) + "; left out")
    return report


def _fallback(dct: str | None) -> str | None:
    if dct is None:
        return None
    try:
        return textutil.check_date(dct)
    except ValueError as exc:
        raise DatelineError(f"--dct {dct!r}: {exc}") from exc


TIMEML = register(
    Format(
        name="timeml",
        id="dateline.timeml.v1",
        title="TimeML 1.2 (.tml)",
        reader=read_timeml,
        writer=write_timeml,
        detect=is_timeml,
        output="folder",
        suffix=".tml",
        patterns=("*.tml", "*.timeml"),
    )
)
