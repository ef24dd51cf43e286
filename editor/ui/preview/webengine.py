"""The preview's QtWebEngine backend: imported only when the preview is first shown.

Importing QtWebEngine and creating its view cost a good part of a second at start-up,
so `editor.ui.preview.preview_view` imports this module only when it creates the backend, after
the window's first paint. The safety rules are the ones in preview_view's docstring.
"""

from __future__ import annotations

import atexit
import json
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QMenu, QWidget

from editor.core.site.confinement import is_site_file
from editor.session.preview import PreviewUpdate
from editor.ui.preview.backend import Backend

# Keyed reconciliation of the body's blocks; runs in the isolated world, where the DOM
# is shared with the page but the page's (disabled) script is not.
_PATCH_SCRIPT = """
(function (patch) {
  const body = document.getElementById('mh-body');
  if (!body) { return false; }
  const existing = new Map();
  for (const el of Array.from(body.children)) {
    if (el.dataset && el.dataset.key) { existing.set(el.dataset.key, el); }
  }
  const keep = new Set(patch.order);
  for (const [key, el] of existing) { if (!keep.has(key)) { el.remove(); } }
  let previous = null;
  patch.order.forEach(function (key, index) {
    let el = existing.get(key);
    if (key in patch.html) {
      const fresh = document.createElement('div');
      fresh.className = 'mh-block';
      fresh.dataset.key = key;
      fresh.innerHTML = patch.html[key];
      if (el) { el.replaceWith(fresh); }
      el = fresh;
    }
    el.dataset.line = String(patch.lines[index]);
    const expected = previous ? previous.nextElementSibling : body.firstElementChild;
    if (expected !== el) { body.insertBefore(el, expected); }
    previous = el;
  });
  return true;
})(%s)
"""

_SCROLL_TO_LINE_SCRIPT = """
(function (line) {
  let target = null;
  for (const el of document.querySelectorAll('#mh-body > .mh-block')) {
    if (Number(el.dataset.line) <= line) { target = el; } else { break; }
  }
  if (target) { target.scrollIntoView({block: 'start'}); }
  else { window.scrollTo(0, 0); }
  return target ? Number(target.dataset.line) : 0;
})(%d)
"""

_SCROLL_TO_ANCHOR_SCRIPT = """
(function (id) {
  const el = document.getElementById(id);
  if (el) { el.scrollIntoView({block: 'start'}); }
  return !!el;
})(%s)
"""


class _RequestGuard(QWebEngineUrlRequestInterceptor):
    """Lets through data:, file:// inside the site folder, and http(s) only when allowed."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.site_folder: Path | None = None
        self.allow_remote = False
        self.blocked: list[str] = []

    def interceptRequest(self, info) -> None:  # noqa: N802 - Qt override
        url = info.requestUrl()
        if not self.allows(url):
            info.block(True)
            if len(self.blocked) < 1000:
                self.blocked.append(url.toString())

    def allows(self, url: QUrl) -> bool:
        scheme = url.scheme()
        if scheme == "data":
            return True
        if scheme == "file":
            if self.site_folder is None:
                return False
            # Inside the site, and never a FIFO or device (reading one would hang).
            return is_site_file(url.toLocalFile(), self.site_folder)
        return scheme in ("http", "https") and self.allow_remote


class _Page(QWebEnginePage):
    """Refuses every navigation except our own loads; clicked links go to the opener."""

    def __init__(self, profile, parent, open_link: Callable[[QUrl], None]) -> None:
        super().__init__(profile, parent)
        self._open_link = open_link
        self.own_loads = 0
        self.base_url = QUrl()

    def acceptNavigationRequest(self, url, navigation_type, is_main_frame):  # noqa: N802
        own_load_types = (QWebEnginePage.NavigationTypeTyped, QWebEnginePage.NavigationTypeOther)
        if self.own_loads > 0 and navigation_type in own_load_types and url.scheme() == "data":
            self.own_loads -= 1  # setHtml loads as a data: URL
            return True
        if navigation_type == QWebEnginePage.NavigationTypeLinkClicked:
            if url.hasFragment() and _without_fragment(url) == self.base_url:
                self.runJavaScript(
                    _SCROLL_TO_ANCHOR_SCRIPT % json.dumps(url.fragment()),
                    QWebEngineScript.ApplicationWorld,
                )
            else:
                self._open_link(url)
        return False

    def createWindow(self, _type):  # noqa: N802 - no pop-ups, ever
        return None

    def javaScriptConsoleMessage(self, *_args):  # noqa: N802 - keep page noise out of logs
        pass


_KEEP_WEBENGINE_WRAPPERS: list[tuple] = []


def _delete_previews_before_qt_exits() -> None:
    """Deletes every preview view (with its page, then its profile) at interpreter exit.

    QtWebEngine tears its context down with the QApplication; a page still alive then
    ("Release of profile requested but WebEnginePage still not deleted") crashes the
    process on exit. Python's atexit handlers run last-registered first, so this one,
    registered when the first preview is made, runs before PySide destroys the
    QApplication. Deleting the view deletes its child page, and the page its child
    profile, in the order Qt requires.
    """
    while _KEEP_WEBENGINE_WRAPPERS:
        _profile, _guard, page, view = _KEEP_WEBENGINE_WRAPPERS.pop()
        for obj in (view, page):
            if shiboken6.isValid(obj):
                shiboken6.delete(obj)
                break


class WebEngineBackend(Backend):
    def __init__(self, owner: QWidget, open_link: Callable[[QUrl], None], updated) -> None:
        self._updated = updated
        profile = QWebEngineProfile()  # off the record: no disk cache, no cookies
        self.guard = _RequestGuard(profile)
        profile.setUrlRequestInterceptor(self.guard)
        self.view = QWebEngineView(owner)
        self.page = _Page(profile, self.view, open_link)
        # The profile must outlive its page: as the page's child it is deleted after it.
        profile.setParent(self.page)
        settings = self.page.settings()
        settings.setAttribute(QWebEngineSettings.JavascriptEnabled, False)
        settings.setAttribute(QWebEngineSettings.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.LocalContentCanAccessRemoteUrls, False)
        settings.setAttribute(QWebEngineSettings.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(QWebEngineSettings.PluginsEnabled, False)
        settings.setAttribute(QWebEngineSettings.AutoLoadIconsForPage, False)
        self.view.setPage(self.page)
        self.widget = self.view
        # The keyboard reaches the page (Tab, F6, a click) and scrolls it (PageDown...).
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # Our own menu: Copy, Select All and Copy Link; never Back, Forward, Reload or
        # View Source (the history holds old renders, and the source is ours).
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        # Qt owns and deletes these in its own order (page before profile); a Python
        # garbage collection must never be the one to free one of them.
        if not _KEEP_WEBENGINE_WRAPPERS:
            atexit.register(_delete_previews_before_qt_exits)
        _KEEP_WEBENGINE_WRAPPERS.append((profile, self.guard, self.page, self.view))
        self._loading = False
        self._pending_patches: list[PreviewUpdate] = []
        self._restore_scroll = None
        self.page.loadFinished.connect(self._load_finished)

    @property
    def blocked(self) -> list[str]:
        return self.guard.blocked

    def set_site(self, base_url: str | None, allow_remote: bool) -> None:
        folder = QUrl(base_url).toLocalFile() if base_url else ""
        self.guard.site_folder = Path(folder).resolve() if folder else None
        self.guard.allow_remote = allow_remote
        # Off unless the user allows remote content; the guard still vets every request.
        self.page.settings().setAttribute(
            QWebEngineSettings.LocalContentCanAccessRemoteUrls, allow_remote
        )

    def show(self, update: PreviewUpdate, base_url: str | None) -> None:
        if update.patch is None:
            self.load(update.page_html, base_url)
            return
        if self._loading:
            self._pending_patches.append(update)  # each builds on the one before
            return
        self._patch(update)

    def _patch(self, update: PreviewUpdate) -> None:
        payload = json.dumps(
            {"order": update.patch.order, "lines": update.patch.lines, "html": update.patch.html}
        )
        self.page.runJavaScript(
            _PATCH_SCRIPT % payload, QWebEngineScript.ApplicationWorld, self._patched
        )

    def load(self, page_html: str, base_url: str | None) -> None:
        if not self._loading:
            position = self.page.scrollPosition()
            self._restore_scroll = (position.x(), position.y())
        self._loading = True
        self._pending_patches = []
        base = QUrl(base_url) if base_url else QUrl("file:///masthead-preview/")
        self.page.base_url = _without_fragment(base)
        self.page.own_loads += 1
        self.page.setHtml(page_html, base)

    def scroll_to_line(self, line: int, update: PreviewUpdate | None) -> None:
        self.page.runJavaScript(_SCROLL_TO_LINE_SCRIPT % line, QWebEngineScript.ApplicationWorld)

    def context_menu(self) -> QMenu:
        """Copy, Select All, and Copy Link when the menu was asked for on a link."""
        actions = QWebEnginePage.WebAction
        menu = QMenu(self.view)
        menu.addAction(self.page.action(actions.Copy))
        menu.addAction(self.page.action(actions.SelectAll))
        request = self.view.lastContextMenuRequest()
        if request is not None and not request.linkUrl().isEmpty():
            menu.addAction(self.page.action(actions.CopyLinkToClipboard))
        return menu

    def _show_context_menu(self, position: QPoint) -> None:
        menu = self.context_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.view.mapToGlobal(position))

    def scroll_to_end(self) -> None:
        self.page.runJavaScript(
            "window.scrollTo(0, document.documentElement.scrollHeight);",
            QWebEngineScript.ApplicationWorld,
        )

    def _load_finished(self, _ok: bool) -> None:
        self.page.own_loads = 0
        self._loading = False
        pending, self._pending_patches = self._pending_patches, []
        if self._restore_scroll and self._restore_scroll != (0.0, 0.0):
            x, y = self._restore_scroll
            self.page.runJavaScript(
                f"window.scrollTo({x}, {y});", QWebEngineScript.ApplicationWorld
            )
        if pending:  # patches that came while loading, in order; the last one signals
            for update in pending:
                self._patch(update)
            return
        self._updated.emit()

    def _patched(self, _result) -> None:
        self._updated.emit()


def _without_fragment(url: QUrl) -> QUrl:
    copy = QUrl(url)
    copy.setFragment(None)
    return copy
