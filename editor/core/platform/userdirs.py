"""Where Masthead keeps per-user files: config, cache and data folders.

The platform's own places, from ``platformdirs`` (``~/.config``, ``~/.cache`` and
``~/.local/share`` on Linux, ``~/Library/...`` on macOS, ``%APPDATA%`` and
``%LOCALAPPDATA%`` on Windows). The XDG base directory variables
(``XDG_CONFIG_HOME``, ``XDG_CACHE_HOME``, ``XDG_DATA_HOME``) win on every platform
when they hold an absolute path; relative ones are ignored, as the XDG spec says.
Nothing is created at import time: callers create folders when they first write to them.

On Linux and the BSDs the XDG spec's own defaults are used without ``platformdirs``
(which gives the same folders there): importing it took 8-12 ms of every window's start.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

APP_DIR_NAME = "masthead"
# Each folder's XDG variable: the spec's default under the home folder (Linux and the
# BSDs), and the platformdirs function with its options (elsewhere).
FOLDERS: dict[str, tuple[tuple[str, ...], str, dict[str, bool]]] = {
    "XDG_CONFIG_HOME": ((".config",), "user_config_dir", {"roaming": True}),
    "XDG_CACHE_HOME": ((".cache",), "user_cache_dir", {}),
    "XDG_DATA_HOME": ((".local", "share"), "user_data_dir", {}),
}
logger = logging.getLogger(__name__)


def _uses_xdg_defaults() -> bool:
    """Whether the platform's folders are the XDG spec's (Linux and the BSDs)."""
    return sys.platform not in ("win32", "darwin", "cygwin") and not hasattr(
        sys, "getandroidapilevel"
    )


def _folder(var: str) -> Path:
    """``$var/masthead`` when var is an absolute path, else the platform's folder."""
    value = os.environ.get(var, "").strip()
    if value and os.path.isabs(value):
        return Path(value) / APP_DIR_NAME
    if value:
        logger.warning("ignoring %s=%r: not an absolute path", var, value)
    xdg_default, function, options = FOLDERS[var]
    if _uses_xdg_defaults():
        return Path.home().joinpath(*xdg_default, APP_DIR_NAME)
    import platformdirs

    # platformdirs would take a relative XDG value as it is; the spec says ignore it.
    saved = os.environ.pop(var, None)
    try:
        return Path(getattr(platformdirs, function)(APP_DIR_NAME, appauthor=False, **options))
    finally:
        if saved is not None:
            os.environ[var] = saved


def config_dir() -> Path:
    """The user's Masthead config folder (settings, recent files)."""
    return _folder("XDG_CONFIG_HOME")


def cache_dir() -> Path:
    """The user's Masthead cache folder (site indexes); safe to delete at any time."""
    return _folder("XDG_CACHE_HOME")


def data_dir() -> Path:
    """The user's Masthead data folder (recovery copies and other state worth keeping)."""
    return _folder("XDG_DATA_HOME")
