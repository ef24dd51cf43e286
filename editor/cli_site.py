"""What every ``masthead`` command does to a site before its own work, and says of it.

Each command on a site first tidies it (the temp files killed saves left) and looks for
a bulk edit that was interrupted there; it tells the user once, the same way from every
command (``editor.cli`` and ``editor.cli_taxonomy``), and a command that would write
refuses with ``refusal`` until ``masthead interrupted`` has undone or finished it.
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Sequence
from pathlib import Path

from editor.cli_output import say
from editor.core.bulk.journal import (
    STRAY_MIN_AGE_S,
    InterruptedEdit,
    clean_stray_temp_files,
    find_interrupted,
    journal_root,
)
from editor.core.platform.atomic import remove_stale_temp_files
from editor.core.platform.regular_files import is_regular_file
from editor.core.site.layout import find_site_root


def quote(path: Path) -> str:
    """A path as a shell reads it back, for commands the user is told to run."""
    return shlex.quote(os.fspath(path))


def interrupted_notice(root: Path, edit: InterruptedEdit) -> str:
    """The line every command prints when a bulk edit on the site at root was left
    interrupted: what happened, and the command that resolves it."""
    return (
        f"masthead: {root}: {edit.message} Run 'masthead interrupted {quote(root)} "
        "--undo' to undo the written part, or '--finish' to finish the rest."
    )


def refusal(root: Path) -> str:
    """Why a command that writes does not start on a site with an interrupted edit."""
    return (
        f"{root}: an interrupted bulk edit must be undone or finished first "
        f"(masthead interrupted {quote(root)} --undo | --finish)"
    )


def site_upkeep(paths: Sequence[str]) -> dict[Path, InterruptedEdit | None]:
    """For each site the paths belong to: remove stray temp files killed saves left, and
    say so (on stderr) when an earlier bulk edit was interrupted. The interrupted edit
    per site."""
    found: dict[Path, InterruptedEdit | None] = {}
    for raw in paths:
        if not (os.path.isdir(raw) or is_regular_file(raw)):
            continue  # nothing to look after for a missing file, a device or a FIFO
        root = journal_root(raw)
        if root in found:
            continue
        if os.path.isdir(raw) or find_site_root(raw) is not None:
            clean_stray_temp_files(root)
        else:  # a lone file outside any site: only its own folder, as the window does
            remove_stale_temp_files(root, min_age_s=STRAY_MIN_AGE_S)
        edit = found[root] = find_interrupted(root)
        if edit is not None:
            say(interrupted_notice(root, edit), err=True)
    return found
