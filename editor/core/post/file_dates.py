"""The date a post's file name carries: ``2020-09-30-harbour-ferry.md`` (Jekyll, Jigsaw,
Hexo), also with a time (``2020-09-30-07-25-20-slug.md``), and a Hugo page bundle's
folder (``2020-09-30-slug/index.md``). Where a site dates posts only this way, the
file name is the post's date."""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from pathlib import PurePath

_NAME_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[-_T](\d{2})-(\d{2})(?:-(\d{2}))?)?(?=[-_.]|$)"
)
_BUNDLE_FILES = ("index", "_index")


def file_name_date(path: str | os.PathLike[str]) -> date | datetime | None:
    """The date (with its time, when the name has one) at the start of the file's name,
    or of its folder's for a bundle's ``index.md``; None when there is none or it is no
    real date (``2017-02-29``)."""
    pure = PurePath(os.fspath(path))
    name = pure.name
    if pure.stem.split(".")[0] in _BUNDLE_FILES:
        name = pure.parent.name
    match = _NAME_DATE.match(name)
    if match is None:
        return None
    year, month, day, hour, minute, second = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
