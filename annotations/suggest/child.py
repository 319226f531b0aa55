"""The suggester in a process of its own, for the window.

Parsing holds Python's lock for as long as spaCy runs; in a thread of the
window's process it would hold up every key press. So the window starts this
module as a child process, `python -m annotations.suggest.child PROJECT
--model NAME`, and talks to it by lines of JSON, one message a line:

- to the child, on its standard input: `{"suggest": DOCUMENT_ID}` asks for
  one document; the end of the input (or `{"quit": true}`) ends the child
  once the document in hand is stored.
- from the child, on its standard output: `{"event": "loading", "model":
  NAME}`, then `{"event": "ready", "identity": "name@version"}` or
  `{"event": "failed", "error": TEXT}` (the model cannot be loaded: the
  child ends); then for each document asked, `{"event": "suggested",
  "document": ID, "spans": N}` or `{"event": "suggest_failed", "document":
  ID, "error": TEXT}`.

spaCy is imported and the model loaded here, never in the window. The child
stores each document's suggestions itself, all or nothing, through its own
connection to the project file (the window's connection stays the only
writer of the annotators' work and decisions); killing it mid-document
leaves nothing of that document behind.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO, Any

from annotations.errors import DatelineError
from annotations.progress import drive
from annotations.store import DATABASE_ERRORS, Project
from annotations.suggest.model import ModelError, load_model, model_identity
from annotations.suggest.run import suggest_project

FAILURES: tuple[type[Exception], ...] = (DatelineError, *DATABASE_ERRORS, OSError)
NICENESS = 10
"""How much lower than the window the child runs (POSIX): parsing may wait, keys may not."""


def send(replies: IO[str], event: str, **fields: Any) -> None:
    replies.write(json.dumps({"event": event, **fields}) + "\n")
    replies.flush()


def serve(path: str, model: str, actor: str | None, requests: IO[str],
          replies: IO[str]) -> int:
    """Load `model`, then suggest each document asked on `requests` into the
    project at `path`, answering on `replies`; 0 at the end of the requests,
    1 when the model cannot be loaded."""
    send(replies, "loading", model=model)
    try:
        nlp = load_model(model)
    except (ModelError, OSError) as exc:
        send(replies, "failed", error=str(exc))
        return 1
    identity = model_identity(nlp)
    send(replies, "ready", identity=identity)
    with Project(path, actor=actor) as project:
        for line in requests:
            request = json.loads(line)
            if request.get("quit"):
                break
            document = int(request["suggest"])
            try:
                report = drive(suggest_project(project, nlp, model=identity,
                                               documents=[document]))
            except FAILURES as exc:
                send(replies, "suggest_failed", document=document, error=str(exc))
            else:
                send(replies, "suggested", document=document, spans=report.spans)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project")
    parser.add_argument("--model", required=True)
    parser.add_argument("--actor")
    args = parser.parse_args(argv)
    if hasattr(os, "nice"):  # the window's keys come first when processors are short
        os.nice(NICENESS)
    # The protocol has standard output to itself: what a library prints goes to stderr.
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        return serve(args.project, args.model, args.actor, sys.stdin, replies)
    except KeyboardInterrupt:
        return 130
    finally:
        replies.close()


if __name__ == "__main__":
    sys.exit(main())
