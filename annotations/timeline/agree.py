"""Story-event agreement between two annotators of one project (or an annotator and gold):
each side's story events as clusters of mentions named by (document, start, end), so the
same EVENT tagged by both sides is the same mention; scored by MUC, B-cubed, CEAF-e and their
CoNLL average (scores.py)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from annotations.timeline.scores import StoryScores, story_scores

if TYPE_CHECKING:
    from annotations.store import Project

Mention = tuple[int, int, int]  # document id, start, end


def story_clusters(project: Project, annotator: str,
                   documents: Iterable[int] | None = None) -> list[set[Mention]]:
    """The annotator's story events as sets of (document, start, end), limited to mentions in
    `documents` when given; story events left empty by the limit are dropped."""
    from annotations.store.stories import stories

    keep = None if documents is None else set(documents)
    out = []
    for story in stories(project, annotator):
        spans = (project.span(i) for i in story.mentions)
        cluster = {(s.document_id, s.start, s.end) for s in spans
                   if keep is None or s.document_id in keep}
        if cluster:
            out.append(cluster)
    return out


def story_agreement(project: Project, key: str, response: str,
                    documents: Iterable[int] | None = None) -> StoryScores:
    """MUC, B-cubed, CEAF-e and CoNLL between `key`'s and `response`'s story events."""
    docs = None if documents is None else list(documents)
    return story_scores(story_clusters(project, key, docs),
                        story_clusters(project, response, docs))


def story_report(project: Project, annotators: list[str],
                 documents: Iterable[int] | None = None) -> dict[str, Any]:
    """For `dateline agree` and `dateline evaluate`: per pair "A~B", the scores as a dict
    (muc_p, muc_r, muc_f1, b_cubed_*, ceaf_e_*, conll), and how many story events each has."""
    docs = None if documents is None else list(documents)
    counts = {name: len(story_clusters(project, name, docs)) for name in annotators}
    pairs = {}
    for i, a in enumerate(annotators):
        for b in annotators[i + 1:]:
            pairs[f"{a}~{b}"] = story_agreement(project, a, b, docs).as_dict()
    return {"story_events": counts, "pairs": pairs}


def format_story_report(report: dict[str, Any]) -> str:
    """A few lines for the terminal."""
    counts = ", ".join(f"{name} {n}" for name, n in report["story_events"].items())
    lines = [f"story events: {counts}"]
    for pair, s in report["pairs"].items():
        lines.append(f"  {pair}: MUC F1 {s['muc_f1']:.3f}, B-cubed F1 {s['b_cubed_f1']:.3f}, "
                     f"CEAF-e F1 {s['ceaf_e_f1']:.3f}, CoNLL {s['conll']:.3f}")
    return "\n".join(lines)
