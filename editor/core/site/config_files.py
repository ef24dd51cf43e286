"""A site's own settings files (Hugo's, Jekyll's, Zola's, masthead.toml…) read as data.

``SITE_SETTINGS_FILE`` (masthead.toml) is Masthead's own file for a site: the schema and
the ``[preview]``, ``[images]``, ``[checks]``, ``[site]``, ``[spelling]`` and ``[git]``
tables; ``site_settings(root)`` reads it for each of them. One reader, with the guards of
user YAML (a site cloned from a stranger may hold an alias bomb): TOML, JSON or YAML by the
file's suffix, as a mapping, ``{}`` when the file is unreadable (which is logged).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from editor.core.errors import PostError

log = logging.getLogger(__name__)

SITE_SETTINGS_FILE = "masthead.toml"


def read_data(path: Path) -> Mapping[str, Any]:
    """The file's data as a mapping, or {} when it cannot be read (logged)."""
    try:
        text = path.read_text(encoding="utf-8")
        # The parsers load with the first file that needs one: the window's first frame
        # imports this module (through the dialect table) and parses nothing.
        if path.suffix == ".toml":
            import tomllib

            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            from editor.core.post.formats.yaml_load import load_value

            data = load_value(text)
    except (OSError, UnicodeDecodeError, ValueError, PostError) as error:
        log.warning("cannot read the site settings in %s: %s", path, error)
        return {}
    return data if isinstance(data, Mapping) else {}


def site_settings(root: str | os.PathLike[str] | None) -> Mapping[str, Any]:
    """The site's masthead.toml as data: {} when there is none (a broken one is logged;
    the schema check reports it)."""
    if root is None:
        return {}
    path = Path(root) / SITE_SETTINGS_FILE
    if not path.is_file():
        return {}
    return read_data(path)
