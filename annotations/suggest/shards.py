"""Suggesting beyond one process: documents go out in shards to N local
processes or to the workers of a Dask cluster; their suggestions come back
to the one process that writes the project.

Each worker process loads the pipeline once (a module-level cache keyed by
the model's name or path, which every worker must be able to load) and then
parses shard after shard. The writing process stores each document's
suggestions all or nothing as its shard returns, so a run that stops
resumes where it stopped, as a plain run does. At most a few shards per
worker are in flight, so memory does not grow with the project.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import TYPE_CHECKING, Any

from annotations.errors import DatelineError
from annotations.progress import Progress
from annotations.store.suggestions import DateChangedError, done_documents, store_suggestions
from annotations.suggest.model import ModelError, load_model, model_identity
from annotations.suggest.run import SuggestReport

if TYPE_CHECKING:
    from spacy.language import Language

    from annotations.model import Suggestions
    from annotations.store import Project

SHARD_SIZE = 16  # documents a worker parses per task
IN_FLIGHT = 3  # shards per worker submitted ahead

#: (document id, text, date) of the documents of one shard.
Shard = list[tuple[int, str, str | None]]
ShardResult = list[tuple[int, "str | None", "Suggestions"]]

_MODELS: dict[str, Language] = {}


class ClusterError(DatelineError):
    """The Dask cluster cannot be reached, or dask.distributed is not installed."""


def suggest_shard(model: str, shard: Shard, batch_size: int = 32,
                  identity: str | None = None) -> ShardResult:
    """Parse one shard with the pipeline `model` (loaded once per process) and run
    the rules: what a worker runs. Raises what `load_model` raises, and
    ModelError when the pipeline this worker loads is not `identity` (another
    version installed on a cluster's worker, say: its suggestions would be
    stored under the wrong name)."""
    from annotations.suggest.pipeline import suggest_document  # spaCy: in the worker only

    nlp = _MODELS.get(model)
    if nlp is None:
        nlp = load_model(model)
        found = model_identity(nlp)
        if identity is not None and found != identity:
            raise ModelError(f"a worker loaded {model!r} as {found}, not {identity}: install "
                             "the same pipeline version on every worker")
        _MODELS[model] = nlp
    parsed = nlp.pipe((text for _, text, _ in shard), batch_size=batch_size)
    return [(ident, date, suggest_document(doc, date, nlp))
            for (ident, _, date), doc in zip(shard, parsed, strict=True)]


#: Sends a shard to a worker: a future of its ShardResult (concurrent or Dask).
Submit = Callable[[Shard], Any]
#: Waits for the first of some futures to finish: (finished, still pending).
WaitFirst = Callable[[set[Any]], tuple[set[Any], set[Any]]]


def _wait_local(pending: set[Any]) -> tuple[set[Any], set[Any]]:
    finished, rest = wait(pending, return_when=FIRST_COMPLETED)
    return set(finished), set(rest)


def suggest_sharded(
    project: Project, identity: str, submit: Submit, workers: int, *,
    wait_first: WaitFirst = _wait_local, documents: Iterable[int] | None = None,
) -> Generator[Progress, None, SuggestReport]:
    """Suggest the project's documents not yet suggested by `identity`, sending
    shards through `submit` (keeping IN_FLIGHT per worker ahead) and storing the
    results here as they come back; yields progress per stored document.
    Raises what a worker raised (a model that cannot be loaded there, say)."""
    wanted = list(project.document_ids() if documents is None else documents)
    done = done_documents(project, identity)
    todo = [i for i in wanted if i not in done]
    report = SuggestReport(identity, skipped=len(wanted) - len(todo))
    yield Progress(0, len(todo), f"suggesting with {identity} on {workers} worker(s)")
    shards = _shards(project, todo)
    pending: set[Any] = set()
    stored = 0
    try:
        while True:
            for shard in shards:
                pending.add(submit(shard))
                if len(pending) >= workers * IN_FLIGHT:
                    break
            if not pending:
                break
            finished, pending = wait_first(pending)
            for future in finished:
                result: ShardResult = future.result()
                with project.transaction():  # one commit a shard: each document a savepoint
                    for ident, date, found in result:
                        _store(project, identity, ident, date, found, report)
                for ident, _, _ in result:
                    stored += 1
                    yield Progress(stored, len(todo), f"document {ident}")
    finally:
        for future in pending:
            future.cancel()
    return report


def _store(project: Project, identity: str, ident: int, date: str | None,
           found: Suggestions, report: SuggestReport) -> None:
    try:
        stored = store_suggestions(project, ident, identity, found, date=date)
    except DateChangedError:
        # Redated while its shard was out: left unsuggested, so the next run works
        # it out against the new date.
        stored = False
    if stored:
        report.documents += 1
        report.spans += len(found.spans)
        report.relations += len(found.relations)


def _shards(project: Project, todo: list[int]) -> Iterator[Shard]:
    for begin in range(0, len(todo), SHARD_SIZE):
        docs = [project.document(i) for i in todo[begin:begin + SHARD_SIZE]]
        yield [(d.id, d.text, d.date) for d in docs]


def suggest_with_processes(
    project: Project, model: str, identity: str, workers: int, *,
    documents: Iterable[int] | None = None, batch_size: int = 32,
) -> Generator[Progress, None, SuggestReport]:
    """`suggest_sharded` on `workers` local processes (each loads the model once)."""
    import multiprocessing

    # spawn: a fresh interpreter per worker, safe whatever threads this process runs.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        def submit(shard: Shard) -> Future[ShardResult]:
            return pool.submit(suggest_shard, model, shard, batch_size, identity)

        return (yield from suggest_sharded(project, identity, submit, workers,
                                           documents=documents))


def suggest_on_cluster(
    project: Project, model: str, identity: str, address: str | Any, *,
    documents: Iterable[int] | None = None, batch_size: int = 32, timeout: float = 10.0,
) -> Generator[Progress, None, SuggestReport]:
    """`suggest_sharded` on the workers of the Dask cluster at `address` (a
    scheduler address such as tcp://host:8786, or a Cluster object). Every
    worker needs Dateline and the model installed; each loads the model once.

    Raises ClusterError when dask.distributed is missing or the scheduler
    cannot be reached.
    """
    try:  # untyped: reached through Any
        distributed: Any = importlib.import_module("distributed")
    except ImportError as exc:
        raise ClusterError("--dask needs dask.distributed: pip install 'dateline[dask]'") from exc
    try:
        client = distributed.Client(address, timeout=f"{timeout}s")
    except OSError as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(shard: Shard) -> Any:
            return client.submit(suggest_shard, model, shard, batch_size, identity, pure=False)

        def wait_first(pending: set[Any]) -> tuple[set[Any], set[Any]]:
            finished, rest = distributed.wait(list(pending), return_when="FIRST_COMPLETED")
            return set(finished), set(rest)

        return (yield from suggest_sharded(project, identity, submit, workers,
                                           wait_first=wait_first, documents=documents))
    finally:
        client.close()
