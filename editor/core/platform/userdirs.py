"""Where Masthead keeps per-user files: config, cache and data folders.

Follows the XDG base directory variables (``XDG_CONFIG_HOME``, ``XDG_CACHE_HOME``,
``XDG_DATA_HOME``) with the usual fallbacks (``~/.config``, ``~/.cache``,
``~/.local/share``); on Windows the fallbacks are under ``%APPDATA%`` and
``%LOCALAPPDATA%``. Nothing is created at import time: callers create folders
when they first write to them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "masthead"


def _base(var: str, posix_fallback: str, windows_var: str) -> Path:
    value = os.environ.get(var, "").strip()
    # The XDG spec says relative paths are invalid and must be ignored.
    if value and os.path.isabs(value):
        return Path(value)
    if sys.platform == "win32":
        win = os.environ.get(windows_var, "").strip()
        if win:
            return Path(win)
    return Path.home() / posix_fallback


def config_dir() -> Path:
    """The user's Masthead config folder (settings, recent files)."""
    return _base("XDG_CONFIG_HOME", ".config", "APPDATA") / APP_DIR_NAME


def cache_dir() -> Path:
    """The user's Masthead cache folder (site indexes); safe to delete at any time."""
    return _base("XDG_CACHE_HOME", ".cache", "LOCALAPPDATA") / APP_DIR_NAME


def data_dir() -> Path:
    """The user's Masthead data folder (recovery copies and other state worth keeping)."""
    return _base("XDG_DATA_HOME", os.path.join(".local", "share"), "LOCALAPPDATA") / APP_DIR_NAME
