"""Where Masthead keeps per-user files: config, cache and data folders.

The platform's own places, from ``platformdirs`` (``~/.config``, ``~/.cache`` and
``~/.local/share`` on Linux, ``~/Library/...`` on macOS, ``%APPDATA%`` and
``%LOCALAPPDATA%`` on Windows). The XDG base directory variables
(``XDG_CONFIG_HOME``, ``XDG_CACHE_HOME``, ``XDG_DATA_HOME``) win on every platform
when they hold an absolute path; relative ones are ignored, as the XDG spec says.
Nothing is created at import time: callers create folders when they first write to them.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import platformdirs

APP_DIR_NAME = "masthead"
logger = logging.getLogger(__name__)


def _folder(var: str, platform_dir: Callable[[], str]) -> Path:
    """``$var/masthead`` when var is an absolute path, else the platform's folder."""
    value = os.environ.get(var, "").strip()
    if value and os.path.isabs(value):
        return Path(value) / APP_DIR_NAME
    if value:
        # platformdirs would take a relative XDG value as it is; the spec says ignore it.
        logger.warning("ignoring %s=%r: not an absolute path", var, value)
        saved = os.environ.pop(var)
        try:
            return Path(platform_dir())
        finally:
            os.environ[var] = saved
    return Path(platform_dir())


def config_dir() -> Path:
    """The user's Masthead config folder (settings, recent files)."""
    return _folder(
        "XDG_CONFIG_HOME",
        lambda: platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False, roaming=True),
    )


def cache_dir() -> Path:
    """The user's Masthead cache folder (site indexes); safe to delete at any time."""
    return _folder(
        "XDG_CACHE_HOME", lambda: platformdirs.user_cache_dir(APP_DIR_NAME, appauthor=False)
    )


def data_dir() -> Path:
    """The user's Masthead data folder (recovery copies and other state worth keeping)."""
    return _folder(
        "XDG_DATA_HOME", lambda: platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)
    )
