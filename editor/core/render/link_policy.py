"""Which links the preview may hand to the system opener without asking.

A post is text from anyone. A click on ``file:///etc/passwd`` or ``smb://host/share``
hands the target to ``xdg-open``, which opens it with whatever program the desktop
chooses. Only web pages and mail addresses go straight through; every other scheme
(``file:`` included) is shown in full and opened only when the user says yes.

One link is the preview's own: the placeholder of a blocked remote image links to
`LOAD_REMOTE_URL`, which the preview takes as "allow remote images for this site".
"""

from __future__ import annotations

DIRECT_SCHEMES = frozenset({"http", "https", "mailto"})
LOAD_REMOTE_URL = "masthead:load-remote-images"


def is_load_remote(url: str) -> bool:
    """Whether a clicked link is a blocked remote image's placeholder."""
    return url.strip().lower() == LOAD_REMOTE_URL


def opens_without_asking(scheme: str) -> bool:
    """Whether a link of this scheme goes to the system opener without a question."""
    return scheme.lower() in DIRECT_SCHEMES


def confirmation_question(target: str) -> str:
    """The question shown before opening a link of any other scheme; names it in full."""
    return (
        "This link is not a web page or mail address. It points to:\n\n"
        f"{target}\n\n"
        "Open it with the program your system chooses for it?"
    )
