"""Pre-suggestions: a spaCy pipeline plus rules over its parse propose spans
and relations of the schema; they become annotations only when accepted."""
