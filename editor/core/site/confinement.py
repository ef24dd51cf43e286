"""Keeping Masthead inside the site folder: what a path really is, and whether it is in.

Sites are cloned from strangers. A ``post.md`` inside one may be a symlink to
``../outside/victim.md`` or ``/etc/passwd``; an image field may say
``../../../outside/secret.png``. Every decision of the form "may Masthead touch this
file on behalf of the site" goes through here, with links followed to where they really
lead (``os.path.realpath``):

- ``outside_site`` is the real path of a file that lies outside the site (bulk edits and
  ``masthead set`` on a folder skip such files, saying why);
- ``resolve_site_file`` finds the local file an image or link reference names, as the
  generators would (``sitepaths``), but only a regular file inside the site folder: the
  preview's request guard and the form's thumbnail both use it.

Opening a file directly, by its own path, is the user's explicit choice and is not
confined here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from editor.core.platform.regular_files import is_regular_file
from editor.core.site import layout as sitepaths

OUTSIDE_REASON = "a link to a file outside the site ({target}); not written"


def real_path(path: str | os.PathLike) -> Path:
    """Where path really leads, every symlink followed (a missing tail is kept as given)."""
    return Path(os.path.realpath(os.fspath(path)))


def is_within(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    """Whether path, every link followed, is folder itself or lies below it."""
    target = os.path.realpath(os.fspath(path))
    base = os.path.realpath(os.fspath(folder))
    return target == base or target.startswith(base.rstrip(os.sep) + os.sep)


def is_site_file(path: str | os.PathLike, root: str | os.PathLike) -> bool:
    """Whether the preview may load path: inside the site (links followed) and not
    something other than a regular file (a FIFO or device would hang the reader); a
    file that does not exist is let through to fail as missing."""
    if not is_within(path, root):
        return False
    return is_regular_file(path) or not os.path.lexists(path)


def outside_site(path: str | os.PathLike, root: str | os.PathLike) -> Path | None:
    """The real path of ``path`` when links lead it out of the site ``root``, else None."""
    if is_within(path, root):
        return None
    return real_path(path)


def outside_reason(path: str | os.PathLike, root: str | os.PathLike) -> str | None:
    """Why ``path`` must not be written as part of the site ``root``, or None when it may."""
    target = outside_site(path, root)
    return None if target is None else OUTSIDE_REASON.format(target=target)


def is_link(path: str | os.PathLike) -> bool:
    """Whether the file itself is a symlink."""
    return os.path.islink(path)


def link_target(path: str | os.PathLike | None) -> Path | None:
    """Where a symlinked file really is (None for a plain file, or no path)."""
    if path is None or not os.path.islink(path):
        return None
    return real_path(path)


@dataclass(frozen=True)
class SiteFile:
    """What a reference names: ``path`` when it is a file inside the site, else None and
    ``outside`` set when the only file it names lies outside the site."""

    path: Path | None
    outside: Path | None = None


def resolve_site_file(
    ref: str, post_path: str | os.PathLike | None, root: str | os.PathLike | None
) -> SiteFile:
    """The regular file inside the site folder ``root`` that ``ref`` names (see
    ``sitepaths.candidates`` for the order), never one that lies, through ``..`` or a
    link, outside it. Without a root nothing is local."""
    if root is None:
        return SiteFile(None)
    outside = None
    for candidate in sitepaths.candidates(ref, post_path, root):
        if not is_regular_file(candidate):
            continue
        if is_within(candidate, root):
            return SiteFile(candidate)
        if outside is None:
            outside = real_path(candidate)
    return SiteFile(None, outside)
