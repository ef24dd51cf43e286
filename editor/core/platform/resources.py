"""Where the files in ``resources/`` (stylesheets, icons) are, installed or in a checkout.

In a wheel, ``resources/`` is installed as the package ``editor.resources``;
in a source checkout (and an editable install) it sits beside ``editor/``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[2]  # editor/


@cache
def resources_dir() -> Path:
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Masthead's resources folder is missing from this installation")


def resource_path(name: str) -> Path:
    """The path of ``resources/<name>``."""
    return resources_dir() / name


def read_text(name: str) -> str:
    return resource_path(name).read_text(encoding="utf-8")
