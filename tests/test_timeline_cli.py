"""Story events from the command line, run as a user runs it: `dateline timeline` writes the
timeline, `dateline merge` brings another file's story events, `dateline agree` and
`dateline evaluate` compare them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.store import Project
from annotations.store.stories import create_story, stories
from annotations.timeline.agree import story_agreement
from tests.conftest import dump
from tests.test_cli import dateline
from tests.timeline_story import STORIES, load_story


def story_project(path: Path, annotator: str, groups: dict[str, tuple[tuple[int, str], ...]]
                  ) -> list[int]:
    """The four articles with `annotator`'s work and these story events; the document ids."""
    with Project.create(path) as project:
        loaded = load_story(project, annotator)
        for name, keys in groups.items():
            create_story(project, annotator, name, [loaded.events[k] for k in keys])
        return loaded.documents


@pytest.fixture
def alice_db(tmp_path: Path) -> Path:
    path = tmp_path / "alice.db"
    story_project(path, "alice", STORIES)
    return path


def test_timeline_command_writes_each_format(alice_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "story.txt"
    done = dateline("timeline", str(alice_db), "--annotator", "alice", "--format",
                    "semeval2015", "-o", str(out), "--name", "ferry fire")
    assert done.returncode == 0, done.stderr
    assert "4 document(s), 12 of 19 event(s) anchored, 3 story event(s), 1 conflict(s)" \
        in done.stdout
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "ferry fire" and len(lines) == 1 + len(STORIES)
    some = tmp_path / "some.json"
    done = dateline("timeline", str(alice_db), "--annotator", "alice", "--documents", "1-2",
                    "--format", "timelinejs", "-o", str(some))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(some.read_text(encoding="utf-8"))["events"]) == 5 + 4


@pytest.mark.parametrize(("args", "message"), [
    (("--annotator", "zoe"), "no annotator 'zoe' (annotators: alice)"),
    (("--annotator", "alice", "--documents", "1,b"), "'b' is not a document id"),
    (("--annotator", "alice", "--documents", "99"), "no document 99"),
])
def test_timeline_command_refuses_bad_input_in_one_line(
        alice_db: Path, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    before = dump(alice_db)
    done = dateline("timeline", str(alice_db), *args, "--format", "csv",
                    "-o", str(tmp_path / "x.csv"))
    assert done.returncode == 1
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert dump(alice_db) == before


def test_story_events_are_merged_and_compared(alice_db: Path, tmp_path: Path) -> None:
    fire = STORIES["The engine fire"]
    bob_groups = {"fire": fire[:2], "fire 2": fire[2:],
                  "suspended": STORIES["Crossings suspended"]}
    bob_db = tmp_path / "bob.db"
    story_project(bob_db, "bob", bob_groups)
    merged = dateline("merge", str(alice_db), str(bob_db))
    assert merged.returncode == 0, merged.stderr
    assert "3 story event(s)" in merged.stdout
    with Project(alice_db) as project:
        assert [(s.name, len(s.mentions)) for s in stories(project, "bob")] == [
            ("fire", 2), ("fire 2", 2), ("suspended", 4)]
        expected = story_agreement(project, "alice", "bob").as_dict()
    agreed = dateline("agree", str(alice_db), "--annotators", "alice,bob", "--all",
                      "--json", "-")
    assert agreed.returncode == 0, agreed.stderr
    pair = json.loads(agreed.stdout)["story_events"]["pairs"]["alice~bob"]
    assert pair == pytest.approx(expected, abs=1e-9)
    evaluated = dateline("evaluate", str(alice_db), "--gold", "alice", "--pred", "bob")
    assert evaluated.returncode == 0, evaluated.stderr
    assert f"CoNLL {expected['conll']:.3f}" in evaluated.stdout
