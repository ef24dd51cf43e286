"""The recent list as the File menu shows it, and what to reopen at start.

The list (``Settings.recent_files``, most recent first) holds posts and sites (folders)
alike. Each entry is shown by a short name: the file or folder name, with its parent
folder when two entries share a name (every Hugo bundle's post is ``index.md``); the
full path is the tooltip. At start without a path, the site and the post that were
open when the window last closed open again, unless the user turned that off.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from editor.core.user.settings import Settings


@dataclass(frozen=True)
class RecentEntry:
    path: str  # as stored: absolute
    label: str  # the short name shown in the menu
    tooltip: str  # the full path
    is_site: bool  # a folder, opened as a site


def recent_entries(paths: list[str]) -> list[RecentEntry]:
    """The menu entries for the stored paths, in order."""
    names = Counter(Path(p).name for p in paths)
    entries = []
    for text in paths:
        path = Path(text)
        label = path.name or text
        if names[path.name] > 1 and path.parent.name:
            label = f"{path.parent.name}/{path.name}"
        entries.append(RecentEntry(text, label, text, path.is_dir()))
    return entries


def startup_paths(settings: Settings) -> list[str]:
    """What to open at a start without paths: the last site (a folder that still exists)
    and the last post (a file that still exists), in that order; none when the user
    turned reopening off."""
    if not settings.reopen_last:
        return []
    paths = []
    if settings.last_site and Path(settings.last_site).is_dir():
        paths.append(settings.last_site)
    if settings.last_post and Path(settings.last_post).is_file():
        paths.append(settings.last_post)
    return paths


def remember_session(
    settings: Settings, site: str | os.PathLike | None, post: str | os.PathLike | None
) -> None:
    """Note what is open as the window closes: the site (or none) and the post (or none,
    for a new post never saved)."""
    settings.last_site = str(Path(site).absolute()) if site else ""
    settings.last_post = str(Path(post).absolute()) if post else ""
