"""`dateline suggest --workers N` and `--dask ADDRESS`: the same suggestions as a
plain run, from local processes and from a Dask cluster of two worker processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from annotations.cli import main
from annotations.progress import drive
from annotations.store import Project
from annotations.store.suggestions import suggested_relations, suggestions
from annotations.suggest.model import (
    ModelError,
    default_model_name,
    model_identity,
)
from annotations.suggest.run import suggest_project
from annotations.suggest.shards import ClusterError, suggest_on_cluster, suggest_with_processes

TEXTS = [
    f"On {day} the ministry said the border would reopen. “We are ready,” Ms. Lee said. "
    f"Talks ended on March {n + 3}, 2021, after {n + 2} days."
    for n, day in enumerate(["Monday", "Tuesday", "Friday", "Sunday", "Thursday", "Wednesday",
                             "Saturday"])
]



def project_with_texts(path: Path) -> Project:
    project = Project.create(path)
    for text in TEXTS:
        project.add_document(text, date="2021-03-01")
    return project


def stored(project: Project, model: str) -> list[Any]:
    """Every document's suggestions and links by position (ids differ between runs)."""
    out = []
    for doc_id in project.document_ids():
        spans = suggestions(project, doc_id, model)
        where = {s.id: (s.label, s.start, s.end) for s in spans}
        out.append((
            sorted((s.label, s.start, s.end, sorted(s.attrs.items()), s.score) for s in spans),
            sorted((r.label, where[r.head], where[r.child]) for r in
                   suggested_relations(project, doc_id, model)),
        ))
    return out


@pytest.fixture(scope="module")
def plain(nlp: Any, tmp_path_factory: pytest.TempPathFactory) -> list[Any]:
    with project_with_texts(tmp_path_factory.mktemp("plain") / "p.db") as project:
        drive(suggest_project(project, nlp))
        result = stored(project, model_identity(nlp))
    assert any(spans for spans, _ in result)
    return result


def test_local_worker_processes_store_what_a_plain_run_stores(
    nlp: Any, plain: list[Any], tmp_path: Path
) -> None:
    identity = model_identity(nlp)
    with project_with_texts(tmp_path / "p.db") as project:
        report = drive(suggest_with_processes(project, default_model_name(), identity, 2))
        assert report.documents == len(TEXTS)
        assert stored(project, identity) == plain


def test_a_dask_cluster_of_two_workers_stores_what_a_plain_run_stores_and_resumes(
    nlp: Any, plain: list[Any], tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    identity = model_identity(nlp)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            project_with_texts(tmp_path / "p.db") as project:
        first = project.document_ids()[:3]
        drive(suggest_on_cluster(project, default_model_name(), identity,
                                 cluster.scheduler_address, documents=first))
        report = drive(suggest_on_cluster(project, default_model_name(), identity,
                                          cluster.scheduler_address))
        assert (report.documents, report.skipped) == (len(TEXTS) - 3, 3)
        assert stored(project, identity) == plain


def test_an_unreachable_cluster_is_one_clear_error(nlp: Any, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    with project_with_texts(tmp_path / "p.db") as project, \
            pytest.raises(ClusterError, match="cannot reach the Dask scheduler"):
        drive(suggest_on_cluster(project, default_model_name(), model_identity(nlp),
                                 "tcp://127.0.0.1:9", timeout=1.0))


def test_workers_that_load_another_version_than_the_run_names_are_refused(
    nlp: Any, tmp_path: Path
) -> None:
    """The run names its suggestions before any worker loads the model (`dateline
    suggest --workers` reads the identity from the pipeline's meta.json): a worker
    that loads another version stores nothing under the wrong name."""
    with project_with_texts(tmp_path / "p.db") as project:
        with pytest.raises(ModelError, match=r"not en_core_web_sm@0\.0\.1"):
            drive(suggest_with_processes(project, default_model_name(),
                                         "en_core_web_sm@0.0.1", 2))
        assert project.document_ids() and not any(
            suggestions(project, i, "en_core_web_sm@0.0.1") for i in project.document_ids())


def test_suggest_with_workers_names_the_run_as_a_plain_run_does(
    nlp: Any, plain: list[Any], tmp_path: Path
) -> None:
    path = tmp_path / "p.db"
    project_with_texts(path).close()
    result = CliRunner().invoke(main, ["suggest", "--workers", "2", str(path)])
    assert result.exit_code == 0, result.output
    assert "loading" not in result.output  # the workers load it, this process does not
    with Project(path) as project:
        assert stored(project, model_identity(nlp)) == plain
