"""The token cache's rows (table `document_tokens`) and the texts to tokenize.

The arrays are stored as bytes; `annotations.tokens` turns them into numpy
arrays and decides what is stale.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotations.errors import ProjectError

if TYPE_CHECKING:
    from annotations.store.project import Project

#: One cached document: id, text length, token starts and ends as bytes.
TokenRow = tuple[int, int, bytes, bytes]


def token_rows(project: Project, tokenizer: str, document_ids: Sequence[int]) -> list[TokenRow]:
    """The rows `tokenizer` left for those of `document_ids` it has tokenized (one query)."""
    rows = project.conn.execute(
        "SELECT document_id, length, starts, ends FROM document_tokens "
        "WHERE tokenizer = ? AND document_id IN (SELECT value FROM json_each(?))",
        (tokenizer, json.dumps(list(document_ids))),
    )
    return [(int(i), int(n), bytes(s), bytes(e)) for i, n, s, e in rows]


def save_token_rows(project: Project, tokenizer: str, rows: Sequence[TokenRow]) -> None:
    """Store these rows under `tokenizer`, replacing another tokenizer's; one transaction.

    Raises ProjectError when the file cannot be written (locked, read-only,
    disk full); nothing is stored then.
    """
    with project.transaction():
        try:
            project.conn.executemany(
                "INSERT OR REPLACE INTO document_tokens "
                "(document_id, tokenizer, length, starts, ends) VALUES (?, ?, ?, ?, ?)",
                [(ident, tokenizer, length, starts, ends) for ident, length, starts, ends in rows],
            )
        except sqlite3.OperationalError as exc:
            raise ProjectError(f"{project.path}: the token cache was not saved ({exc})") \
                from exc


def document_texts(project: Project, document_ids: Sequence[int]) -> dict[int, str]:
    """The texts of those of `document_ids` that are documents (one query)."""
    rows = project.conn.execute(
        "SELECT id, text FROM documents WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(document_ids)),),
    )
    return {int(ident): str(text) for ident, text in rows}

