"""The label schema: span labels with their attributes, relation labels with
their allowed endpoints, colours, keys and help text.

A schema is data (a JSON file, stored in the project), never code: a project
can add, rename or drop labels.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from annotations.errors import AttributeValueError, SchemaError

ATTRIBUTE_TYPES = ("choice", "text", "bool")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class AttributeSpec:
    """One attribute of a span label: a choice among values, free text, or a flag."""

    name: str
    type: str
    values: tuple[str, ...] = ()
    default: str | bool | None = None
    pattern: str | None = None
    help: str = ""

    def check(self, label: str, value: object) -> None:
        """Raise AttributeValueError unless `value` is allowed for this attribute."""
        where = f"{label}.{self.name}"
        if self.type == "bool":
            if not isinstance(value, bool):
                raise AttributeValueError(f"{where} must be true or false, not {value!r}")
            return
        if not isinstance(value, str):
            raise AttributeValueError(f"{where} must be text, not {value!r}")
        if self.type == "choice" and value not in self.values:
            allowed = ", ".join(self.values)
            raise AttributeValueError(f"{where} cannot be {value!r}; allowed: {allowed}")
        if self.type == "text" and self.pattern and value and not re.fullmatch(self.pattern, value):
            raise AttributeValueError(
                f"{where} value {value!r} does not match the pattern {self.pattern}"
            )


@dataclass(frozen=True)
class SpanLabel:
    name: str
    color: str
    key: str = ""
    help: str = ""
    attributes: tuple[AttributeSpec, ...] = ()

    def attribute(self, name: str) -> AttributeSpec | None:
        return next((a for a in self.attributes if a.name == name), None)


@dataclass(frozen=True)
class RelationLabel:
    name: str
    heads: tuple[str, ...]
    children: tuple[str, ...]
    color: str
    key: str = ""
    help: str = ""


@dataclass(frozen=True)
class LabelSchema:
    name: str
    version: int
    labels: tuple[SpanLabel, ...]
    relations: tuple[RelationLabel, ...] = ()
    description: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def label_names(self) -> list[str]:
        return [label.name for label in self.labels]

    @property
    def relation_names(self) -> list[str]:
        return [rel.name for rel in self.relations]

    def label(self, name: str) -> SpanLabel | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    def relation(self, name: str) -> RelationLabel | None:
        return next((rel for rel in self.relations if rel.name == name), None)

    def check_attrs(self, label: str, attrs: dict[str, Any]) -> None:
        """Raise AttributeValueError for an attribute name or value the label does not allow."""
        spec = self.label(label)
        if spec is None:
            raise AttributeValueError(f"label {label!r} is not in the schema {self.name!r}")
        for name, value in attrs.items():
            attr = spec.attribute(name)
            if attr is None:
                known = ", ".join(a.name for a in spec.attributes) or "none"
                raise AttributeValueError(
                    f"{label} has no attribute {name!r} (its attributes: {known})"
                )
            attr.check(label, value)

    def to_json(self) -> str:
        return json.dumps(self.raw, ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: object, source: str = "schema") -> LabelSchema:
        """Build a schema from its JSON form.

        Raises:
            SchemaError: a field is missing or of the wrong type, a name is
                repeated, a key is used twice, or a relation names an unknown label.
        """
        try:
            return _parse(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise SchemaError(f"{source}: {_describe(exc)}") from exc

    @classmethod
    def load(cls, path: str | Path) -> LabelSchema:
        """Read a schema JSON file; SchemaError names the file and the problem."""
        p = Path(path)
        try:
            data = json.loads(p.read_text(encoding="utf-8-sig"))
        except FileNotFoundError as exc:
            raise SchemaError(f"{p}: no such schema file") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SchemaError(f"{p}: not a JSON schema file ({exc})") from exc
        return cls.from_dict(data, str(p))


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"missing field {exc.args[0]!r}"
    return str(exc)


def _parse(data: object) -> LabelSchema:
    if not isinstance(data, dict):
        raise TypeError("a schema is a JSON object with 'name', 'labels' and 'relations'")
    labels = tuple(_parse_label(item) for item in data["labels"])
    if not labels:
        raise ValueError("a schema needs at least one span label")
    names = [lab.name for lab in labels]
    relations = tuple(_parse_relation(item, names) for item in data.get("relations", []))
    _unique("label", names + [rel.name for rel in relations])
    keys = [lab.key for lab in labels if lab.key] + [rel.key for rel in relations if rel.key]
    _unique("key", keys)
    version = data.get("version", 1)
    if not isinstance(version, int):
        raise TypeError(f"'version' must be a whole number, not {version!r}")
    return LabelSchema(
        name=str(data["name"]),
        version=version,
        labels=labels,
        relations=relations,
        description=str(data.get("description", "")),
        raw=data,
    )


def _unique(what: str, names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ValueError(f"the {what} {name!r} is used twice")
        seen.add(name)


def _name(item: dict[str, Any]) -> str:
    name = item["name"]
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"{name!r} is not a valid name (letters, digits, _ . -)")
    return name


def _color(item: dict[str, Any], name: str) -> str:
    color = item.get("color", "#999999")
    if not isinstance(color, str) or not _COLOR.match(color):
        raise ValueError(f"{name}: colour {color!r} is not of the form #rrggbb")
    return color


def _parse_label(item: dict[str, Any]) -> SpanLabel:
    name = _name(item)
    return SpanLabel(
        name=name,
        color=_color(item, name),
        key=str(item.get("key", "")),
        help=str(item.get("help", "")),
        attributes=tuple(_parse_attribute(a, name) for a in item.get("attributes", [])),
    )


def _parse_attribute(item: dict[str, Any], label: str) -> AttributeSpec:
    name = _name(item)
    kind = item.get("type", "choice")
    if kind not in ATTRIBUTE_TYPES:
        allowed = ", ".join(ATTRIBUTE_TYPES)
        raise ValueError(f"{label}.{name}: type {kind!r} is not one of {allowed}")
    values = tuple(str(v) for v in item.get("values", []))
    if kind == "choice" and not values:
        raise ValueError(f"{label}.{name}: a choice attribute needs 'values'")
    default = item.get("default")
    spec = AttributeSpec(
        name, kind, values, default, item.get("pattern"), str(item.get("help", ""))
    )
    if default is not None:
        try:
            spec.check(label, default)
        except AttributeValueError as exc:
            raise ValueError(f"default: {exc}") from exc
    return spec


def _parse_relation(item: dict[str, Any], labels: list[str]) -> RelationLabel:
    name = _name(item)
    heads, children = tuple(item["from"]), tuple(item["to"])
    for end in (*heads, *children):
        if end not in labels:
            raise ValueError(f"relation {name} names the unknown span label {end!r}")
    return RelationLabel(
        name=name,
        heads=heads,
        children=children,
        color=_color(item, name),
        key=str(item.get("key", "")),
        help=str(item.get("help", "")),
    )


def default_schema() -> LabelSchema:
    """The bundled "news-events" schema, read from resources/schemas."""
    text = files("resources").joinpath("schemas/news-events.json").read_text(encoding="utf-8")
    return LabelSchema.from_dict(json.loads(text), "resources/schemas/news-events.json")


#: A bool attribute of this name is set on a new span that opens right after
#: a quotation mark (a direct quote).
QUOTE_ATTRIBUTE = "direct"


def default_attrs(label: SpanLabel, text: str, start: int) -> dict[str, Any]:
    """A new span's attributes: the schema's defaults, and a bool attribute
    named "direct" set when the span opens right after (or on) a quotation mark:
    the one rule (annotations.text.opens_after_quote_mark) the suggester uses too."""
    from annotations.text import opens_after_quote_mark

    attrs: dict[str, Any] = {a.name: a.default for a in label.attributes if a.default is not None}
    direct = label.attribute(QUOTE_ATTRIBUTE)
    if direct is not None and direct.type == "bool":
        attrs[QUOTE_ATTRIBUTE] = opens_after_quote_mark(text, start)
    return attrs


def carried_attrs(label: SpanLabel, old: dict[str, Any], text: str,
                  start: int) -> dict[str, Any]:
    """Attributes for a relabelled span: the new label's defaults, with the
    old values kept where the new label has an attribute of that name that
    allows them."""
    attrs = default_attrs(label, text, start)
    for name, value in old.items():
        spec = label.attribute(name)
        if spec is None:
            continue
        try:
            spec.check(label.name, value)
        except AttributeValueError:
            continue
        attrs[name] = value
    return attrs


# --- what agreement and evaluation compare ------------------------------------------------

#: The attributes compared on exactly matched spans, as (label, attribute): the
#: DATE's normalized value and the EVENT's class. Agreement (annotations.measures)
#: and evaluation both compare these.
COMPARED_ATTRIBUTES: tuple[tuple[str, str], ...] = (("DATE", "value"), ("EVENT", "class"))

#: The relation names always reported, used or not (the default schema's).
COMPARED_RELATIONS: tuple[str, ...] = ("SAID", "WHEN")
