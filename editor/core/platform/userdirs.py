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
from collections.abc import Callable
from pathlib import Path

APP_DIR_NAME = "masthead"
# The XDG base directory spec's defaults, under the home folder, where no variable is set.
XDG_DEFAULTS = {
    "XDG_CONFIG_HOME": (".config",),
    "XDG_CACHE_HOME": (".cache",),
    "XDG_DATA_HOME": (".local", "share"),
}
logger = logging.getLogger(__name__)


def _uses_xdg_defaults() -> bool:
    """Whether the platform's folders are the XDG spec's (Linux and the BSDs)."""
    return sys.platform not in ("win32", "darwin", "cygwin") and not hasattr(
        sys, "getandroidapilevel"
    )


def _folder(var: str, platform_dir: Callable[[], str]) -> Path:
    """``$var/masthead`` when var is an absolute path, else the platform's folder."""
    value = os.environ.get(var, "").strip()
    if value and os.path.isabs(value):
        return Path(value) / APP_DIR_NAME
    if value:
        # platformdirs would take a relative XDG value as it is; the spec says ignore it.
        logger.warning("ignoring %s=%r: not an absolute path", var, value)
    if _uses_xdg_defaults():
        return Path.home().joinpath(*XDG_DEFAULTS[var], APP_DIR_NAME)
    if value:
        saved = os.environ.pop(var)
        try:
            return Path(platform_dir())
        finally:
            os.environ[var] = saved
    return Path(platform_dir())


def config_dir() -> Path:
    """The user's Masthead config folder (settings, recent files)."""

    def platform_dir() -> str:
        import platformdirs

        return platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=True)

    return _folder("XDG_CONFIG_HOME", platform_dir)


def cache_dir() -> Path:
    """The user's Masthead cache folder (site indexes); safe to delete at any time."""

    def platform_dir() -> str:
        import platformdirs

        return platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False)

    return _folder("XDG_CACHE_HOME", platform_dir)


def data_dir() -> Path:
    """The user's Masthead data folder (recovery copies and other state worth keeping)."""

    def platform_dir() -> str:
        import platformdirs

        return platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)

    return _folder("XDG_DATA_HOME", platform_dir)
