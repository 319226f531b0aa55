"""Find in Project: full-text search over the documents' titles and texts.

The index is the FTS5 table `documents_fts` (migrations.py, version 4), kept
up to date by triggers on the documents table, so every way a document comes
in (import, merge, the window) is searchable at once. A search finds the
documents holding every word (a word ending in `*` is a prefix; "a phrase" in
double quotes keeps its words together), best match first, each with a
snippet of context, the document's title, date and the annotator's status.
Filters: a status of the annotator, and a label (only documents where one of
the annotator's spans of that label contains the words; the hit is then that
span).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.errors import ValidationError
from annotations.model import STATUSES
from annotations.store.project import Project

MARK_START = "\x02"
"""Opens a matched word in a hit's snippet."""
MARK_END = "\x03"
"""Closes a matched word in a hit's snippet."""

SNIPPET_WORDS = 14
RANKED_UP_TO = 500  # more documents than this holding the words: listed in document order
_TOKEN = re.compile(r'"([^"]*)"|([^\s"]+)')


@dataclass(frozen=True)
class Query:
    """A search as the user typed it, parsed: phrases (each a tuple of words)
    and whether each is a prefix."""

    phrases: tuple[tuple[str, bool], ...]

    @classmethod
    def parse(cls, words: str) -> Query:
        """Raise ValidationError when `words` holds no word to search for."""
        phrases: list[tuple[str, bool]] = []
        for quoted, bare in _TOKEN.findall(words):
            text = quoted if quoted else bare
            prefix = text.endswith("*")
            text = " ".join(re.findall(r"\w+", text))
            if text:
                phrases.append((text, prefix))
        if not phrases:
            raise ValidationError(f"nothing to search for in {words!r}: type a word")
        return cls(tuple(phrases))

    def match(self) -> str:
        """The FTS5 MATCH expression: every phrase (AND), quoted, so that no
        word is read as an FTS5 operator."""
        return " ".join(f'"{text}"' + ("*" if prefix else "") for text, prefix in self.phrases)

    def pattern(self) -> re.Pattern[str]:
        """Where a phrase occurs in a text, as the index tokenises (case and
        spacing aside): the first of these is the hit the window selects."""
        parts = []
        for text, prefix in self.phrases:
            body = r"\W+".join(re.escape(w) for w in text.split())
            parts.append(rf"\b{body}" + (r"\w*" if prefix else r"\b"))
        return re.compile("|".join(parts), re.IGNORECASE)

    def likes(self) -> list[str]:
        """LIKE patterns a span's text must all match to contain the words."""
        escaped = (re.sub(r"([\\%_])", r"\\\1", text) for text, _prefix in self.phrases)
        return [f"%{text}%" for text in escaped]


@dataclass(frozen=True)
class Hit:
    """One document that holds the words."""

    document_id: int
    title: str
    date: str | None
    status: str
    snippet: str  # context; matched words between MARK_START and MARK_END
    span_id: int | None = None  # under a label filter: the span that holds the words
    start: int | None = None  # where the hit is in the text (the span's range under a label)
    end: int | None = None


def _annotator(project: Project, annotator: str) -> int:
    row = project.conn.execute("SELECT id FROM annotators WHERE name = ?",
                               (annotator,)).fetchone()
    return -1 if row is None else int(row[0])


def search(project: Project, words: str, *, annotator: str, label: str | None = None,
           status: str | None = None, limit: int = 200) -> list[Hit]:
    """The documents holding every word, at most `limit`: best match first, or,
    when more than RANKED_UP_TO documents hold them, in the order they were
    added (ranking every match of a common word would take the time of
    reading them all).

    `annotator` is whose status (and, with `label`, whose spans) filter and
    show. Raises ValidationError for a search with no word, an unknown
    status or a label the schema does not have.
    """
    query = Query.parse(words)
    if status is not None and status not in STATUSES:
        raise ValidationError(f"status {status!r} is not one of {', '.join(STATUSES)}")
    if label is not None and project.schema.label(label) is None:
        raise ValidationError(
            f"label {label!r} is not a span label of this project's schema "
            f"({', '.join(project.schema.label_names)})")
    hits = []
    for ident, title, date, state, snippet, span_id in _documents(
            project, query, _annotator(project, annotator), label, status, limit):
        start = end = None
        if span_id is not None:
            start, end = project.conn.execute(
                'SELECT start, "end" FROM spans WHERE id = ?', (span_id,)).fetchone()
        hits.append(Hit(ident, title, date, state, snippet, span_id, start, end))
    return hits


_Found = tuple[int, str, str | None, str, str, int | None]


def _documents(project: Project, query: Query, annotator: int, label: str | None,
               status: str | None, limit: int) -> list[_Found]:
    """(id, title, date, status, snippet, span id) of the documents found, in order.

    The index drives the query (CROSS JOIN): looking a prefix up once per
    document instead would merge its word lists 100,000 times. In document
    order the snippets are made for the rows returned only; ranked, for every
    match (at most RANKED_UP_TO) before sorting."""
    span_sql, params = "NULL", []  # parameters in the order they appear in the SQL
    if label is not None:
        likes = query.likes()
        span_sql = (
            "(SELECT s.id FROM spans s WHERE s.document_id = d.id AND s.annotator_id = ? "
            "AND s.label = ? " + "".join(" AND s.text LIKE ? ESCAPE '\\'" for _ in likes)
            + " ORDER BY s.start LIMIT 1)")
        params += [annotator, label, *likes]
    sql = f"""SELECT d.id, d.title, d.date, coalesce(st.status, 'new'),
                     snippet(documents_fts, 1, char(2), char(3), '…', {SNIPPET_WORDS}),
                     {span_sql} AS span
              FROM documents_fts CROSS JOIN documents d ON d.id = documents_fts.rowid
              LEFT JOIN document_status st ON st.document_id = d.id AND st.annotator_id = ?
              WHERE documents_fts MATCH ?"""
    params += [annotator, query.match()]
    if status is not None:
        sql += " AND coalesce(st.status, 'new') = ?"
        params.append(status)
    if label is not None:
        sql += " AND span IS NOT NULL"
    many = project.conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? "
        "LIMIT ?)", (query.match(), RANKED_UP_TO + 1)).fetchone()[0]
    order = "documents_fts.rowid" if many > RANKED_UP_TO else "documents_fts.rank"
    sql += f" ORDER BY {order} LIMIT ?"
    params.append(limit)
    return list(project.conn.execute(sql, params))


def locate(text: str, words: str) -> tuple[int, int] | None:
    """Where the first of the words is in `text` (start, end), or None when the
    index matched it in a way a plain reading does not see (accents folded)."""
    found = Query.parse(words).pattern().search(text)
    return None if found is None else (found.start(), found.end())


def plain_snippet(snippet: str, left: str = "[", right: str = "]") -> str:
    """A hit's snippet with its marks shown as `left` and `right`."""
    return snippet.replace(MARK_START, left).replace(MARK_END, right)
