"""Four short articles of one story (our own text, written like the seeds: three dated, one
undated), annotated with EVENTs, DATEs and WHEN links, and the story events that join them.
Used by the timeline tests, the benchmark and the screenshot."""

from __future__ import annotations

from dataclasses import dataclass

from annotations.store import Project

ANNOTATOR = "alice"


@dataclass(frozen=True)
class Article:
    date: str | None
    text: str
    # (event word, its class, the DATE words it is WHEN-linked to with their value, or None)
    events: tuple[tuple[str, str, tuple[str, str] | None], ...]


ARTICLES = (
    Article(
        "2024-03-14",
        "Ferry operator suspends crossings after engine fire.\n\n"
        "The Port Aldis ferry company suspended all crossings on Wednesday after a fire broke "
        "out in the engine room of its largest vessel on Tuesday night.\n\n"
        "\u201cNo passenger was hurt,\u201d the company said in a statement.\n\n"
        "Inspectors will examine the vessel next week, the harbour authority announced.",
        (
            ("suspended", "OCCURRENCE", ("Wednesday", "2024-03-13")),
            ("fire", "OCCURRENCE", ("Tuesday night", "2024-03-12TNI")),
            ("said", "REPORTING", None),
            ("examine", "OCCURRENCE", ("next week", "2024-W12")),
            ("announced", "REPORTING", None),
        ),
    ),
    Article(
        "2024-03-15",
        "Crossings to restart next week, ferry company says.\n\n"
        "The ferry company said on Friday that crossings would resume on Monday after "
        "inspectors cleared its other vessels.\n\n"
        "The fire on March 12 damaged the engine room of the Aldis Star.\n\n"
        "Crossings were suspended on Wednesday.",
        (
            ("said", "REPORTING", ("Friday", "2024-03-15")),
            ("resume", "OCCURRENCE", ("Monday", "2024-03-18")),
            ("cleared", "OCCURRENCE", None),
            ("fire", "OCCURRENCE", ("March 12", "2024-03-12")),
            ("suspended", "OCCURRENCE", ("Wednesday", "2024-03-13")),
        ),
    ),
    Article(
        "2024-03-20",
        "Ferry crossings resume a week after engine fire.\n\n"
        "Ferries crossed the harbour again on Monday, five days after crossings were "
        "suspended.\n\n"
        "The company blamed the fire, which started on March 11, on a faulty fuel pump. "
        "Repairs to the Aldis Star will take 90 days.",
        (
            ("crossed", "OCCURRENCE", ("Monday", "2024-03-18")),
            ("suspended", "OCCURRENCE", None),
            ("blamed", "REPORTING", None),
            ("started", "OCCURRENCE", ("March 11", "2024-03-11")),
            ("Repairs", "OCCURRENCE", ("90 days", "P90D")),
        ),
    ),
    Article(
        None,
        "Ferry firm plans a safety overhaul.\n\n"
        "The ferry company will review its safety checks in April, its chief executive said "
        "on Thursday.\n\n"
        "The engine fire in March forced the company to suspend crossings for five days.",
        (
            ("review", "I_ACTION", ("April", "XXXX-04")),
            ("said", "REPORTING", ("Thursday", "XXXX-WXX-4")),
            ("fire", "OCCURRENCE", ("March", "XXXX-03")),
            ("suspend", "OCCURRENCE", None),
        ),
    ),
)

# Story events: name -> (article index, event word) of each mention.
STORIES = {
    "The engine fire": ((0, "fire"), (1, "fire"), (2, "started"), (3, "fire")),
    "Crossings suspended": ((0, "suspended"), (1, "suspended"), (2, "suspended"), (3, "suspend")),
    "Crossings resume": ((1, "resume"), (2, "crossed")),
}


def find(text: str, words: str, after: int = 0) -> tuple[int, int]:
    """The first occurrence of `words` as whole words at or after `after`."""
    start = after
    while True:
        start = text.index(words, start)
        end = start + len(words)
        before_ok = start == 0 or not text[start - 1].isalnum()
        after_ok = end == len(text) or not text[end].isalnum()
        if before_ok and after_ok:
            return start, end
        start += 1


@dataclass
class LoadedStory:
    documents: list[int]
    events: dict[tuple[int, str], int]  # (article index, word) -> span id
    dates: dict[tuple[int, str], int]  # (article index, event word) -> its DATE span id

    def groups(self) -> dict[str, list[int]]:
        return {name: [self.events[key] for key in keys] for name, keys in STORIES.items()}


def load_story(project: Project, annotator: str = ANNOTATOR) -> LoadedStory:
    """Add the four articles with `annotator`'s EVENTs, DATEs and WHEN links."""
    loaded = LoadedStory([], {}, {})
    for index, article in enumerate(ARTICLES):
        doc, _ = project.add_document(article.text, date=article.date)
        loaded.documents.append(doc.id)
        cursor = 0
        for word, cls, when in article.events:
            start, end = find(article.text, word, cursor)
            cursor = end
            event = project.add_span(doc.id, annotator, "EVENT", start, end, {"class": cls})
            loaded.events[(index, word)] = event.id
            if when is not None:
                d_start, d_end = find(article.text, when[0], end)
                kind = "DURATION" if when[1].startswith("P") else "DATE"
                date_span = project.add_span(doc.id, annotator, "DATE", d_start, d_end,
                                             {"type": kind, "value": when[1]})
                loaded.dates[(index, word)] = date_span.id
                project.add_relation("WHEN", event.id, date_span.id)
    return loaded
