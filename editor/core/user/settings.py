"""User settings: one JSON file, every setting declared once with its default.

The path is always passed in (the composition root decides where it lives);
nothing is read at import time. Unknown keys in the file are kept so a newer
version's settings survive a round trip through an older one. A damaged file
falls back to the defaults instead of stopping the app.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from editor.core.platform.userdirs import config_dir

logger = logging.getLogger(__name__)

MAX_RECENT_FILES = 10
THEMES = ("system", "light", "dark")
FONT_KINDS = ("proportional", "monospace")
TEXT_COLUMNS = ("narrow", "medium", "wide", "full")  # widths in editor.core.user.text_column
FOCUS_UNITS = ("paragraph", "sentence")
CHOICES = {"editor_font_kind": FONT_KINDS, "text_column": TEXT_COLUMNS, "focus_unit": FOCUS_UNITS}


def default_settings_path() -> Path:
    """The settings file under the user's config folder (XDG on Linux, AppData on Windows)."""
    return config_dir() / "settings.json"


@dataclass
class Settings:
    """Every setting with its default. Add a field here and it loads and saves."""

    window_geometry: str = ""  # base64 of QWidget.saveGeometry(), opaque to the core
    window_state: str = ""  # base64 of QMainWindow.saveState()
    splitter_sizes: list[int] = field(default_factory=list)
    form_visible: bool = True
    preview_visible: bool = True
    raw_front_matter: bool = False
    recent_files: list[str] = field(default_factory=list)
    last_folder: str = ""
    theme: str = "system"
    soft_wrap: bool = True
    editor_font_family: str = ""
    editor_font_size: int = 0  # 0 means the default size (editor.ui.editor.editor_font)
    editor_font_kind: str = "proportional"  # or "monospace": the family when none is named
    text_column: str = "medium"  # narrow, medium, wide or full (editor.core.user.text_column)
    preview_zoom: int = 100  # the preview's text size, in percent
    focus_mode: bool = False  # dim all but the current paragraph or sentence
    focus_unit: str = "paragraph"  # or "sentence"
    typewriter_scrolling: bool = False  # keep the caret's line mid-screen
    reopen_last: bool = True  # at start without a path: the last site and post again
    last_site: str = ""  # the site open when the window last closed
    last_post: str = ""  # the post open when the window last closed
    spelling_enabled: bool = True  # False: no spell checking anywhere in the window
    spelling_language: str = ""  # the language when neither post nor site names one
    allow_remote_content: bool = False  # the default for sites without a choice below
    remote_content_sites: dict[str, bool] = field(default_factory=dict)  # by site folder
    autosave_to_file: bool = False  # recovery copies are always kept; this also saves the post
    words_per_minute: int = 230
    outline_visible: bool = False
    line_numbers: bool = False  # the body editor's gutter, numbered as the file is
    # The site table's columns per site root: {"columns": [keys in order], "widths": {key: px}}
    table_columns: dict[str, Any] = field(default_factory=dict)

    path: Path | None = field(default=None, repr=False, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, path: str | os.PathLike) -> Settings:
        """Read the file at path; missing, unreadable or malformed values give defaults."""
        settings = cls(path=Path(path))
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError) as exc:
            logger.warning("settings file %s unreadable (%s); using the defaults", path, exc)
            return settings
        if not isinstance(raw, dict):
            return settings
        defaults = cls()
        for f in _stored_fields():
            if f.name not in raw:
                continue
            value = raw.pop(f.name)
            if _same_type(value, getattr(defaults, f.name)):
                setattr(settings, f.name, value)
        settings.extra = raw
        settings.recent_files = [p for p in settings.recent_files if isinstance(p, str)]
        settings.splitter_sizes = [n for n in settings.splitter_sizes if isinstance(n, int)]
        if settings.theme not in THEMES:
            settings.theme = "system"
        for name, allowed in CHOICES.items():
            if getattr(settings, name) not in allowed:
                setattr(settings, name, getattr(defaults, name))
        return settings

    def save(self, path: str | os.PathLike | None = None) -> None:
        """Write all settings as JSON (temp file then replace, so a crash never truncates it)."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("Settings.save() needs a path: none was given at load time")
        data = dict(self.extra)
        data.update({f.name: getattr(self, f.name) for f in _stored_fields()})
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(target.name + ".tmp")
        temp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(temp, target)

    def add_recent_file(self, path: str | os.PathLike) -> None:
        """Put path first in the recent list, without duplicates, capped at MAX_RECENT_FILES."""
        text = str(Path(path).absolute())
        self.recent_files = [text] + [p for p in self.recent_files if p != text]
        del self.recent_files[MAX_RECENT_FILES:]

    def remove_recent_file(self, path: str | os.PathLike) -> None:
        text = str(Path(path).absolute())
        self.recent_files = [p for p in self.recent_files if p != text]


def _stored_fields():
    return [f for f in fields(Settings) if f.name not in ("path", "extra")]


def _same_type(value: Any, default: Any) -> bool:
    # bool is a subclass of int in Python; keep them apart so "true" never becomes a size.
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    return isinstance(value, type(default))
