"""A spaCy DocBin written part by part: memory does not grow with the corpus.

`DocBin.to_bytes` holds every document's token arrays, stacks them into one
array and packs that into one msgpack message, then compresses it: several
copies of the whole corpus at once (3.2 GB for 10,000 articles). This writer
fills a real `DocBin` with a chunk of documents (spaCy's own `add`), moves the
chunk's columns to temporary files, and at the end streams the same msgpack
message through zlib into the .spacy file (its strings unsorted and repeated
across chunks: DocBin reads them into a set). `DocBin.from_disk` reads the
result as it reads its own (the test reads it back with spaCy).
"""

from __future__ import annotations

import struct
import tempfile
import zlib
from pathlib import Path
from typing import IO, Any

CHUNK = 500  # documents in the DocBin at once
_COPY = 1 << 20


class StreamingDocBin:
    """Add Docs, then `write` the .spacy file; `user_data` items are msgpack bytes
    (as DocBin keeps them) given per document."""

    def __init__(self, attrs: Any = None, nlp: Any = None) -> None:
        """`nlp`: the pipeline that makes the Docs, if each chunk's strings and
        lexemes (span ids are one string per span) should be freed after the
        chunk, in a spaCy memory zone; its Docs must then be added as they are
        made and not used after `add` returns."""
        from spacy.tokens import DocBin

        options: dict[str, Any] = {"store_user_data": False}
        if attrs is not None:
            options["attrs"] = attrs
        self._docbin: Any = DocBin
        self._options = options
        self._db = self._new()
        self.version, self.attrs = self._db.version, self._db.attrs
        # Closed by write() or close(); a dropped writer's files go with it.
        self._files = {key: tempfile.TemporaryFile() for key in  # noqa: SIM115
                       ("tokens", "spaces", "span_groups", "user_data", "strings")}
        self._lengths: list[int] = []
        self._strings = 0
        self._cats: list[Any] = []
        self._flags: list[Any] = []
        self._user_data = 0
        self._packer: Any = None
        self._nlp = nlp
        self._zone: Any = None
        self._enter_zone()

    def _enter_zone(self) -> None:
        if self._nlp is not None:
            self._zone = self._nlp.memory_zone()
            self._zone.__enter__()

    def _exit_zone(self) -> None:
        if self._zone is not None:
            zone, self._zone = self._zone, None
            zone.__exit__(None, None, None)

    def _new(self) -> Any:
        return self._docbin(**self._options)

    def __len__(self) -> int:
        return len(self._lengths) + len(self._db)

    def add(self, doc: Any, user_data: bytes | None = None) -> None:
        self._db.add(doc)
        if user_data is not None:
            self._files["user_data"].write(self._pack(user_data))
            self._user_data += 1
        if len(self._db) >= CHUNK:
            self._drain()
            self._exit_zone()  # the chunk's Docs are spent: free their strings
            self._enter_zone()

    def _pack(self, value: Any) -> bytes:
        if self._packer is None:
            import srsly

            self._packer = srsly.msgpack.Packer(use_bin_type=True)
        packed: bytes = self._packer.pack(value)
        return packed

    def _drain(self) -> None:
        """Move the chunk's columns out of the DocBin (to files and small lists)."""
        db = self._db
        for tokens, spaces in zip(db.tokens, db.spaces, strict=True):
            self._files["tokens"].write(tokens.tobytes("C"))
            self._files["spaces"].write(spaces.tobytes("C"))
            self._lengths.append(len(tokens))
        for group in db.span_groups:
            self._files["span_groups"].write(self._pack(group))
        # Each chunk's strings (span ids are one per span): a set in memory would grow
        # with the corpus; DocBin reads them into a set, so repeats across chunks are fine.
        for string in db.strings:
            self._files["strings"].write(self._pack(string))
        self._strings += len(db.strings)
        self._cats += db.cats
        self._flags += db.flags
        self._db = self._new()

    def write(self, target: Path) -> None:
        """Write the .spacy file: the message `DocBin.to_bytes` makes, compressed."""
        import numpy

        self._drain()
        self._exit_zone()
        lengths = numpy.asarray(self._lengths, dtype="int32").tobytes("C")
        fields: list[tuple[str, Any]] = [
            ("version", self.version), ("attrs", self.attrs),
            ("tokens", self._files["tokens"]), ("spaces", self._files["spaces"]),
            ("lengths", lengths), ("strings", (self._files["strings"], self._strings)),
            ("cats", self._cats),
            ("flags", self._flags),
            ("span_groups", (self._files["span_groups"], len(self._lengths))),
        ]
        if self._user_data:
            fields.append(("user_data", (self._files["user_data"], self._user_data)))
        squeeze = zlib.compressobj()
        with target.open("wb") as out:
            out.write(squeeze.compress(_map_header(len(fields))))
            for key, value in fields:
                out.write(squeeze.compress(self._pack(key)))
                if isinstance(value, tuple):  # an array of packed items in a file
                    handle, count = value
                    out.write(squeeze.compress(_array_header(count)))
                    _stream(handle, out, squeeze)
                elif hasattr(value, "read"):  # one bin value in a file
                    out.write(squeeze.compress(b"\xc6" + struct.pack(">I", value.tell())))
                    _stream(value, out, squeeze)
                else:
                    out.write(squeeze.compress(self._pack(value)))
            out.write(squeeze.flush())
        self.close()

    def close(self) -> None:
        self._exit_zone()
        for handle in self._files.values():
            handle.close()


def _map_header(count: int) -> bytes:
    return bytes([0x80 | count]) if count < 16 else b"\xde" + struct.pack(">H", count)


def _array_header(count: int) -> bytes:
    return b"\xdd" + struct.pack(">I", count)


def _stream(handle: IO[bytes], out: IO[bytes], squeeze: Any) -> None:
    handle.seek(0)
    while chunk := handle.read(_COPY):
        out.write(squeeze.compress(chunk))
