"""The project file's declared tables and their migrations.

Each migration is a list of statements run, with its record in `migrations`,
inside one transaction; `PRAGMA user_version` holds the latest applied.
A file whose version is newer than `LATEST` is refused.
"""

from __future__ import annotations

# "DLNE": marks an SQLite file as a Dateline project.
APPLICATION_ID = 0x444C4E45

_V1 = [
    """CREATE TABLE migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied TEXT NOT NULL
    )""",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
    )""",
    """CREATE TABLE label_schema (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        name TEXT NOT NULL,
        version INTEGER NOT NULL,
        json TEXT NOT NULL CHECK (json_valid(json))
    )""",
    """CREATE TABLE documents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        uid TEXT NOT NULL UNIQUE CHECK (length(uid) = 64),
        title TEXT NOT NULL,
        text TEXT NOT NULL CHECK (length(text) > 0),
        date TEXT CHECK (date IS NULL OR date GLOB
            '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        source TEXT,
        meta TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(meta)),
        created TEXT NOT NULL
    )""",
    """CREATE TABLE annotators (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0 AND name = trim(name))
    )""",
    """CREATE TABLE suggestions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        label TEXT NOT NULL,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        attrs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs)),
        score REAL,
        CHECK (start < "end"),
        CHECK (length(text) = "end" - start)
    )""",
    "CREATE INDEX suggestions_document ON suggestions(document_id, model, start)",
    """CREATE TABLE suggested_relations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        label TEXT NOT NULL,
        head_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
        child_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
        score REAL,
        CHECK (head_id != child_id)
    )""",
    "CREATE INDEX suggested_relations_document ON suggested_relations(document_id, model)",
    """CREATE TABLE suggestion_runs (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        created TEXT NOT NULL,
        PRIMARY KEY (document_id, model)
    )""",
    """CREATE TABLE spans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        label TEXT NOT NULL CHECK (length(label) > 0),
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        attrs TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(attrs) AND json_type(attrs) = 'object'),
        origin TEXT NOT NULL CHECK (origin IN ('manual', 'suggested', 'imported')),
        suggestion_id INTEGER REFERENCES suggestions(id) ON DELETE SET NULL,
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        CHECK (start < "end"),
        CHECK (length(text) = "end" - start)
    )""",
    "CREATE INDEX spans_document ON spans(document_id, annotator_id, start)",
    "CREATE INDEX spans_label ON spans(document_id, annotator_id, label, start)",
    # The database's own guard against same-label overlap; the core checks
    # first so that the user gets a message naming both spans.
    """CREATE TRIGGER spans_no_overlap_insert BEFORE INSERT ON spans
    WHEN EXISTS (SELECT 1 FROM spans s WHERE s.document_id = NEW.document_id
        AND s.annotator_id = NEW.annotator_id AND s.label = NEW.label
        AND s.start < NEW."end" AND NEW.start < s."end")
    BEGIN SELECT RAISE(ABORT, 'overlapping spans of one label'); END""",
    """CREATE TRIGGER spans_no_overlap_update BEFORE UPDATE OF label, start, "end" ON spans
    WHEN EXISTS (SELECT 1 FROM spans s WHERE s.id != NEW.id
        AND s.document_id = NEW.document_id
        AND s.annotator_id = NEW.annotator_id AND s.label = NEW.label
        AND s.start < NEW."end" AND NEW.start < s."end")
    BEGIN SELECT RAISE(ABORT, 'overlapping spans of one label'); END""",
    """CREATE TABLE relations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id INTEGER NOT NULL REFERENCES documents(id),
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        label TEXT NOT NULL,
        head_id INTEGER NOT NULL REFERENCES spans(id),
        child_id INTEGER NOT NULL REFERENCES spans(id),
        created TEXT NOT NULL,
        UNIQUE (label, head_id, child_id),
        CHECK (head_id != child_id)
    )""",
    "CREATE INDEX relations_document ON relations(document_id, annotator_id)",
    "CREATE INDEX relations_head ON relations(head_id)",
    "CREATE INDEX relations_child ON relations(child_id)",
    """CREATE TRIGGER relations_same_layer BEFORE INSERT ON relations
    WHEN NOT EXISTS (SELECT 1 FROM spans h, spans c WHERE h.id = NEW.head_id
        AND c.id = NEW.child_id AND h.document_id = NEW.document_id
        AND c.document_id = NEW.document_id AND h.annotator_id = NEW.annotator_id
        AND c.annotator_id = NEW.annotator_id)
    BEGIN SELECT RAISE(ABORT, 'relation endpoints are not spans of its document and annotator');
    END""",
    """CREATE TABLE document_status (
        document_id INTEGER NOT NULL REFERENCES documents(id),
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'in_progress', 'done')),
        seconds REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
        note TEXT NOT NULL DEFAULT '',
        updated TEXT NOT NULL,
        PRIMARY KEY (document_id, annotator_id)
    )""",
    """CREATE TABLE suggestion_decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        suggestion_id INTEGER NOT NULL REFERENCES suggestions(id) ON DELETE CASCADE,
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
        span_id INTEGER,
        time TEXT NOT NULL
    )""",
    "CREATE INDEX suggestion_decisions_annotator "
    "ON suggestion_decisions(annotator_id, suggestion_id)",
    """CREATE TABLE edits (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        time TEXT NOT NULL,
        actor TEXT NOT NULL,
        annotator TEXT NOT NULL,
        document_id INTEGER,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        before TEXT CHECK (before IS NULL OR json_valid(before)),
        after TEXT CHECK (after IS NULL OR json_valid(after))
    )""",
    "CREATE INDEX edits_annotator ON edits(annotator, document_id, id)",
    """CREATE TRIGGER edits_no_update BEFORE UPDATE ON edits
    BEGIN SELECT RAISE(ABORT, 'the edit log is append-only'); END""",
    """CREATE TRIGGER edits_no_delete BEFORE DELETE ON edits
    BEGIN SELECT RAISE(ABORT, 'the edit log is append-only'); END""",
]

#: The CHECK constraints of the spans table, each as migration 1 writes it: the import's copy
#: checks its spans against them in one query instead of row by row (staging.py). A test
#: holds this list to the table's definition.
SPANS_CHECKS = (
    "length(label) > 0",
    "start >= 0",
    "json_valid(attrs) AND json_type(attrs) = 'object'",
    "origin IN ('manual', 'suggested', 'imported')",
    'start < "end"',
    'length(text) = "end" - start',
)

# The token boundaries agreement measures on, cached per document (annotations/tokens.py):
# little-endian int32 starts and ends of the non-space tokens, valid for the tokenizer
# named in `tokenizer` only; `length` is the text's length in characters.
_V2 = [
    """CREATE TABLE document_tokens (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        tokenizer TEXT NOT NULL,
        length INTEGER NOT NULL CHECK (length > 0),
        starts BLOB NOT NULL,
        ends BLOB NOT NULL,
        CHECK (length(starts) = length(ends) AND length(starts) % 4 = 0)
    )""",
]

# Story events (annotations/store/stories.py): a named group of one annotator's EVENT spans,
# across documents. A membership names its span by id without a foreign key: deleting a
# span leaves the row asleep (reads join the spans), so undoing the deletion, which restores
# the span under its old id, brings the membership back; ids are never reused
# (AUTOINCREMENT), so a sleeping row never wakes on another span.
_V3 = [
    """CREATE TABLE story_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        annotator_id INTEGER NOT NULL REFERENCES annotators(id),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0 AND name = trim(name)),
        created TEXT NOT NULL,
        UNIQUE (annotator_id, name)
    )""",
    """CREATE TABLE story_mentions (
        story_id INTEGER NOT NULL REFERENCES story_events(id) ON DELETE CASCADE,
        span_id INTEGER NOT NULL UNIQUE,
        PRIMARY KEY (story_id, span_id)
    )""",
    """CREATE TRIGGER story_mentions_same_annotator BEFORE INSERT ON story_mentions
    WHEN NOT EXISTS (SELECT 1 FROM spans s JOIN story_events e ON e.id = NEW.story_id
        WHERE s.id = NEW.span_id AND s.annotator_id = e.annotator_id)
    BEGIN SELECT RAISE(ABORT, 'a story event groups spans of its own annotator'); END""",
]

# The no-overlap triggers of V1 scan every span of the label that starts before the new
# one ends: quadratic in spans per document (a 20,000-span label took 31 s to insert).
# Spans of one label never overlap, so sorted by start they are sorted by end too, and
# only the last one starting before the new span ends can overlap it: one index probe.
_BOUNDED_OVERLAP = """(SELECT s."end" FROM spans s WHERE s.document_id = NEW.document_id
        AND s.annotator_id = NEW.annotator_id AND s.label = NEW.label
        AND s.start < NEW."end"{other} ORDER BY s.start DESC LIMIT 1) > NEW.start"""
#: The insert trigger as migration 4 makes it (the import drops it for its copy, checks in
#: one query the documents the project had, and makes it again: annotations/store/staging.py).
OVERLAP_INSERT_TRIGGER = f"""CREATE TRIGGER spans_no_overlap_insert BEFORE INSERT ON spans
    WHEN {_BOUNDED_OVERLAP.format(other="")}
    BEGIN SELECT RAISE(ABORT, 'overlapping spans of one label'); END"""
_V4 = [
    "DROP TRIGGER spans_no_overlap_insert",
    OVERLAP_INSERT_TRIGGER,
    "DROP TRIGGER spans_no_overlap_update",
    f"""CREATE TRIGGER spans_no_overlap_update BEFORE UPDATE OF label, start, "end" ON spans
    WHEN {_BOUNDED_OVERLAP.format(other=" AND s.id != NEW.id")}
    BEGIN SELECT RAISE(ABORT, 'overlapping spans of one label'); END""",
]

# The document date a suggestion run worked its DATE values out against: '' when the
# document had none, NULL for runs stored before this migration (not known).
_V5 = [
    "ALTER TABLE suggestion_runs ADD COLUMN date TEXT",
]

# Find in Project (annotations/store/search.py): a full-text index over the documents' titles
# and texts, SQLite FTS5 over the documents table itself (external content: the text is not
# stored twice). The triggers keep it up to date on every insert, delete and change of a
# title or text, whoever writes (import, merge, the window); 'rebuild' indexes the documents
# an older file already holds. Table and trigger names are sqlite-utils' own (enable_fts with
# create_triggers), so `project.db["documents"].detect_fts()` finds the index and
# sqlite-utils' search works on it too.
_V6 = [
    """CREATE VIRTUAL TABLE documents_fts USING FTS5 (
        title, text, content="documents", content_rowid="id"
    )""",
    """CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER documents_au AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')",
]

# (version, name, statements), in order. Add a migration; never edit one that shipped.
MIGRATIONS: list[tuple[int, str, list[str]]] = [
    (1, "initial tables", _V1),
    (2, "token cache", _V2),
    (3, "story events", _V3),
    (4, "no-overlap triggers in one index probe", _V4),
    (5, "suggestion run date", _V5),
    (6, "full-text search", _V6),
]

LATEST = MIGRATIONS[-1][0]
