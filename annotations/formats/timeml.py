"""TimeML 1.2 (.tml): inline TIMEX3 and EVENT in <TEXT>, standoff links after it.

Reading maps, by default, TIMEX3 to DATE (type, value), EVENT to EVENT
(class; polarity from its first MAKEINSTANCE) and a TLINK IS_INCLUDED from an
event instance to a TIMEX3 in the text to a WHEN relation. The DCT's TIMEX3
(functionInDocument="CREATION_TIME") becomes the document date, not a span.
Everything else (DOCID, EXTRAINFO, SIGNALs, MAKEINSTANCE tense/aspect, the
other TLINK/SLINK/ALINK, the TIMEX3 and EVENT attributes the scheme has no
place for) is kept in the document's meta under "timeml", so that the writer
can put it back. The text is the content of <TEXT>, unchanged.

Writing emits the same layout: the DCT, the header kept from an import (or
DOCID and TITLE), the text with inline TIMEX3/EVENT for DATE/EVENT spans, one
MAKEINSTANCE per event (polarity from the span), the kept links whose ends
still exist, and a TLINK relType="IS_INCLUDED" for each WHEN.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from annotations import text as textutil
from annotations.dataset import AnnotatedDocument, part_path
from annotations.errors import Problem
from annotations.formats.base import (
    DocumentRecord,
    ExportOptions,
    ExportReport,
    Format,
    ReadOptions,
    RelationRecord,
    SpanRecord,
    register,
)
from annotations.formats.writing import documents, export_parts, file_stem, fresh_folder
from annotations.model import Span
from annotations.progress import Progress
from annotations.store import Project

SPAN_TAGS = {"TIMEX3": "DATE", "EVENT": "EVENT"}  # TimeML element -> default label
TAG_OF_LABEL = {label: tag for tag, label in SPAN_TAGS.items()}
SPAN_ATTRS = {"TIMEX3": ("type", "value"), "EVENT": ("class",)}
LINK_TAGS = ("MAKEINSTANCE", "TLINK", "SLINK", "ALINK")
WHEN = "WHEN"
_ROOT_ATTRS = {
    "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    "xsi:noNamespaceSchemaLocation": "http://timeml.org/timeMLdocs/TimeML_1.2.1.xsd",
}
# Characters XML 1.0 cannot hold, even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class TimeMLError(ValueError):
    """A TimeML file breaks the layout; `line` says where."""

    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line


@dataclass
class Element:
    """One XML element: inline ones carry text offsets, all carry their line."""

    tag: str
    attrs: dict[str, str]
    line: int
    start: int = 0
    end: int = 0


@dataclass
class ParsedTimeML:
    text: str = ""
    root: dict[str, str] = field(default_factory=dict)
    dct: Element | None = None
    dct_text: str = ""
    title: str | None = None
    inline: list[Element] = field(default_factory=list)
    standoff: list[Element] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # raw XML before <TEXT>
    trailer: list[str] = field(default_factory=list)  # raw XML after it (not links)
    dct_index: int = 0  # how many header elements come before the DCT
    has_text: bool = False


class _Parser:
    """An expat walk that records offsets into <TEXT> and every element's line."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.out = ParsedTimeML()
        self.stack: list[Element] = []
        self.chunks: list[str] = []
        self.length = 0
        self.in_text = False
        self.in_dct = False
        self.raw_start = -1
        self.title_parts: list[str] | None = None
        self.p = expat.ParserCreate()
        self.p.buffer_text = True
        self.p.ordered_attributes = False
        self.p.StartElementHandler = self.start
        self.p.EndElementHandler = self.end
        self.p.CharacterDataHandler = self.chars

    def parse(self) -> ParsedTimeML:
        try:
            self.p.Parse(self.data, True)
        except expat.ExpatError as exc:
            raise TimeMLError(exc.lineno, f"malformed XML ({expat.errors.messages[exc.code]}, "
                                          f"column {exc.offset + 1})") from exc
        if not self.out.has_text:
            raise TimeMLError(None, "no <TEXT> element: not a TimeML document")
        self.out.text = "".join(self.chunks)
        return self.out

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        depth = len(self.stack)
        el = Element(tag, dict(attrs), self.p.CurrentLineNumber, self.length, self.length)
        self.stack.append(el)
        if depth == 0:
            if tag != "TimeML":
                raise TimeMLError(el.line, f"the root element is <{tag}>, not <TimeML>")
            self.out.root = el.attrs
        elif depth == 1:
            self._start_top(el)
        elif self.in_dct and tag == "TIMEX3" and self.out.dct is None:
            self.out.dct = el
        elif self.in_text:
            self.out.inline.append(el)

    def _start_top(self, el: Element) -> None:
        if el.tag == "TEXT":
            if self.out.has_text:
                raise TimeMLError(el.line, "a second <TEXT> element")
            self.out.has_text = self.in_text = True
        elif el.tag == "DCT":
            self.in_dct = True
            self.out.dct_index = len(self.out.header)
        elif el.tag in LINK_TAGS:
            self.out.standoff.append(el)
        else:
            self.raw_start = self.p.CurrentByteIndex
            if el.tag == "TITLE":
                self.title_parts = []

    def end(self, tag: str) -> None:
        el = self.stack.pop()
        el.end = self.length
        if len(self.stack) != 1:
            return
        if tag == "TEXT":
            self.in_text = False
        elif tag == "DCT":
            self.in_dct = False
        elif self.raw_start >= 0:
            close = self.data.index(b">", self.p.CurrentByteIndex) + 1
            raw = self.data[self.raw_start : close].decode("utf-8", "replace")
            (self.out.trailer if self.out.has_text else self.out.header).append(raw)
            self.raw_start = -1
            if self.title_parts is not None:
                self.out.title = "".join(self.title_parts).strip() or None
                self.title_parts = None

    def chars(self, data: str) -> None:
        if self.in_text:
            self.chunks.append(data)
            self.length += len(data)
        elif self.in_dct and self.out.dct is not None and len(self.stack) == 3:
            self.out.dct_text += data
        elif self.title_parts is not None:
            self.title_parts.append(data)


def parse_timeml(data: bytes) -> ParsedTimeML:
    """Parse TimeML bytes. Raises TimeMLError with the line of the problem."""
    return _Parser(data).parse()


# --- reading --------------------------------------------------------------------


def read_timeml(path: Path, options: ReadOptions) -> Iterator[DocumentRecord | Problem]:
    """One document per .tml file; bad elements become Problems with their line."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield Problem(name, None, f"cannot be read ({exc.strerror})")
        return
    try:
        parsed = parse_timeml(data)
    except TimeMLError as exc:
        yield Problem(name, exc.line, str(exc))
        return
    if not parsed.text.strip():
        yield Problem(name, None, "<TEXT> is empty")
        return
    record = DocumentRecord(text=parsed.text, file=name, title=parsed.title, source=path.name)
    kept = _timeml_meta(parsed)
    record.date = _document_date(parsed, path, options, record)
    _add_spans(parsed, options, record, kept)
    _add_links(parsed, record, kept)
    record.meta = {"timeml": kept}
    yield record


def _timeml_meta(parsed: ParsedTimeML) -> dict[str, Any]:
    kept: dict[str, Any] = {
        "root": parsed.root, "header": parsed.header, "trailer": parsed.trailer,
        "timex3": {}, "events": {}, "elements": [],
        "instances": [el.attrs for el in parsed.standoff if el.tag == "MAKEINSTANCE"],
        "links": [],
    }
    if parsed.dct is not None:
        kept["dct"] = {"attrs": parsed.dct.attrs, "text": parsed.dct_text,
                       "index": parsed.dct_index}
    return kept


def _document_date(
    parsed: ParsedTimeML, path: Path, options: ReadOptions, record: DocumentRecord
) -> str | None:
    if parsed.dct is None:
        return options.date_for(path)
    value = parsed.dct.attrs.get("value", "")
    try:
        return textutil.check_date(value[:10])
    except ValueError:
        record.warnings.append(Problem(
            record.file, parsed.dct.line,
            f"the DCT value {value!r} holds no YYYY-MM-DD date; kept in meta only",
        ))
        return options.date_for(path)


def _mapped(tag: str, options: ReadOptions) -> str | None:
    if tag in options.label_map:
        return options.label_map[tag]
    return SPAN_TAGS.get(tag)


def _add_spans(
    parsed: ParsedTimeML, options: ReadOptions, record: DocumentRecord, kept: dict[str, Any]
) -> None:
    polarity = _polarities(parsed)
    for el in parsed.inline:
        label = _mapped(el.tag, options) if el.tag in SPAN_TAGS else None
        ident = el.attrs.get("tid" if el.tag == "TIMEX3" else "eid")
        if label is None or ident is None:
            kept["elements"].append({"tag": el.tag, "start": el.start, "end": el.end,
                                     "attrs": el.attrs})
            continue
        known = SPAN_ATTRS[el.tag]
        attrs = {k: el.attrs[k] for k in known if k in el.attrs}
        if el.tag == "EVENT":
            pol = polarity.get(ident, el.attrs.get("polarity"))
            if pol is not None:
                attrs["polarity"] = pol
        extra = {k: v for k, v in el.attrs.items() if k not in (*known, "tid", "eid")}
        kept["timex3" if el.tag == "TIMEX3" else "events"][ident] = {
            "start": el.start, "end": el.end, "attrs": extra,
        }
        record.spans.append(SpanRecord(el.start, el.end, label, attrs, id=ident, line=el.line))


def _polarities(parsed: ParsedTimeML) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in parsed.standoff:
        event, pol = el.attrs.get("eventID"), el.attrs.get("polarity")
        if el.tag == "MAKEINSTANCE" and event and pol and event not in found:
            found[event] = pol
    return found


def _add_links(parsed: ParsedTimeML, record: DocumentRecord, kept: dict[str, Any]) -> None:
    event_of = {el.attrs.get("eiid"): el.attrs.get("eventID")
                for el in parsed.standoff if el.tag == "MAKEINSTANCE"}
    span_ids = {s.id for s in record.spans}
    for el in parsed.standoff:
        if el.tag == "MAKEINSTANCE":
            continue
        kept["links"].append({"tag": el.tag, "attrs": el.attrs})
        event = event_of.get(el.attrs.get("eventInstanceID"))
        time = el.attrs.get("relatedToTime")
        if (el.tag == "TLINK" and el.attrs.get("relType") == "IS_INCLUDED"
                and event in span_ids and time in kept["timex3"] and time in span_ids):
            assert event is not None and time is not None
            record.relations.append(RelationRecord(WHEN, event, time, line=el.line))


def _is_timeml(path: Path) -> bool:
    return path.suffix.lower() in (".tml", ".timeml")


# --- writing -----------------------------------------------------------------------

_EVENT_REFS = ("eventInstanceID", "relatedToEventInstance", "subordinatedEventInstance")
_TIME_REFS = ("timeID", "relatedToTime")
_NEW_INSTANCE = {"tense": "NONE", "aspect": "NONE", "pos": "UNKNOWN"}


def _tag(name: str, first: Sequence[tuple[str, str]], rest: dict[str, Any], close: bool = False
         ) -> str:
    """An element's start tag: `first` attributes in order, then `rest` sorted by name."""
    seen = {k for k, _ in first}
    pairs = [*first, *sorted((k, str(v)) for k, v in rest.items() if k not in seen)]
    body = "".join(f" {k}={quoteattr(v)}" for k, v in pairs)
    return f"<{name}{body}{' /' if close else ''}>"


def _text(value: str) -> str:
    return escape(value, {"\r": "&#13;"})


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

    def __init__(self, item: AnnotatedDocument) -> None:
        self.item = item
        self.doc = item.document
        kept = self.doc.meta.get("timeml")
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
        parts = ['<?xml version="1.0" ?>',
                 _tag("TimeML", [], self.kept.get("root") or _ROOT_ATTRS), ""]
        header = list(self.kept.get("header") or self._new_header())
        dct = self._dct()
        at = int(self.kept.get("dct", {}).get("index", 1)) if "dct" in self.kept else 1
        for i, raw in enumerate(header):
            if i == at and dct:
                parts += [dct, ""]
            parts += [raw, ""]
        if len(header) <= at and dct:
            parts += [dct, ""]
        parts += [f"<TEXT>{body}</TEXT>", ""]
        for raw in self.kept.get("trailer", []):
            parts += [raw, ""]
        parts += instances + self._links(eiid_of) + ["", "</TimeML>", ""]
        return "\n".join(parts)

    def _new_header(self) -> list[str]:
        header = [f"<DOCID>{_text(Path(self.doc.source or f'doc-{self.doc.id}').stem)}</DOCID>"]
        if self.doc.title:
            header.append(f"<TITLE>{_text(self.doc.title)}</TITLE>")
        return header

    def _dct(self) -> str:
        if self.doc.date is None:
            return ""
        kept = self.kept.get("dct")
        if isinstance(kept, dict) and str(kept["attrs"].get("value", ""))[:10] == self.doc.date:
            attrs, text = dict(kept["attrs"]), str(kept.get("text", ""))
        else:
            tid = "t0" if "t0" not in self.tids.taken else self.tids.new()
            attrs = {"tid": tid, "type": "DATE", "value": self.doc.date,
                     "temporalFunction": "false", "functionInDocument": "CREATION_TIME"}
            text = self.doc.date
        self.tids.taken.add(str(attrs.get("tid")))
        self.written.add(str(attrs.get("tid")))
        first = [(k, str(attrs[k])) for k in ("tid", "type", "value") if k in attrs]
        return f"<DCT>{_tag('TIMEX3', first, attrs)}{_text(text)}</TIMEX3></DCT>"

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
                                 _tag(str(el["tag"]), [], attrs), f"</{el['tag']}>",
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
                       _tag(tag, first, rest), f"</{tag}>", span, ident)

    def _body(self) -> str:
        text = self.doc.text
        out: list[str] = []
        pos = 0
        stack: list[_Inline] = []

        def advance(to: int) -> None:
            nonlocal pos
            out.append(_text(text[pos:to]))
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
                lines.append(_tag("MAKEINSTANCE", first, attrs, close=True))
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
            pair = (event_of.get(attrs.get("eventInstanceID", "")), attrs.get("relatedToTime"))
            if self._is_when(link, attrs):
                if pair not in whens:
                    continue  # the WHEN it stood for was deleted
                whens.discard(pair)
                self.whens += 1
            head = [(k, attrs[k]) for k in ("lid", "relType") if k in attrs]
            lines.append(_tag(str(link.get("tag", "TLINK")), head, attrs, close=True))
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
            lines.append(_tag("TLINK", first, {}, close=True))
            self.whens += 1
        if dropped:
            self.warnings.append(f"document {self.doc.id}: {dropped} TimeML link(s) kept from "
                                 "its import name elements that are gone; left out")
        return lines

    def _is_when(self, link: dict[str, Any], attrs: dict[str, str]) -> bool:
        time = attrs.get("relatedToTime")
        return (link.get("tag") == "TLINK" and attrs.get("relType") == "IS_INCLUDED"
                and "eventInstanceID" in attrs and time is not None
                and time in self.kept.get("timex3", {}))


@dataclass
class TimeMLDocument:
    """One document as TimeML (text None when XML cannot hold it), with what was left out."""

    text: str | None
    warnings: list[str]
    left_out: dict[str, int] = field(default_factory=dict)  # label -> spans/relations
    spans: int = 0
    relations: int = 0


def timeml_document(item: AnnotatedDocument) -> TimeMLDocument:
    """Render one annotated document as TimeML 1.2."""
    bad = _NOT_XML.search(item.document.text)
    if bad is not None:
        return TimeMLDocument(None, [
            f"document {item.document.id}: U+{ord(bad.group()):04X} at offset {bad.start()} "
            "cannot be written in XML 1.0; document left out"])
    writer = _DocumentWriter(item)
    text = writer.render()
    return TimeMLDocument(text, writer.warnings, writer.left_out, len(writer.span_ident),
                          writer.whens)


def write_timeml(
    project: Project, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Write a folder of .tml files (a subfolder per split part).

    Raises DatelineError when OUT exists and is not an empty folder.
    """
    fresh_folder(out)
    parts = export_parts(project, options)
    total, done = sum(len(ids) for ids in parts.values()), 0
    report = ExportReport(files=[str(out)])
    left_out: dict[str, int] = {}
    for part, ids in parts.items():
        folder = part_path(out, part, "")
        folder.mkdir(parents=True, exist_ok=True)
        used: set[str] = set()
        for item in documents(project, ids, options.annotator):
            result = timeml_document(item)
            report.warnings += result.warnings
            for label, count in result.left_out.items():
                left_out[label] = left_out.get(label, 0) + count
            done += 1
            if result.text is None:
                continue
            stem = file_stem(item.document, used)
            (folder / f"{stem}.tml").write_text(result.text, encoding="utf-8")
            report.documents += 1
            report.spans += result.spans
            report.relations += result.relations
            if done % 50 == 0:
                yield Progress(done, total, "exporting")
    if left_out:
        report.warnings.append("TimeML has no element for " + ", ".join(
            f"{n} {label}" for label, n in sorted(left_out.items())) + "; left out")
    yield Progress(done, total, "exported")
    return report


TIMEML = register(
    Format(
        name="timeml",
        id="dateline.timeml.v1",
        title="TimeML 1.2 (.tml)",
        reader=read_timeml,
        writer=write_timeml,
        detect=_is_timeml,
        output="folder",
        suffix=".tml",
    )
)
