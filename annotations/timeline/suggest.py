"""Story-event suggestions: EVENT mentions in different documents that look like the same
happening, proposed as a group with a score in [0, 1].

Two mentions pair up when their lemmas match (or are synonyms in
resources/timeline/story_lexicon.json); the pair's score adds how well their anchors agree
(overlapping, or one unknown) and how many participants their sentences share. Pairs whose
anchors exclude each other never pair. REPORTING events (each article's own "said") and
mentions already in a story event are left out. Pairs above the threshold join into groups.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from itertools import combinations
from typing import Any

from annotations.timeline.anchors import Interval
from annotations.timeline.model import REPORTING, Mention, Timeline

THRESHOLD = 0.6
LEMMA_WEIGHT, ANCHOR_WEIGHT, PARTICIPANT_WEIGHT = 0.5, 0.3, 0.2
SYNONYM_SCORE = 0.8
_SUFFIXES = ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@dataclass(frozen=True)
class StorySuggestion:
    """A proposed story event: its mentions (span ids), a name and a score."""

    name: str
    mentions: tuple[int, ...]
    score: float


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """resources/timeline/story_lexicon.json, read once."""
    text = files("resources").joinpath("timeline/story_lexicon.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def lemma(word: str) -> str:
    """A rough English lemma: irregular forms from the lexicon, else common suffixes dropped
    (`suspended` -> `suspend`, `evacuations` -> `evacu`), lower case."""
    word = word.lower().strip()
    irregular: dict[str, str] = lexicon()["irregular"]
    if word in irregular:
        return irregular[word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if suffix in ("ied", "ies"):
                stem += "y"
            return stem.rstrip("e") if len(stem) > 3 else stem
    return word.rstrip("e") if len(word) > 3 else word


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, int]:
    groups: list[list[str]] = lexicon()["synonyms"]
    return {lemma(w): i for i, group in enumerate(groups) for w in group}


def lemma_score(a: str, b: str) -> float:
    """1 for the same lemma, SYNONYM_SCORE for synonyms, else 0 (multi-word: the last word)."""
    la, lb = lemma(a.split()[-1] if a.split() else a), lemma(b.split()[-1] if b.split() else b)
    if la == lb:
        return 1.0
    group = _synonyms()
    return SYNONYM_SCORE if la in group and group.get(la) == group.get(lb) else 0.0


def anchor_score(a: Mention, b: Mention) -> float | None:
    """1 when the anchors overlap, 0.5 when either is unknown, None when they exclude."""
    if isinstance(a.anchor, Interval) and isinstance(b.anchor, Interval):
        return 1.0 if a.anchor.overlaps(b.anchor) else None
    return 0.5


def participants(mention: Mention) -> frozenset[str]:
    """The content words of the mention's sentence besides the event itself."""
    stop = set(lexicon()["stopwords"])
    own = lemma(mention.span.text)
    words = {lemma(w) for w in _WORD.findall(mention.sentence) if w.lower() not in stop}
    return frozenset(w for w in words if len(w) > 2 and w != own)


def pair_score(a: Mention, b: Mention) -> float:
    """The score of two mentions telling one happening; 0 when they cannot."""
    by_lemma = lemma_score(a.span.text, b.span.text)
    by_anchor = anchor_score(a, b)
    if by_lemma == 0 or by_anchor is None:
        return 0.0
    pa, pb = participants(a), participants(b)
    shared = len(pa & pb) / len(pa | pb) if pa | pb else 0.0
    return (LEMMA_WEIGHT * by_lemma + ANCHOR_WEIGHT * by_anchor
            + PARTICIPANT_WEIGHT * min(1.0, 2 * shared))


def _candidates(timeline: Timeline) -> list[Mention]:
    grouped = {i for story in timeline.stories for i in story.mentions}
    return [m for lane in timeline.lanes for m in lane.mentions
            if m.event_class != REPORTING and m.id not in grouped]


def suggest_stories(timeline: Timeline, threshold: float = THRESHOLD) -> list[StorySuggestion]:
    """Groups of mentions from two or more documents, best score first."""
    mentions = _candidates(timeline)
    by_key: dict[str, list[Mention]] = {}
    for m in mentions:  # only mentions with some lemma in common are compared
        key = lemma(m.span.text.split()[-1] if m.span.text.split() else m.span.text)
        by_key.setdefault(str(_synonyms().get(key, key)), []).append(m)
    parent = {m.id: m.id for m in mentions}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    scores: dict[tuple[int, int], float] = {}
    for bucket in by_key.values():
        for a, b in combinations(bucket, 2):
            if a.document_id == b.document_id:
                continue
            score = pair_score(a, b)
            if score >= threshold:
                scores[(a.id, b.id)] = score
                parent[root(a.id)] = root(b.id)
    return _groups(mentions, scores, root)


def _groups(mentions: Iterable[Mention], scores: dict[tuple[int, int], float],
            root: Any) -> list[StorySuggestion]:
    members: dict[int, list[Mention]] = {}
    for m in mentions:
        members.setdefault(root(m.id), []).append(m)
    out = []
    for group in members.values():
        if len({m.document_id for m in group}) < 2:
            continue
        ids = {m.id for m in group}
        pair_scores = [s for (a, b), s in scores.items() if a in ids and b in ids]
        texts = [m.span.text.lower() for m in group]
        name = max(sorted(set(texts)), key=texts.count)
        out.append(StorySuggestion(name, tuple(sorted(ids)),
                                   round(sum(pair_scores) / len(pair_scores), 6)))
    return sorted(out, key=lambda s: (-s.score, s.mentions))
