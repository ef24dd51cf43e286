"""Backend: what a preview view's engine (QtWebEngine or QTextBrowser) must do.

Its own module so that the QtWebEngine backend, imported only after the window's first
paint, and the view that creates it do not import each other.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from editor.session.preview import PreviewUpdate


class Backend:
    widget: QWidget

    def set_site(self, base_url: str | None, allow_remote: bool) -> None: ...

    def show(self, update: PreviewUpdate, base_url: str | None) -> None: ...

    def load(self, page_html: str, base_url: str | None) -> None: ...

    def scroll_to_line(self, line: int, update: PreviewUpdate | None) -> None: ...

    def scroll_to_end(self) -> None: ...
