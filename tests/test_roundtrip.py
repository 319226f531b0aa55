"""Property tests: random edits round-trip through a real SQLite file, and
JSONL export then import is lossless."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.dataset import annotated
from annotations.errors import ValidationError
from annotations.exporting import export
from annotations.formats import ExportOptions
from annotations.importing import import_paths
from annotations.progress import drive
from annotations.store import Project

LABELS = ("EVENT", "DATE", "SPEAKER", "QUOTE")
ATTRS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "EVENT": st.fixed_dictionaries({}, optional={
        "class": st.sampled_from(["OCCURRENCE", "REPORTING", "I_ACTION", "STATE"]),
        "polarity": st.sampled_from(["POS", "NEG"])}),
    "DATE": st.fixed_dictionaries({}, optional={
        "type": st.sampled_from(["DATE", "DURATION"]),
        "value": st.sampled_from(["2021-08-12", "P90D", "XXXX-WXX-6", ""])}),
    "SPEAKER": st.just({}),
    "QUOTE": st.fixed_dictionaries({}, optional={"direct": st.booleans()}),
}
TEXT = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x1F600, blacklist_categories=["Cs"]),
    min_size=20, max_size=120,
).filter(lambda s: s.strip() != "")

# A document's own meta: any JSON but the keys JSONL's meta gives date, title and source.
META = st.dictionaries(
    st.text(min_size=1).filter(lambda k: k not in ("date", "title", "source")),
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(), st.lists(st.text(), max_size=3),
              st.dictionaries(st.text(), st.text(), max_size=2)),
    max_size=3,
)


@dataclass
class Op:
    kind: str
    label: str
    a: int
    b: int
    pick: int
    attrs: dict[str, Any]


@st.composite
def ops(draw: st.DrawFn) -> Op:
    label = draw(st.sampled_from(LABELS))
    return Op(
        draw(st.sampled_from(["add", "add", "add", "update", "delete", "relate", "unrelate"])),
        label, draw(st.integers(0, 130)), draw(st.integers(0, 130)),
        draw(st.integers(0, 50)), draw(ATTRS[label]),
    )


def apply(project: Project, doc: int, op: Op, model: dict[str, Any]) -> None:
    """Apply one edit to the project and to the in-memory model, or neither."""
    spans, rels = model["spans"], model["relations"]
    try:
        if op.kind == "add":
            s = project.add_span(doc, "ann", op.label, op.a, op.b, op.attrs)
            spans[s.id] = (s.label, s.start, s.end, s.attrs)
        elif op.kind == "update" and spans:
            sid = sorted(spans)[op.pick % len(spans)]
            s = project.update_span(sid, start=op.a, end=op.b, attrs=op.attrs or None)
            spans[sid] = (s.label, s.start, s.end, s.attrs)
        elif op.kind == "delete" and spans:
            sid = sorted(spans)[op.pick % len(spans)]
            deleted = project.delete_span(sid)
            del spans[sid]
            for r in deleted.relations:
                del rels[r.id]
        elif op.kind == "relate" and len(spans) >= 2:
            ids = sorted(spans)
            head, child = ids[op.pick % len(ids)], ids[(op.pick + op.a + 1) % len(ids)]
            label = "SAID" if op.b % 2 else "WHEN"
            r = project.add_relation(label, head, child)
            rels[r.id] = (r.label, r.head, r.child)
        elif op.kind == "unrelate" and rels:
            rid = sorted(rels)[op.pick % len(rels)]
            project.delete_relation(rid)
            del rels[rid]
    except ValidationError:
        pass  # refused: neither the file nor the model changed


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, edits=st.lists(ops(), min_size=1, max_size=40))
def test_random_edits_round_trip_through_the_file(text: str, edits: list[Op]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.db"
        model: dict[str, Any] = {"spans": {}, "relations": {}}
        with Project.create(path) as project:
            doc, _ = project.add_document(text)
            for op in edits:
                apply(project, doc.id, op, model)
        with Project(path) as reopened:
            stored = {s.id: (s.label, s.start, s.end, s.attrs)
                      for s in reopened.spans(doc.id, "ann")}
            links = {r.id: (r.label, r.head, r.child) for r in reopened.relations(doc.id)}
            assert stored == model["spans"]
            assert links == model["relations"]
            for s in reopened.spans(doc.id):
                assert s.text == text[s.start:s.end]


@st.composite
def projects(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Documents with non-overlapping spans per label (nesting across labels) and relations."""
    docs = []
    for text in draw(st.lists(TEXT, min_size=1, max_size=4, unique=True)):
        spans: list[tuple[str, int, int, dict[str, Any]]] = []
        for label in LABELS:
            cuts = sorted(draw(st.sets(st.integers(0, len(text)), max_size=6)))
            for start, end in zip(cuts[::2], cuts[1::2], strict=False):
                if start < end:
                    spans.append((label, start, end, draw(ATTRS[label])))
        docs.append({"text": text, "spans": spans, "date": draw(
            st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))),
            "meta": draw(META), "source": draw(st.one_of(st.none(), TEXT))})
    return docs


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=projects())
def test_jsonl_export_then_import_is_lossless(docs: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        src_path, dst_path = Path(folder) / "a.db", Path(folder) / "b.db"
        out = Path(folder) / "out.jsonl"
        with Project.create(src_path) as src:
            for item in docs:
                doc, _ = src.add_document(item["text"], date=item["date"],
                                          source=item["source"], meta=item["meta"])
                made = [src.add_span(doc.id, "ann", lab, a, b, at)
                        for lab, a, b, at in item["spans"]]
                speakers = [s for s in made if s.label == "SPEAKER"]
                quotes = [s for s in made if s.label == "QUOTE"]
                for head, child in zip(speakers, quotes, strict=False):
                    src.add_relation("SAID", head.id, child.id)
                src.set_note(doc.id, "ann", "a note")
            drive(export(src, "jsonl", out, ExportOptions(annotator="ann")))
            before = [_content(annotated(src, i, "ann")) for i in src.document_ids()]
        with Project.create(dst_path) as dst:
            drive(import_paths(dst, [out], "ann"))
            after = [_content(annotated(dst, i, "ann")) for i in dst.document_ids()]
        assert after == before


def _content(item: Any) -> Any:
    doc = item.document
    by_id = {s.id: (s.label, s.start, s.end) for s in item.spans}
    return (
        doc.text, doc.title, doc.date, doc.source, doc.meta, item.status, item.note,
        sorted((s.label, s.start, s.end, s.text, sorted(s.attrs.items()), s.origin)
               for s in item.spans),
        sorted((r.label, by_id[r.head], by_id[r.child]) for r in item.relations),
    )
