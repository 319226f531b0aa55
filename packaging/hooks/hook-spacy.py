# Replaces pyinstaller-hooks-contrib's hook-spacy, which collects every spaCy
# module and data file: its test suite and the ~70 languages other than English.
# spaCy imports a language's module by name when a pipeline needs it
# (spacy.util.get_lang_class), so English is named here; "xx" is spaCy's
# multi-language class, kept for pipelines that use it.
import re

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

OTHER_LANGUAGE = re.compile(r"^spacy\.lang\.(?!en\b|xx\b)[a-z]{2,3}(\.|$)")


def runs(name: str) -> bool:
    return not name.startswith("spacy.tests") and not OTHER_LANGUAGE.match(name)


hiddenimports = collect_submodules("spacy", filter=runs)
datas = collect_data_files(
    "spacy",
    excludes=["tests/**", "**/*.pyx", "**/*.pxd", "**/*.pyi", "**/*.cpp", "**/*.h"],
)
