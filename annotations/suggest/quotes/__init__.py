"""QUOTE and SPEAKER suggestions with their SAID links (see finder.py)."""

from annotations.suggest.quotes.finder import suggest_quotes

__all__ = ["suggest_quotes"]
