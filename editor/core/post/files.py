"""What a post file is: its suffixes, its size limit and its front-matter delimiters.

The one home of these rules: the post model opens by them, discovery finds posts by
them, the site index reads by them and the open dialog filters by them. Imports
nothing, so the parsers in worker processes can use it for free.
"""

from __future__ import annotations

# Files that hold a post (Markdown, MDX); HTML files count only when front matter opens them.
POST_SUFFIXES = (".md", ".markdown", ".mdx", ".mkd")
HTML_SUFFIXES = (".html", ".htm")

MAX_MEGABYTES = 20
MAX_BYTES = MAX_MEGABYTES * 1024 * 1024  # posts larger than this are refused, never opened

# The line that opens each delimited front-matter format (JSON opens with "{" instead).
DELIMITERS = {"yaml": "---", "toml": "+++"}
OPENERS = {delimiter: fmt for fmt, delimiter in DELIMITERS.items()}
YAML_DOCUMENT_END = "..."  # YAML may also close its block with a document-end line


def closers(opener: str) -> tuple[str, ...]:
    """The lines that close a front matter block opened by ``opener`` (``---`` or ``+++``)."""
    return (opener, YAML_DOCUMENT_END) if OPENERS[opener] == "yaml" else (opener,)
