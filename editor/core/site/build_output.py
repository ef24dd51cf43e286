"""Build-output folders that hold Markdown: skipped by discovery, and said so.

Discovery skips ``_site``, ``public`` and ``build_*`` folders (``discovery``): they hold
what a generator wrote, not what the writer edits. Some sites keep Markdown there (a
``public/`` of 30 posts), so ``skipped_folders(root)`` finds the skipped build folders
that hold post files, with their counts, for ``masthead check`` and the workspace to
mention. A site includes one with ``masthead.toml``::

    [site]
    include = ["public"]     # folders, relative to the site root

``included_folders(root)`` reads that list (through ``config_files.read_data``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import NamedTuple

from editor.core.post.files import POST_SUFFIXES
from editor.core.site.config_files import read_data

log = logging.getLogger(__name__)

SETTINGS_FILE = "masthead.toml"
BUILD_OUTPUT_NAMES = frozenset({"_site", "public"})
BUILD_OUTPUT_PREFIX = "build_"
# Build folders sit near the root (public/, website/build_x/): deeper folders are not looked in.
MAX_DEPTH = 3
_NEVER_ENTERED = frozenset({"node_modules", "vendor"})


class SkippedFolder(NamedTuple):
    rel: str  # posix, relative to the site root
    posts: int  # post files (by suffix) inside, at any depth


def is_build_output(name: str) -> bool:
    return name in BUILD_OUTPUT_NAMES or name.startswith(BUILD_OUTPUT_PREFIX)


def included_folders(root: str | os.PathLike[str]) -> frozenset[str]:
    """The build folders masthead.toml's ``[site] include`` asks discovery to look in."""
    path = Path(root) / SETTINGS_FILE
    if not path.is_file():
        return frozenset()
    table = read_data(path).get("site")
    include = table.get("include") if isinstance(table, dict) else None
    if include is None:
        return frozenset()
    if not isinstance(include, list) or not all(isinstance(item, str) for item in include):
        log.warning("%s: [site] include must be a list of folders", path)
        return frozenset()
    return frozenset(item.strip().strip("/") for item in include if item.strip().strip("/"))


def _count_posts(folder: str) -> int:
    count = 0
    for _dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in _NEVER_ENTERED]
        count += sum(1 for name in filenames if name.lower().endswith(POST_SUFFIXES))
    return count


def skipped_folders(root: str | os.PathLike[str]) -> list[SkippedFolder]:
    """Build-output folders discovery skips that hold post files, in path order."""
    root = os.path.abspath(os.fspath(root))
    include = included_folders(root)
    found: list[SkippedFolder] = []

    def visit(folder: str, rel: str, depth: int) -> None:
        try:
            with os.scandir(folder) as entries:
                subfolders = sorted(e.name for e in entries if e.is_dir(follow_symlinks=False))
        except OSError:
            return
        for name in subfolders:
            if name.startswith(".") or name in _NEVER_ENTERED:
                continue
            sub_rel = f"{rel}/{name}" if rel else name
            path = os.path.join(folder, name)
            if is_build_output(name) and sub_rel not in include:
                posts = _count_posts(path)
                if posts:
                    found.append(SkippedFolder(sub_rel, posts))
            elif depth + 1 < MAX_DEPTH:
                visit(path, sub_rel, depth + 1)

    visit(root, "", 0)
    return found


def skipped_message(folder: SkippedFolder) -> str:
    """What to tell a person about one skipped folder."""
    files = "file" if folder.posts == 1 else "files"
    return (
        f"skipped {folder.rel}/ ({folder.posts:,} Markdown {files}): it looks like build "
        f'output; to check it, add include = ["{folder.rel}"] under [site] in masthead.toml'
    )
