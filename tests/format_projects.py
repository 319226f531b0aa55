"""Hypothesis strategies for projects with nested spans, attributes, relations
and unicode text, and a canonical view of a project to compare round trips."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from annotations.store import Project

# Letters from several scripts (accents, Greek, Cyrillic, CJK, an astral emoji).
WORD_CHARS = "abcdefghijklmnopqrstuvwxyzÀÉéèçñüøßΩλжщ中文字😀"
PUNCT = [",", ".", ";", "!", "?", "”", "“", "&", "<", ">", "'"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", " — "]
DATE_VALUES = ["2021-08-12", "XXXX-WXX-6", "P90D", "PRESENT_REF", "2021-08", ""]
CLASSES = ["OCCURRENCE", "REPORTING", "I_ACTION", "STATE"]


@dataclass
class DocSpec:
    text: str
    words: list[tuple[int, int]]  # offsets of the words
    date: str | None
    spans: list[tuple[str, int, int, dict[str, Any]]] = field(default_factory=list)
    relations: list[tuple[str, int, int]] = field(default_factory=list)  # indexes into spans


@st.composite
def text_with_words(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    count = draw(st.integers(min_value=3, max_value=14))
    text = ""
    words: list[tuple[int, int]] = []
    for i in range(count):
        word = draw(st.text(WORD_CHARS, min_size=1, max_size=7))
        if i:
            text += draw(st.sampled_from(SEPARATORS))
        words.append((len(text), len(text) + len(word)))
        text += word
        if draw(st.booleans()) and draw(st.booleans()):
            text += draw(st.sampled_from(PUNCT))
    return text + draw(st.sampled_from(["", ".", ".\n"])), words


def _intervals(draw: st.DrawFn, n: int, most: int) -> list[tuple[int, int]]:
    """Non-overlapping word intervals [a, b) (word indexes)."""
    cuts = sorted(draw(st.sets(st.integers(0, n), max_size=2 * most)))
    pairs = list(zip(cuts[0::2], cuts[1::2], strict=False))
    return [(a, b) for a, b in pairs if a < b]


@st.composite
def documents(draw: st.DrawFn) -> DocSpec:
    text, words = draw(text_with_words())
    date = draw(st.sampled_from([None, "2021-08-12", "1999-12-31"]))
    doc = DocSpec(text, words, date)
    n = len(words)

    def add(label: str, a: int, b: int, attrs: dict[str, Any]) -> int:
        doc.spans.append((label, words[a][0], words[b - 1][1], attrs))
        return len(doc.spans) - 1

    dates = [add("DATE", a, b, draw(st.fixed_dictionaries({}, optional={
        "type": st.sampled_from(["DATE", "DURATION"]),
        "value": st.sampled_from(DATE_VALUES)})))
        for a, b in _intervals(draw, n, 3)]
    # One-word events, as TimeML marks them: inside a DATE or apart from it, never across.
    event_words = sorted(draw(st.sets(st.integers(0, n - 1), max_size=4)))
    events = [add("EVENT", w, w + 1, draw(st.fixed_dictionaries({}, optional={
        "class": st.sampled_from(CLASSES), "polarity": st.sampled_from(["POS", "NEG"])})))
        for w in event_words]
    speakers = [add("SPEAKER", a, b, {}) for a, b in _intervals(draw, n, 2)]
    quotes = [add("QUOTE", a, b, draw(st.fixed_dictionaries({}, optional={
        "direct": st.booleans()}))) for a, b in _intervals(draw, n, 2)]
    for label, heads, children in (("WHEN", events, dates), ("SAID", speakers, quotes)):
        if heads and children:
            pairs = draw(st.sets(st.tuples(st.sampled_from(heads), st.sampled_from(children)),
                                 max_size=3))
            doc.relations += [(label, h, c) for h, c in sorted(pairs)]
    return doc


projects = st.lists(documents(), min_size=1, max_size=3,
                    unique_by=lambda d: d.text)


def build(path: Path, docs: list[DocSpec], annotator: str = "gold") -> Project:
    project = Project.create(path)
    project.annotator_id(annotator)  # an annotator who may have no span yet
    for spec in docs:
        doc, _ = project.add_document(spec.text, date=spec.date, source=None)
        ids = [project.add_span(doc.id, annotator, label, start, end, attrs).id
               for label, start, end, attrs in spec.spans]
        for label, head, child in spec.relations:
            project.add_relation(label, ids[head], ids[child])
    return project


def canonical(project: Project, annotator: str = "gold",
              labels: set[str] | None = None) -> list[dict[str, Any]]:
    """What a lossless round trip keeps: per document (in text order), its text, date,
    title, spans (label, start, end, attrs) and relations between span extents."""
    out = []
    for doc in sorted(project.documents(), key=lambda d: d.text):
        if annotator in project.annotators():
            spans = {s.id: s for s in project.spans(doc.id, annotator)
                     if labels is None or s.label in labels}
            rels = project.relations(doc.id, annotator)
        else:
            spans, rels = {}, []
        key = {i: (s.label, s.start, s.end) for i, s in spans.items()}
        out.append({
            "text": doc.text, "date": doc.date, "title": doc.title,
            "spans": sorted((s.label, s.start, s.end, sorted(s.attrs.items()))
                            for s in spans.values()),
            "relations": sorted((r.label, key[r.head], key[r.child]) for r in rels
                                if r.head in key and r.child in key),
        })
    return out
