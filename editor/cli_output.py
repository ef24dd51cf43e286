"""How ``masthead``'s commands write a line: to standard output, or to standard error
for problems and notices. The one home for ``editor.cli``, ``editor.cli_taxonomy`` and
``editor.cli_site``."""

from __future__ import annotations

import sys


def say(text: str = "", *, err: bool = False) -> None:
    """Write text and a newline to stdout, or to stderr with err."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
