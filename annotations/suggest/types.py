"""What every suggester returns: spans and relations proposed for one document.

The types live in `annotations.model` (the store keeps them and must not
import the suggester); they are re-exported here for the suggesters.
"""

from annotations.model import SuggestedRelation, SuggestedSpan, Suggestions

__all__ = ["SuggestedRelation", "SuggestedSpan", "Suggestions"]
