"""Remote images, allowed or not, remembered per site.

A post is text from anyone, so the preview and the form load nothing from the network
unless the writer allows it. The choice (View ▸ Allow Remote Images) is made for one
site and kept in the settings by the site's folder (``remote_content_sites``); a site
without a choice follows ``allow_remote_content``, the default. A post outside any site
counts its own folder as the site.
"""

from __future__ import annotations

import os
from pathlib import Path

from editor.core.user.settings import Settings


def site_key(site_root: str | os.PathLike | None) -> str | None:
    """The settings key of a site folder (absolute), or None without one."""
    return str(Path(site_root).absolute()) if site_root is not None else None


def remote_allowed(settings: Settings, site_root: str | os.PathLike | None) -> bool:
    """Whether remote images load for the site: its own choice, else the default."""
    key = site_key(site_root)
    choice = settings.remote_content_sites.get(key) if key is not None else None
    return choice if isinstance(choice, bool) else settings.allow_remote_content


def set_remote_allowed(
    settings: Settings, site_root: str | os.PathLike | None, allowed: bool
) -> None:
    """Remember the choice for the site (for no site: the default itself)."""
    key = site_key(site_root)
    if key is None:
        settings.allow_remote_content = bool(allowed)
    else:
        settings.remote_content_sites = {**settings.remote_content_sites, key: bool(allowed)}
