"""brat's own rules for a T line, ported from its standoff parser (brat is not on
the package index): what brat's server checks when it reads a .ann beside its
.txt, both read as brat reads them (UTF-8, universal newlines)."""

from __future__ import annotations

from pathlib import Path

DISCONTINUOUS_SEPARATOR = " "  # brat joins the texts of a T line's fragments with it


def read_as_brat(path: Path) -> str:
    """A file as brat's server reads it: UTF-8 with universal newlines."""
    with path.open(encoding="utf-8", newline=None) as fh:
        return fh.read()


def check_t_line(line: str, text: str) -> list[tuple[int, int]]:
    """The fragments of a T line brat accepts; AssertionError saying why brat refuses it."""
    assert "\n" not in line and "\r" not in line, f"a line break inside {line!r}"
    ident, tab, data = line.partition("\t")
    assert tab and ident.startswith("T"), f"not a T line: {line!r}"
    head, tab, tail = data.partition("\t")
    label, _, offsets = head.partition(" ")
    assert label and offsets, f"no type and offsets in {line!r}"
    fragments: list[tuple[int, int]] = []
    for piece in offsets.split(";"):
        start_text, _, end_text = piece.partition(" ")
        start, end = int(start_text), int(end_text)
        assert start <= end, f"{ident}: start > end"
        assert start >= 0, f"{ident}: start < 0"
        assert end <= len(text), f"{ident}: offset exceeds the text's length {len(text)}"
        for seen_start, seen_end in fragments:
            assert not (end >= seen_start and start < seen_end), f"{ident}: fragments overlap"
        fragments.append((start, end))
    length = sum(b - a for a, b in fragments) + (len(fragments) - 1) * len(
        DISCONTINUOUS_SEPARATOR)
    assert tab, f"{ident}: no tab before the text"
    assert len(tail) >= length, f"{ident}: the text is shorter than the marked spans"
    stated, rest = tail[:length], tail[length:]
    expected = DISCONTINUOUS_SEPARATOR.join(text[a:b] for a, b in fragments)
    assert stated == expected, f"{ident}: the text {stated!r} is not the document's {expected!r}"
    assert rest == "" or rest[0].isspace(), f"{ident}: the text runs on into {rest!r}"
    return fragments


def check_ann(ann: Path) -> int:
    """Check every T line of a .ann against its .txt by brat's rules; the T lines read."""
    text = read_as_brat(ann.with_suffix(".txt"))
    count = 0
    for line in read_as_brat(ann).split("\n"):
        if line.startswith("T"):
            for start, end in check_t_line(line, text):
                assert "\n" not in text[start:end], f"a fragment holds a line break: {line!r}"
            count += 1
    return count
