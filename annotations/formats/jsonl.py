"""Dateline JSONL, Prodigy-compatible: one document a line.

A line holds `text`, `meta` (date, title, source and the rest of the
document's meta), `tokens` from spaCy's English tokenizer, `spans` (start,
end, label, token_start, token_end, our id, attrs, origin) and `relations`
(Prodigy's head/child token indices with head_span/child_span, plus our
head_id/child_id). The reader takes this form, the short form in which
relations name span ids in `head`/`child`, and Prodigy's own output.
"""

from __future__ import annotations

import json
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from annotations.dataset import AnnotatedDocument, tokenizer
from annotations.errors import Problem
from annotations.formats.base import (
    DocumentRecord,
    ExportOptions,
    ExportReport,
    Format,
    ReadOptions,
    RelationRecord,
    SpanRecord,
    Written,
    register,
)
from annotations.formats.textfile import BOM, SNIFF, binary_problem, not_utf8
from annotations.formats.writing import WriteDocument, write_parts, written
from annotations.progress import Progress
from annotations.store import Project

_RESERVED_META = ("date", "title", "source")


class RecordError(ValueError):
    """One line's content is malformed; the message says which field and why."""


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[DocumentRecord | Problem]:
    """Read one line at a time (memory does not grow with the file)."""
    lines = _lines(path)
    for number, line in lines:
        if isinstance(line, Problem):
            yield line
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Problem(str(path), number, f"malformed JSON ({exc.msg} at column {exc.colno})")
            continue
        except ValueError:  # Python's limit on the digits of an integer
            yield Problem(str(path), number, "a number with more than 4300 digits")
            continue
        except RecursionError:
            yield Problem(str(path), number, "JSON nested too deeply to read")
            continue
        try:
            record = parse_record(obj, str(path), number, options)
        except RecordError as exc:
            yield Problem(str(path), number, str(exc))
            continue
        if record is not None:
            yield record


def _lines(path: Path) -> Iterator[tuple[int, str | Problem]]:
    """(number, text) of the file's non-blank lines, or a Problem for a line that is
    not UTF-8 and for a file that cannot be read, is binary or empty. JSON escapes
    "\\n" inside strings, so a line ends only at "\\n" (not at U+2028 or U+0085)."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield 0, Problem(str(path), None, f"cannot be read ({exc.strerror})")
        return
    with handle:
        if b"\x00" in handle.read(SNIFF):
            yield 0, binary_problem(path)
            return
        handle.seek(0)
        offset, seen = 0, False
        for number, raw in enumerate(handle, start=1):
            start = len(BOM) if number == 1 and raw.startswith(BOM) else 0
            if raw[start:].strip():
                seen = True
                try:
                    yield number, raw[start:].decode("utf-8")
                except UnicodeDecodeError as exc:
                    at = start + exc.start
                    yield number, not_utf8(path, number, raw[at], offset + at)
            offset += len(raw)
        if not seen:
            yield 0, Problem(str(path), None, "the file is empty")


def parse_record(
    obj: Any, file: str, line: int, options: ReadOptions
) -> DocumentRecord | None:
    """One JSONL object as a document record (None for a Prodigy reject/ignore)."""
    if not isinstance(obj, dict):
        raise RecordError("a line must hold a JSON object")
    if obj.get("answer", "accept") != "accept":
        return None
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise RecordError("'text' is missing or empty")
    meta = obj.get("meta") or {}
    if not isinstance(meta, dict):
        raise RecordError("'meta' must be an object")
    spans = [_span(s, i, options) for i, s in enumerate(_list(obj, "spans"))]
    kept = [s for s in spans if s is not None]
    relations = [_relation(r, i, kept, obj) for i, r in enumerate(_list(obj, "relations"))]
    date = meta.get("date")
    if date is not None and not isinstance(date, str):
        raise RecordError(f"meta.date must be a YYYY-MM-DD string, not {date!r}")
    rest = {k: v for k, v in meta.items() if k not in _RESERVED_META}
    return DocumentRecord(
        text=text,
        file=file,
        line=line,
        title=_opt_str(meta, "title"),
        date=date,
        source=_opt_str(meta, "source"),
        meta=rest,
        spans=kept,
        relations=[r for r in relations if r is not None],
        status=_opt_str(obj, "status"),
        note=_opt_str(obj, "note"),
    )


def _list(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key) or []
    if not isinstance(value, list):
        raise RecordError(f"'{key}' must be a list")
    return value


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    return None if value is None else str(value)


def _span(obj: Any, index: int, options: ReadOptions) -> SpanRecord | None:
    if not isinstance(obj, dict):
        raise RecordError(f"spans[{index}] must be an object")
    start, end, label = obj.get("start"), obj.get("end"), obj.get("label")
    if type(start) is not int or type(end) is not int:  # exactly int: not a bool
        raise RecordError(f"spans[{index}]: start and end must be whole numbers")
    if not isinstance(label, str):
        raise RecordError(f"spans[{index}]: 'label' is missing")
    attrs = obj.get("attrs") or {}
    if not isinstance(attrs, dict):
        raise RecordError(f"spans[{index}]: 'attrs' must be an object")
    mapped = options.map_label(label) if options.label_map else label
    if mapped is None:
        return None
    ident, origin, text = obj.get("id"), obj.get("origin"), obj.get("text")
    return SpanRecord(  # a span of an import runs this once: kept lean
        start, end, mapped, attrs, None if ident is None else str(ident),
        None if origin is None else str(origin), None if text is None else str(text),
    )


def _relation(
    obj: Any, index: int, spans: list[SpanRecord], record: dict[str, Any]
) -> RelationRecord | None:
    if not isinstance(obj, dict) or not isinstance(obj.get("label"), str):
        raise RecordError(f"relations[{index}] must be an object with a 'label'")
    label = obj["label"]
    if isinstance(obj.get("head_id"), str) and isinstance(obj.get("child_id"), str):
        return RelationRecord(label, obj["head_id"], obj["child_id"])
    if isinstance(obj.get("head"), str) and isinstance(obj.get("child"), str):
        return RelationRecord(label, obj["head"], obj["child"])
    if isinstance(obj.get("head_span"), dict) and isinstance(obj.get("child_span"), dict):
        head = _find(spans, obj["head_span"], f"relations[{index}].head_span")
        child = _find(spans, obj["child_span"], f"relations[{index}].child_span")
        return RelationRecord(label, head, child)
    raise RecordError(
        f"relations[{index}] names its spans neither by id (head/child) "
        "nor by head_span/child_span"
    )


def _find(spans: list[SpanRecord], ref: dict[str, Any], where: str) -> str:
    for i, span in enumerate(spans):
        if span.start == ref.get("start") and span.end == ref.get("end") and (
            ref.get("label") in (None, span.label)
        ):
            if span.id is None:
                spans[i] = span = SpanRecord(span.start, span.end, span.label, span.attrs,
                                             f"_{i}", span.origin, span.text)
            assert span.id is not None
            return span.id
    raise RecordError(f"{where} {ref.get('start')}-{ref.get('end')} matches no span")


def document_line(item: AnnotatedDocument, tokens: Any) -> tuple[dict[str, Any], list[str]]:
    """The JSONL object for one annotated document, and warnings about spans
    whose edges fall inside a token."""
    doc = item.document
    tok = [
        {"text": t.text, "start": t.idx, "end": t.idx + len(t.text), "id": t.i,
         "ws": bool(t.whitespace_)}
        for t in tokens
    ]
    warnings: list[str] = []
    by_id: dict[int, dict[str, Any]] = {}
    spans = []
    for s in item.spans:
        cover = tokens.char_span(s.start, s.end, alignment_mode="expand")
        if tokens.char_span(s.start, s.end, alignment_mode="strict") is None:
            warnings.append(
                f"document {doc.id} span s{s.id} {s.label} {s.start}-{s.end} "
                f"{s.text!r} does not line up with tokens"
            )
        entry = {
            "id": f"s{s.id}", "start": s.start, "end": s.end, "label": s.label,
            "text": s.text,
            "token_start": cover.start if cover is not None else None,
            "token_end": cover.end - 1 if cover is not None else None,
            "attrs": dict(sorted(s.attrs.items())), "origin": s.origin,
        }
        by_id[s.id] = entry
        spans.append(entry)
    relations = []
    for r in item.relations:
        head, child = by_id[r.head], by_id[r.child]
        relations.append({
            "head": head["token_end"], "child": child["token_end"],
            "head_span": _span_ref(head), "child_span": _span_ref(child),
            "label": r.label, "head_id": head["id"], "child_id": child["id"],
        })
    meta = {**doc.meta, "date": doc.date, "title": doc.title, "source": doc.source}
    line = {
        "text": doc.text, "meta": meta, "tokens": tok, "spans": spans,
        "relations": relations, "answer": "accept", "status": item.status, "note": item.note,
    }
    return line, warnings


def _span_ref(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in ("start", "end", "token_start", "token_end", "label")}


def write_jsonl(
    project: Project, out: Path, options: ExportOptions
) -> Generator[Progress, None, ExportReport]:
    """Write one .jsonl per split part, a line per document.

    Raises DatelineError for an unknown --status.
    """
    nlp = tokenizer()

    @contextmanager
    def part(target: Path, report: ExportReport) -> Iterator[WriteDocument]:
        with target.open("w", encoding="utf-8") as fh:

            def write(item: AnnotatedDocument) -> Written:
                line, warnings = document_line(item, nlp.make_doc(item.document.text))
                fh.write(json.dumps(line, ensure_ascii=False) + "\n")
                return written(item, warnings)

            yield write
        report.files.append(str(target))

    return (yield from write_parts(project, out, options, part, suffix=".jsonl"))


def _is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in (".jsonl", ".ndjson")


JSONL = register(
    Format(
        name="jsonl",
        id="dateline.jsonl.v1",
        title="JSONL, Prodigy-compatible (.jsonl)",
        reader=read_jsonl,
        writer=write_jsonl,
        detect=_is_jsonl,
        suffix=".jsonl",
    )
)
