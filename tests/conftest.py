"""Shared fixtures: real project files in a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotations.store import Project
from annotations.store.connection import set_test_durability

# Fixtures registered here, so test modules import only helpers: the window tests'
# (settings in a temporary folder for every test, a Settings object) and the
# pipelines trained once per session.
pytest_plugins = ["tests.gui_support", "tests.trained"]

ARTICLE = (
    "The embassy said on Thursday that “flights will stop,\" and urged citizens "
    "to leave Kabul within 90 days.\n\nA spokesman said the alert was serious."
)


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The installed spaCy pipeline the suggester prefers (en_core_web_sm when there),
    loaded once per test process for every test that parses its own sentences."""
    from annotations.suggest.model import default_model_name, load_model

    return load_model(default_model_name())


def pytest_configure(config: pytest.Config) -> None:
    """Tests skip the fsync of every commit (about 6 ms each): a project's
    durability is the store's business, and the tests marked `durable` check it."""
    config.addinivalue_line(
        "markers", "durable: runs with the store's real durability (synchronous = FULL)"
    )
    set_test_durability(False)


@pytest.fixture(autouse=True)
def _durability(request: pytest.FixtureRequest) -> Iterator[None]:
    """Full durability for the projects a `durable` test or a benchmark opens (they
    measure the program as it runs), none for the others."""
    durable = (request.node.get_closest_marker("durable") is not None
               or "benchmarks" in request.node.path.parts)
    set_test_durability(durable)
    yield
    set_test_durability(False)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    return tmp_path / "project.db"


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    with Project.create(project_path) as p:
        yield p


@pytest.fixture
def doc_id(project: Project) -> int:
    doc, _ = project.add_document(ARTICLE, date="2021-08-12")
    return doc.id


def dump(path: Path) -> list[str]:
    """Every row of every table, to compare a project file before and after."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()
