"""The preview pane: shows what `PreviewController` renders, and nothing from the network.

With QtWebEngine, the page runs no script of its own (JavaScript is off for the main
world; our DOM patches and scrolling run only through ``runJavaScript`` in the isolated
application world), every request other than data: and file:// inside the site folder
is blocked (remote http(s) only when allowed), and the page never navigates: a clicked
link goes to the injected `link_opener` (the desktop browser by default) when it is
http, https or mailto, and any other only after `confirm_link` (the prompter) says yes.  Without
QtWebEngine it falls back to a QTextBrowser, which never runs script, behind the same
interface.  The scroll position survives updates, and `scroll_to_line` follows the
editor using the blocks' ``data-line`` markers.

With ``defer=True`` the view starts as an empty pane and creates its backend (importing
QtWebEngine, in `editor.ui.preview.webengine`) only after the pane's first paint, so the
window appears without waiting for it; the controller is held until then (no render, no
worker process), and renders that arrive before are shown once the backend exists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QPalette
from PySide6.QtWidgets import QStackedLayout, QTextBrowser, QWidget

from editor.core.render.link_policy import (
    confirmation_question,
    is_load_remote,
    opens_without_asking,
)
from editor.session.preview import PreviewController, PreviewUpdate
from editor.ui.first_paint import after_first_paint
from editor.ui.preview import engine_setup
from editor.ui.preview.backend import Backend

log = logging.getLogger(__name__)

LinkOpener = Callable[[QUrl], object]
# Asked (title, question) before a link that is not http, https or mailto is opened.
LinkConfirm = Callable[[str, str], bool]


def _refuse(_title: str, _question: str) -> bool:
    return False


webengine_available = cache(engine_setup.webengine_available)


class PreviewView(QWidget):
    """Shows the controller's renders; see the module docstring for the safety rules."""

    updated = Signal()
    """Emitted when an update is on screen (page loaded or patch applied)."""
    load_remote_requested = Signal()
    """A blocked remote image's placeholder was clicked: the user wants them loaded."""

    def __init__(
        self,
        controller: PreviewController,
        *,
        link_opener: LinkOpener = QDesktopServices.openUrl,
        confirm_link: LinkConfirm = _refuse,
        use_webengine: bool | None = None,
        defer: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._link_opener = link_opener
        self._confirm_link = confirm_link
        self._last_update: PreviewUpdate | None = None
        self._layout = QStackedLayout(self)
        if use_webengine is None:
            use_webengine = webengine_available()
        self._use_webengine = bool(use_webengine and webengine_available())
        controller.set_full_pages(not self._use_webengine)  # QTextBrowser cannot be patched
        self._site = (controller.base_url, controller.allow_remote)
        self._backend: Backend | None = None
        self._early: list[PreviewUpdate] = []  # renders that came before the backend
        self._placeholder: _Placeholder | None = None
        controller.rendered.connect(self._show)
        self._follow_end = False  # writing at the end: each update scrolls to the end
        self.updated.connect(self._keep_end_in_view)
        if defer:
            controller.hold()
            self._placeholder = _Placeholder()
            self._layout.addWidget(self._placeholder)
            # The first frame is on screen before the backend's cost.
            after_first_paint(self._placeholder, self._create_backend)
        else:
            self._create_backend()

    backend_created = Signal()
    """Emitted once the backend exists (at once, or after the first paint with defer)."""

    @property
    def has_backend(self) -> bool:
        return self._backend is not None

    @property
    def uses_webengine(self) -> bool:
        return self._use_webengine

    def create_backend(self) -> None:
        """Create the backend now if it was deferred (harmless when it exists)."""
        self._create_backend()

    def _create_backend(self) -> None:
        if self._backend is not None:
            return
        backend: Backend | None = None
        if self._use_webengine:
            try:
                from editor.ui.preview.webengine import WebEngineBackend

                backend = WebEngineBackend(self, self._open_link, self.updated)
            except ImportError as error:
                log.warning("QtWebEngine cannot be loaded (%s): QTextBrowser preview", error)
                self._use_webengine = False
                self._controller.set_full_pages(True)
        if backend is None:
            backend = _TextBrowserBackend(self, self._open_link, self.updated)
        self._backend = backend
        self._layout.addWidget(backend.widget)
        self.setFocusProxy(backend.widget)  # focusing the pane focuses the page
        self._layout.setCurrentWidget(backend.widget)
        if self._placeholder is not None:
            self._layout.removeWidget(self._placeholder)
            self._placeholder.deleteLater()
            self._placeholder = None
        backend.set_site(*self._site)
        early, self._early = self._early, []
        if early and early[0].patch is not None and not early[0].page_html:
            self._controller.request_page()  # no whole page to start from
        else:
            for update in early:
                backend.show(update, self._controller.base_url)
        self._controller.release()
        self.backend_created.emit()

    @property
    def blocked_requests(self) -> list[str]:
        """URLs refused since the view was made (WebEngine only; for diagnostics)."""
        return list(getattr(self._backend, "blocked", []))

    @property
    def web_page(self):
        """The QWebEnginePage shown (None with the QTextBrowser fallback)."""
        return getattr(self._backend, "page", None)

    @property
    def text_browser(self) -> QTextBrowser | None:
        """The fallback QTextBrowser (None when QtWebEngine is used)."""
        return getattr(self._backend, "browser", None)

    def request_allowed(self, url: QUrl) -> bool:
        """Whether the request guard would let the page fetch `url` (WebEngine only)."""
        guard = getattr(self._backend, "guard", None)
        return guard.allows(url) if guard is not None else False

    def set_allow_remote(self, allow: bool) -> None:
        self._site = (self._controller.base_url, allow)
        if self._backend is not None:
            self._backend.set_site(*self._site)
        self._controller.set_allow_remote(allow)

    def scroll_to_line(self, line: int) -> None:
        """Scroll so the block holding body line `line` (1-based) is at the top."""
        self._follow_end = False
        if self._backend is not None:
            self._backend.scroll_to_line(line, self._last_update)

    def scroll_to_end(self) -> None:
        """Show the end of the page, and keep showing it as updates make it longer
        (until `scroll_to_line`)."""
        self._follow_end = True
        if self._backend is not None:
            self._backend.scroll_to_end()

    @property
    def follows_end(self) -> bool:
        return self._follow_end

    def _keep_end_in_view(self) -> None:
        if self._follow_end and self._backend is not None:
            self._backend.scroll_to_end()

    def show_page_html(self, page_html: str) -> None:
        """Show a complete page as is (the same protections apply; used by tests)."""
        self._create_backend()
        self._backend.load(page_html, self._controller.base_url)

    def _show(self, update: PreviewUpdate) -> None:
        self._last_update = update
        if self._backend is None:
            if update.patch is None:
                self._early = [update]  # a whole page replaces whatever came before
            else:
                self._early.append(update)
            return
        site = (self._controller.base_url, self._controller.allow_remote)
        if site != self._site:  # resolving the folder costs file-system calls: only on change
            self._site = site
            self._backend.set_site(*site)
        self._backend.show(update, self._controller.base_url)

    def _open_link(self, url: QUrl) -> None:
        """http, https and mailto go to the opener; any other scheme (file: too) only
        after the user, shown the full target, says yes (editor.core.render.link_policy)."""
        if is_load_remote(url.toString()):
            self.load_remote_requested.emit()
            return
        if not opens_without_asking(url.scheme()):
            target = url.toString()
            if url.isLocalFile():
                target = f"{target}\n({url.toLocalFile()})"
            if not self._confirm_link("Open this link?", confirmation_question(target)):
                return
        self._link_opener(url)


class _Placeholder(QWidget):
    """The empty pane shown until the deferred backend exists."""

    def __init__(self) -> None:
        super().__init__()
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)


class _TextBrowserBackend(Backend):
    """QTextBrowser never runs script or fetches from the network; links go to the opener."""

    def __init__(self, owner: QWidget, open_link: Callable[[QUrl], None], updated) -> None:
        self._updated = updated
        self.browser = QTextBrowser(owner)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(lambda url: self._clicked(url, open_link))
        self.widget = self.browser
        self.blocked: list[str] = []

    def set_site(self, base_url: str | None, allow_remote: bool) -> None:
        folder = QUrl(base_url).toLocalFile() if base_url else ""
        self.browser.setSearchPaths([folder] if folder else [])

    def show(self, update: PreviewUpdate, base_url: str | None) -> None:
        self.load(update.page_html, base_url)

    def load(self, page_html: str, base_url: str | None) -> None:
        scroll = self.browser.verticalScrollBar()
        value = scroll.value()
        self.browser.setHtml(page_html)
        scroll.setValue(value)
        self._updated.emit()

    def scroll_to_line(self, line: int, update: PreviewUpdate | None) -> None:
        lines = update.block_lines if update else ()
        if not lines:
            return
        index = max((i for i, start in enumerate(lines) if start <= line), default=0)
        scroll = self.browser.verticalScrollBar()
        scroll.setValue(int(scroll.maximum() * index / max(1, len(lines) - 1)))

    def scroll_to_end(self) -> None:
        scroll = self.browser.verticalScrollBar()
        scroll.setValue(scroll.maximum())

    def _clicked(self, url: QUrl, open_link: Callable[[QUrl], None]) -> None:
        if url.scheme() == "" and url.hasFragment():
            self.browser.scrollToAnchor(url.fragment())
        else:
            open_link(url)
