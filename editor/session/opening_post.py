"""The post a starting window opens, before its Document exists.

``masthead POST`` shows the window's first frame before the post is parsed: parsing
needs the YAML library and the post model, which take longer to import than the
window takes to build. ``OpeningPost(path)`` reads the file and puts its body, found
without parsing the front matter (``editor.core.post.bodytext.editor_text_of_file``), in
a body document the body editor shows at once. After the first frame
``open_document()`` parses the post into the real Document, which takes that body
document over: text that is already the body's stays as it is, so nothing on screen
moves; anything else (a file changed meanwhile) is replaced by the parsed body.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from editor.core.errors import PostError
from editor.core.platform.regular_files import read_post_bytes
from editor.core.post.bodytext import editor_text_of_file
from editor.session.body_document import new_body_document, set_body_text

if TYPE_CHECKING:
    from editor.session.document import Document

log = logging.getLogger(__name__)


class OpeningPost(QObject):
    """What the body editor and the window's title need before the Document exists."""

    reloaded = Signal()  # the Document's signal the body editor follows; never emitted

    def __init__(self, path: str | Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path).absolute() if path is not None else None
        self.dirty = False
        self.body_document = new_body_document(self)
        if self.path is not None:
            try:
                data = read_post_bytes(self.path)
            except (PostError, OSError) as error:
                log.debug("first frame without the body of %s: %s", self.path, error)
                data = b""  # the Document's own load reports it
            set_body_text(self.body_document, editor_text_of_file(data))

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "Untitled"

    def open_document(self, parent: QObject | None = None) -> tuple[Document, PostError | None]:
        """The Document on this post, with this body document; when the post cannot be
        opened, an empty untitled Document and the error to show."""
        from editor.core.post.model import Post
        from editor.session.document import Document

        body = self.body_document
        if self.path is not None:
            try:
                return Document.open(self.path, parent, body_document=body), None
            except PostError as error:
                return Document(Post.new(), None, parent, body_document=body), error
        return Document(Post.new(), None, parent, body_document=body), None
