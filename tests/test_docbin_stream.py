"""The DocBin written part by part holds what spaCy's own DocBin writes, and
spaCy reads it back."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
import srsly
from spacy.tokens import DocBin

from annotations.dataset import tokenizer
from annotations.formats import docbin_stream
from annotations.formats.docbin_stream import StreamingDocBin


def test_streamed_docbin_is_the_message_spacy_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docbin_stream, "CHUNK", 7)  # several chunks for a few documents
    nlp = tokenizer()
    docs = []
    for n in range(23):
        doc = nlp.make_doc(f"Talks in Geneva ended on day {n}. Ms. Lee said “no deal” again.")
        doc.spans["sc"] = [s for s in (doc.char_span(0, 5, label="EVENT"),
                                       doc.char_span(9, 15, label="LOC")) if s is not None]
        doc.user_data[f"n{n}"] = n
        docs.append(doc)
    packer = srsly.msgpack.Packer(use_bin_type=True)
    ours = StreamingDocBin()
    theirs = DocBin(store_user_data=True)
    for doc in docs:
        ours.add(doc, packer.pack(doc.user_data))
        theirs.add(doc)
    assert len(ours) == 23
    ours.write(tmp_path / "ours.spacy")
    theirs.to_disk(tmp_path / "theirs.spacy")
    unpack = srsly.msgpack_loads
    assert unpack(zlib.decompress((tmp_path / "ours.spacy").read_bytes())) == unpack(
        zlib.decompress((tmp_path / "theirs.spacy").read_bytes()))
    back = list(DocBin().from_disk(tmp_path / "ours.spacy").get_docs(nlp.vocab))
    assert [d.text for d in back] == [d.text for d in docs]
    assert [[(s.label_, s.start_char, s.end_char) for s in d.spans["sc"]] for d in back] == [
        [(s.label_, s.start_char, s.end_char) for s in d.spans["sc"]] for d in docs]
    assert back[5].user_data["n5"] == 5


def test_an_empty_streamed_docbin_reads_as_no_documents(tmp_path: Path) -> None:
    empty = StreamingDocBin()
    empty.write(tmp_path / "empty.spacy")
    assert list(DocBin().from_disk(tmp_path / "empty.spacy").get_docs(tokenizer().vocab)) == []
