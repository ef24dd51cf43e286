"""Commit on save: the opt-in, per-site automation of ``masthead.toml``'s ``[git]`` table.

Masthead never commits by itself unless a site asks for it::

    [git]
    commit_on_save = true
    message = "Edit '{title}'"     # {title} and {file} are filled in

``commit_message(root, post_path)`` gives the message for a saved post, or None when the
site does not ask (no file, no table, ``commit_on_save`` not true, or an unreadable file,
which is logged).
"""

from __future__ import annotations

import logging
from pathlib import Path

from editor.core.errors import PostError
from editor.core.post.model import Post
from editor.core.site.config_files import SITE_SETTINGS_FILE, site_settings

log = logging.getLogger(__name__)

DEFAULT_MESSAGE = "Edit '{title}'"


def commit_message(root: Path, post_path: Path) -> str | None:
    """The commit message for a save of ``post_path``, or None: no commit wanted."""
    table = site_settings(root).get("git", {})  # a broken file is logged there
    if not isinstance(table, dict) or table.get("commit_on_save") is not True:
        return None
    template = table.get("message", DEFAULT_MESSAGE)
    if not isinstance(template, str) or not template.strip():
        template = DEFAULT_MESSAGE
    try:
        title = str(Post.load(post_path).metadata.get("title") or post_path.stem)
    except PostError:
        title = post_path.stem
    try:
        return template.format(title=title, file=post_path.name)
    except (KeyError, IndexError, ValueError) as exc:
        log.warning(
            "%s: the [git] message template does not fit: %s", Path(root) / SITE_SETTINGS_FILE, exc
        )
        return DEFAULT_MESSAGE.format(title=title)
