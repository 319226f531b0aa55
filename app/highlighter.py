"""Makes room between the article's lines for relation arrows, one text block
at a time.

QPlainTextEdit lays out lines as tall as their tallest font and has no line
spacing of its own, so the spaces of each block are set one size step larger
(FontSizeAdjustment 2, about 1.5 times the text) with their advance scaled
back to a normal space: every line that holds a space gains a gap above its
words, where arrows and their labels run (as in brat and INCEpTION), and the
words stay where they were on the line. The article view paints each span's
fill and underline inside the words' own height (app/article.py), so the gap
stays clear.

QSyntaxHighlighter keeps its formats beside the text layout. Blocks get the
gap when they are first drawn (`realise`, called by the view before it
paints), not when the text is set, so opening a long article costs what its
first screen costs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtGui import QFont, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from app.spanindex import SpanIndex
from app.theme import LabelStyles

GAP_SIZE_STEPS = 2  # QTextFormat.FontSizeAdjustment: about 1.5 times the text's size
_SPACE_ADVANCE = 100 / 1.5  # percent: a large space as wide as a normal one
_SPACES = re.compile(r" +")


def gap_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setProperty(QTextCharFormat.Property.FontSizeAdjustment, GAP_SIZE_STEPS)
    fmt.setFontLetterSpacingType(QFont.SpacingType.PercentageSpacing)
    fmt.setFontLetterSpacing(_SPACE_ADVANCE)
    return fmt


class SpanHighlighter(QSyntaxHighlighter):
    """Sets the spaces of each drawn block a size larger: the gap above its lines."""

    def __init__(self, document: QTextDocument, index: SpanIndex, styles: LabelStyles) -> None:
        super().__init__(document)
        self.index = index
        self.styles = styles
        self.realised: set[int] = set()
        self.gap = gap_format()

    def highlightBlock(self, text: str) -> None:
        if self.currentBlock().blockNumber() not in self.realised:
            return
        gap = self.gap
        for found in _SPACES.finditer(text):
            self.setFormat(found.start(), found.end() - found.start(), gap)

    def reset(self, index: SpanIndex, first: Iterable[int] = ()) -> None:
        """A new document: only the `first` blocks get their gap when the text
        is set; the others when they are drawn."""
        self.index = index
        self.realised = set(first)

    def realise(self, blocks: Iterable[QTextBlock]) -> bool:
        """Lay out the blocks about to be drawn with their gap, if they have none
        yet; True when some were."""
        done = False
        for block in blocks:
            number = block.blockNumber()
            if number not in self.realised:
                self.realised.add(number)
                self.rehighlightBlock(block)
                done = True
        return done

    def restyle(self, styles: LabelStyles) -> None:
        """New label colours: the view paints them; the gaps stay."""
        self.styles = styles
