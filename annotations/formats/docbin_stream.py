"""A spaCy DocBin written part by part: memory does not grow with the corpus.

`DocBin.to_bytes` holds every document's token arrays, stacks them into one
array and packs that into one msgpack message, then compresses it: several
copies of the whole corpus at once (3.2 GB for 10,000 articles). This writer
fills a real `DocBin` with a chunk of documents (spaCy's own `add`), moves the
chunk's columns to temporary files, and at the end streams the same msgpack
message through zlib into the .spacy file. `DocBin.from_disk` reads the
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

    def __init__(self, attrs: Any = None) -> None:
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
                       ("tokens", "spaces", "span_groups", "user_data")}
        self._lengths: list[int] = []
        self._strings: set[str] = set()
        self._cats: list[Any] = []
        self._flags: list[Any] = []
        self._user_data = 0
        self._packer: Any = None

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
        self._strings |= db.strings
        self._cats += db.cats
        self._flags += db.flags
        self._db = self._new()

    def write(self, target: Path) -> None:
        """Write the .spacy file: the message `DocBin.to_bytes` makes, compressed."""
        import numpy

        self._drain()
        lengths = numpy.asarray(self._lengths, dtype="int32").tobytes("C")
        fields: list[tuple[str, Any]] = [
            ("version", self.version), ("attrs", self.attrs),
            ("tokens", self._files["tokens"]), ("spaces", self._files["spaces"]),
            ("lengths", lengths), ("strings", sorted(self._strings)), ("cats", self._cats),
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
