"""TimeML 1.2 (.tml): inline TIMEX3 and EVENT in <TEXT>, standoff links after it.

Reading maps, by default, TIMEX3 to DATE (type, value), EVENT to EVENT
(class; polarity from its first MAKEINSTANCE) and a TLINK that puts an event
instance within a TIMEX3 in the text (the event IS_INCLUDED in the time, or, written
from the time's side, the time INCLUDES the event) to a WHEN relation. The DCT's TIMEX3
(functionInDocument="CREATION_TIME") becomes the document date, not a span.
Everything else (DOCID, EXTRAINFO, SIGNALs, MAKEINSTANCE tense/aspect, the
other TLINK/SLINK/ALINK, the TIMEX3 and EVENT attributes the scheme has no
place for) is kept in the document's meta under "timeml", so that the writer
can put it back. The text is the content of <TEXT>, unchanged.

An extent with white space at an edge is trimmed, and a TLINK that repeats
the WHEN of another between the same event and time is one WHEN; both with a
warning. Writing is in timeml_write.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from annotations import text as textutil
from annotations.errors import Problem
from annotations.formats.base import (
    DocumentRecord,
    ReadOptions,
    RelationRecord,
    SpanRecord,
)

SPAN_TAGS = {"TIMEX3": "DATE", "EVENT": "EVENT"}  # TimeML element -> default label
TAG_OF_LABEL = {label: tag for tag, label in SPAN_TAGS.items()}
SPAN_ATTRS = {"TIMEX3": ("type", "value"), "EVENT": ("class",)}
LINK_TAGS = ("MAKEINSTANCE", "TLINK", "SLINK", "ALINK")
WHEN = "WHEN"
# Characters XML 1.0 cannot hold, even as character references.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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
        if not _trimmed(el, parsed.text, record):
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


def _trimmed(el: Element, text: str, record: DocumentRecord) -> bool:
    """Move an extent's edges in past white space (with a warning); False when
    nothing but white space is left."""
    extent = text[el.start : el.end]
    lead, trail = len(extent) - len(extent.lstrip()), len(extent) - len(extent.rstrip())
    if not lead and not trail:
        return True
    what = f"the {el.tag} extent {extent!r}"
    if not extent.strip():
        record.warnings.append(Problem(record.file, el.line, f"{what} holds only white space; "
                                                             "kept in meta, not a span"))
        return False
    el.start, el.end = el.start + lead, el.end - trail
    record.warnings.append(Problem(record.file, el.line, f"{what} starts or ends with white "
                                                         "space; trimmed"))
    return True


def _polarities(parsed: ParsedTimeML) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in parsed.standoff:
        event, pol = el.attrs.get("eventID"), el.attrs.get("polarity")
        if el.tag == "MAKEINSTANCE" and event and pol and event not in found:
            found[event] = pol
    return found


def when_link(tag: str, attrs: dict[str, str]) -> tuple[str, str] | None:
    """(event instance, time) of a TLINK that says the event happened at or within the
    time (a WHEN): the event IS_INCLUDED in the time, or the same relation written from
    the time's side, the time INCLUDES the event. None for any other link."""
    if tag != "TLINK":
        return None
    rel = attrs.get("relType")
    if rel == "IS_INCLUDED":
        instance, time = attrs.get("eventInstanceID"), attrs.get("relatedToTime")
    elif rel == "INCLUDES":
        instance, time = attrs.get("relatedToEventInstance"), attrs.get("timeID")
    else:
        return None
    return (instance, time) if instance and time else None


def _add_links(parsed: ParsedTimeML, record: DocumentRecord, kept: dict[str, Any]) -> None:
    event_of = {el.attrs.get("eiid"): el.attrs.get("eventID")
                for el in parsed.standoff if el.tag == "MAKEINSTANCE"}
    span_ids = {s.id for s in record.spans}
    whens: dict[tuple[str, str], int] = {}
    for el in parsed.standoff:
        if el.tag == "MAKEINSTANCE":
            continue
        kept["links"].append({"tag": el.tag, "attrs": el.attrs})
        link = when_link(el.tag, el.attrs)
        if link is None:
            continue
        event, time = event_of.get(link[0]), link[1]
        if event in span_ids and time in kept["timex3"] and time in span_ids:
            assert event is not None
            if (event, time) in whens:
                record.warnings.append(Problem(
                    record.file, el.line, f"this TLINK repeats the {WHEN} of line "
                    f"{whens[(event, time)]} ({event} in {time}): one {WHEN} relation"))
                continue
            whens[(event, time)] = el.line
            record.relations.append(RelationRecord(WHEN, event, time, line=el.line))


def is_timeml(path: Path) -> bool:
    return path.suffix.lower() in (".tml", ".timeml")


