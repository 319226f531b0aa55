"""Colours the article's spans, one text block at a time.

QSyntaxHighlighter keeps its formats beside the text layout, so a span
costs nothing until its block is laid out and painted, and an edit
recolours only the blocks the span touches (setExtraSelections and QTextEdit
were measured too slow for long articles).
"""

from __future__ import annotations

from PySide6.QtGui import QSyntaxHighlighter, QTextDocument

from app.spanindex import SpanIndex
from app.theme import LabelStyles


class SpanHighlighter(QSyntaxHighlighter):
    """Fills each span with its label's colour; where spans nest, the
    innermost fills and the article view draws the outer ones as bars."""

    def __init__(self, document: QTextDocument, index: SpanIndex, styles: LabelStyles) -> None:
        super().__init__(document)
        self.index = index
        self.styles = styles

    def highlightBlock(self, text: str) -> None:
        runs = self.index.runs(self.currentBlock().blockNumber())
        if not runs:
            return
        fmt = self.styles.format
        for start, length, key in runs:
            self.setFormat(start, length, fmt(key))

    def recolour(self, blocks: range) -> None:
        """Highlight these blocks again (after a span in them changed)."""
        doc = self.document()
        if doc is None:
            return
        for number in blocks:
            block = doc.findBlockByNumber(number)
            if block.isValid():
                self.rehighlightBlock(block)
