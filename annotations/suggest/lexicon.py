"""The suggester's word lists, read once from resources/suggest/ (data, not code)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from annotations.errors import DatelineError

EVENT_CLASSES = ("REPORTING", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION", "STATE")


class LexiconError(DatelineError):
    """A bundled lexicon file is missing or malformed (a broken installation)."""


@dataclass(frozen=True)
class Lexicon:
    """Lemma sets for the EVENT, QUOTE and SPEAKER rules."""

    event_class: dict[str, str]
    eventive_nouns: frozenset[str]
    quote_cues: frozenset[str]
    indirect_cues: frozenset[str]
    directives: frozenset[str]
    directive_particles: dict[str, frozenset[str]]
    content_object_verbs: frozenset[str]
    message_nouns: frozenset[str]
    relay_verbs: frozenset[str]
    according_to: frozenset[str]
    not_events: frozenset[str]
    not_events_before_to: frozenset[str]
    light_verb_idioms: frozenset[tuple[str, str]]
    deverbal_suffixes: tuple[str, ...]
    not_deverbal: frozenset[str]

    def class_of(self, lemma: str) -> str:
        """The TimeML class of an event lemma (OCCURRENCE when not listed)."""
        return self.event_class.get(lemma.lower(), "OCCURRENCE")


def _read(name: str) -> str:
    try:
        return files("resources").joinpath("suggest", name).read_text(encoding="utf-8")
    except (OSError, ModuleNotFoundError) as exc:
        raise LexiconError(f"resources/suggest/{name} cannot be read ({exc}); reinstall") from exc


def _json(name: str) -> dict[str, Any]:
    try:
        data = json.loads(_read(name))
    except json.JSONDecodeError as exc:
        raise LexiconError(f"resources/suggest/{name}:{exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"resources/suggest/{name}: expected a JSON object")
    return data


def _words(data: dict[str, Any], key: str, name: str) -> frozenset[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"resources/suggest/{name}: {key!r} must be a list of words")
    return frozenset(v.lower() for v in value)


def _lines(name: str) -> frozenset[str]:
    words = (line.split("#", 1)[0].strip().lower() for line in _read(name).splitlines())
    return frozenset(w for w in words if w)


@cache
def lexicon() -> Lexicon:
    """The bundled lexicon. Raises LexiconError when a file is missing or malformed."""
    classes = _json("event_classes.json")
    event_class: dict[str, str] = {}
    for cls in EVENT_CLASSES:
        for lemma in _words(classes, cls, "event_classes.json"):
            event_class.setdefault(lemma, cls)
    speech = _json("speech.json")
    particles = speech.get("directive_particles", {})
    idioms = speech.get("light_verb_idioms", [])
    return Lexicon(
        event_class=event_class,
        eventive_nouns=_lines("eventive_nouns.txt"),
        quote_cues=_words(speech, "quote_cues", "speech.json"),
        indirect_cues=_words(speech, "indirect_cues", "speech.json"),
        directives=_words(speech, "directives", "speech.json"),
        directive_particles={k: frozenset(v) for k, v in particles.items()},
        content_object_verbs=_words(speech, "content_object_verbs", "speech.json"),
        message_nouns=_words(speech, "message_nouns", "speech.json"),
        relay_verbs=_words(speech, "relay_verbs", "speech.json"),
        according_to=_words(speech, "according_to", "speech.json"),
        not_events=_words(speech, "not_events", "speech.json"),
        not_events_before_to=_words(speech, "not_events_before_to", "speech.json"),
        light_verb_idioms=frozenset((str(a), str(b)) for a, b in idioms),
        deverbal_suffixes=tuple(_words(speech, "deverbal_suffixes", "speech.json")),
        not_deverbal=_words(speech, "not_deverbal", "speech.json"),
    )
