"""The open site's dialect hints, for the Problems panel.

``hint_problems(cache, records, root, choice)`` runs inside the workspace's analysis job
(off the GUI thread): the hints of the records in the dialect the preview renders the
site in (the View menu's choice, else the site's own: ``dialect_choice``), read through
the site's ``HintCache``, so a save reads the saved post again and nothing else. The
wording, the lines and ``[checks] ignore`` are those of ``masthead check``
(``editor.core.site.post_hints``). A failure is logged and gives no hints, so the other
checks still show.

``settings_key(root)`` is what the checks and hints read from the site's settings
(masthead.toml's size and mtime, and the dialect its files give): the workspace runs the
analysis again when it changes, and watches ``watched_settings(root)`` for edits in place.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from editor.core.site.config_files import SITE_SETTINGS_FILE
from editor.core.site.dialect import detect
from editor.core.site.post_hints import HintCache, site_hint_problems
from editor.core.site.problem import Problem
from editor.session.dialect_choice import choose_dialect

log = logging.getLogger(__name__)


def hint_problems(
    cache: HintCache | None,
    records: Iterable[Any],
    root: str | os.PathLike[str] | None,
    choice: str | None = None,
) -> list[Problem]:
    """See the module docstring; none without a site (``cache`` or ``root`` None)."""
    if cache is None or root is None:
        return []
    try:
        dialect, _mdx = choose_dialect(Path(root), None, choice)
        return site_hint_problems(cache, records, root, dialect)
    except Exception:  # a failing hint check must not hide the site's other problems
        log.exception("hints: the site's dialect hints failed")
        return []


def settings_key(root: str | os.PathLike[str] | None) -> Any:
    """See the module docstring (runs off the GUI thread: it reads the settings files)."""
    if root is None:
        return None
    try:
        st = os.stat(Path(root) / SITE_SETTINGS_FILE)
        stamp: tuple[int, int] | None = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = None
    try:
        dialect = detect(root)
    except Exception:  # a broken settings file must not stop the index job
        log.exception("hints: cannot detect the dialect of %s", root)
        dialect = None
    return stamp, dialect


def watched_settings(root: str | os.PathLike[str] | None) -> set[str]:
    """The settings files to watch for edits in place (their folder sees replacements)."""
    if root is None:
        return set()
    path = Path(root) / SITE_SETTINGS_FILE
    return {os.fspath(path)} if path.is_file() else set()
