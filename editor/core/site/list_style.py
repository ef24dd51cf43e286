"""The site's usual style of lists: flow (``tags: [a, b]``) or block (``- a`` lines).

A post that gets its first list (a bulk "Add list value" on a post without the field)
writes it as its own other lists are written; a post without lists follows the site:
`usual_list_flow` reads a sample of posts and counts their top-level lists.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from itertools import islice

from editor.core.errors import PostError
from editor.core.platform.regular_files import read_post_bytes
from editor.core.post.formats.yaml_load import parse
from editor.core.post.formats.yaml_write import list_style_counts
from editor.core.post.model import Post

logger = logging.getLogger(__name__)

SAMPLE_FILES = 40  # posts read at most
ENOUGH_LISTS = 20  # lists counted before deciding


def usual_list_flow(paths: Iterable[str | os.PathLike[str]]) -> bool | None:
    """True where the sampled posts write flow lists more than block lists, False where
    they write block lists, None when they have no lists (or none could be read)."""
    flows = blocks = 0
    for path in islice(paths, SAMPLE_FILES):
        try:
            post = Post.from_bytes(read_post_bytes(path), path)
            if post.format != "yaml":
                continue
            text = post.front_matter_text
            flow, block = list_style_counts(text, parse(text)[0])
        except (PostError, OSError) as exc:
            logger.debug("list style: %s skipped (%s)", path, exc)
            continue
        flows += flow
        blocks += block
        if flows + blocks >= ENOUGH_LISTS:
            break
    if not flows and not blocks:
        return None
    return flows > blocks
