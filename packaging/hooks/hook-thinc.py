# Replaces pyinstaller-hooks-contrib's hook-thinc: the same modules without
# thinc's test suite, and its data files without Cython sources and headers.
from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("thinc", filter=lambda name: ".tests" not in name)
datas = collect_data_files(
    "thinc", excludes=["tests/**", "**/*.pyx", "**/*.pxd", "**/*.pyi", "**/*.cpp", "**/*.h"]
)
