"""Colours the article's spans, one text block at a time.

QSyntaxHighlighter keeps its formats beside the text layout, so an edit
recolours only the blocks the span touches (setExtraSelections and QTextEdit
were measured too slow for long articles). Blocks are coloured when they
are first drawn (`realise`, called by the view before it paints), not when
the text is set, so opening a long article costs what its first screen
costs.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from app.palette import UNDERLINES, underlines
from app.spanindex import SpanIndex
from app.theme import LabelStyles


class SpanHighlighter(QSyntaxHighlighter):
    """Fills each span with its label's colour; where spans nest, the
    innermost fills and the article view draws the outer ones as bars."""

    def __init__(self, document: QTextDocument, index: SpanIndex, styles: LabelStyles) -> None:
        super().__init__(document)
        self.index = index
        self.styles = styles
        self.realised: set[int] = set()
        self.underlines = underlines(styles.looks)
        self.formats: dict[str, QTextCharFormat] = {}

    def highlightBlock(self, text: str) -> None:
        number = self.currentBlock().blockNumber()
        if number not in self.realised:
            return
        formats = self.formats
        for start, length, label in self.index.runs(number):
            fmt = formats.get(label)
            if fmt is None:
                fmt = self._format(label)
            self.setFormat(start, length, fmt)

    def _format(self, label: str) -> QTextCharFormat:
        """The label's fill, underlined in the label's own style and strong colour:
        a cue that does not depend on telling colours apart."""
        fmt = QTextCharFormat(self.styles.format(label))
        fmt.setUnderlineStyle(self.underlines.get(label, UNDERLINES[0]))
        fmt.setUnderlineColor(self.styles.look(label).strong)
        self.formats[label] = fmt
        return fmt

    def reset(self, index: SpanIndex, first: Iterable[int] = ()) -> None:
        """A new document's spans: only the `first` blocks are coloured when
        the text is set; the others when they are drawn."""
        self.index = index
        self.realised = set(first)

    def realise(self, blocks: Iterable[QTextBlock]) -> bool:
        """Colour the blocks about to be drawn that are not coloured yet;
        True when some were."""
        done = False
        for block in blocks:
            number = block.blockNumber()
            if number not in self.realised:
                self.realised.add(number)
                self.rehighlightBlock(block)
                done = True
        return done

    def recolour(self, blocks: range) -> None:
        """Colour these blocks again (a span in them changed), if they were drawn."""
        doc = self.document()
        if doc is None:
            return
        for number in blocks:
            if number in self.realised:
                block = doc.findBlockByNumber(number)
                if block.isValid():
                    self.rehighlightBlock(block)

    def restyle(self, styles: LabelStyles) -> None:
        """New label colours: drop every block's colours; drawing colours them again."""
        self.styles = styles
        self.underlines = underlines(styles.looks)
        self.formats = {}
        self.realised.clear()
        self.rehighlight()
