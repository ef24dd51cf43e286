"""View ▸ Allow Remote Images: load remote images for this site, remembered per site.

The choice lives in the settings by site folder (``editor.core.user.remote_sites``).
Opening a post of another site applies that site's choice; a click on a blocked
image's placeholder in the preview allows them for the site too. The form's image
thumbnails and the preview follow the same choice.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction

from editor.core.user.remote_sites import remote_allowed, set_remote_allowed
from editor.ui.menus import menu_titled


class RemoteImages(QObject):
    """The window's remote-content choice: one checkable action, applied per site."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self._window = window
        self.action = QAction("Allow Remote &Images", window)
        self.action.setCheckable(True)
        self.action.setStatusTip(
            "Load images from the web in the preview and the form, for this site only"
        )
        self.action.toggled.connect(self.set_allowed)
        window.addAction(self.action)
        menu = menu_titled(window, "View")
        if menu is not None:
            menu.addAction(self.action)
        window.document.path_changed.connect(self.refresh)
        window.document.reloaded.connect(self.refresh)
        if window.preview is not None:
            window.preview.load_remote_requested.connect(lambda: self.set_allowed(True))
        self.refresh()

    @property
    def allowed(self) -> bool:
        return self.action.isChecked()

    def refresh(self, *_args) -> None:
        """Apply the open post's site's choice (after open, save as, reload)."""
        self._apply(remote_allowed(self._window.settings, self._window.site_root()))

    def set_allowed(self, allowed: bool) -> None:
        """Remember the choice for the open post's site and apply it."""
        set_remote_allowed(self._window.settings, self._window.site_root(), allowed)
        self._apply(allowed)
        note = "Remote images load for this site" if allowed else "Remote images are off here"
        self._window.status.showMessage(note, 4000)

    def _apply(self, allowed: bool) -> None:
        window = self._window
        self.action.blockSignals(True)
        self.action.setChecked(allowed)
        self.action.blockSignals(False)
        window.form_model.set_allow_remote(allowed)
        if window.preview is not None:
            window.preview.set_allow_remote(allowed)


def attach_remote_images(window: Any) -> RemoteImages:
    """View ▸ Allow Remote Images in the window (see the module docstring)."""
    return RemoteImages(window)
