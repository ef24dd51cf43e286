"""The Preferences dialog (Edit ▸ Preferences…): the choices a writer makes once.

The editor font (proportional or monospace, a family of one's own, the size), the
preview's text size, the theme, spelling (on or off, the language when neither the post
nor its site names one), remote images and reopening the last site and post at start.
The dialog only edits a ``Preferences`` value; the window applies it when the dialog is
accepted. It is shown with ``open()`` (never a blocking ``exec()``), so tests drive it by
setting its widgets and calling ``accept()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.ui.editor.editor_font import MAX_SIZE, MIN_SIZE, editor_font

THEME_CHOICES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


@dataclass(frozen=True)
class Preferences:
    font_kind: str  # "proportional" or "monospace"
    font_family: str  # "" for the kind's default font
    font_size: int  # 0 for the default size
    preview_zoom: int  # percent
    theme: str  # "system", "light" or "dark"
    spelling_enabled: bool
    spelling_language: str  # "" for the system's language
    allow_remote: bool
    reopen_last: bool


class PreferencesDialog(QDialog):
    """Edits a Preferences value; ``values()`` is the edited one."""

    def __init__(
        self, values: Preferences, languages: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setObjectName("PreferencesDialog")
        form = QFormLayout()

        self.proportional_button = QRadioButton("&Proportional")
        self.monospace_button = QRadioButton("&Monospace")
        kinds = QButtonGroup(self)
        kinds.addButton(self.proportional_button)
        kinds.addButton(self.monospace_button)
        (
            self.monospace_button if values.font_kind == "monospace" else self.proportional_button
        ).setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.proportional_button)
        row.addWidget(self.monospace_button)
        row.addStretch(1)
        form.addRow("Editor font:", row)

        self.own_family_box = QCheckBox("&Use this font:")
        self.family_box = QFontComboBox()
        self.family_box.setCurrentFont(
            QFont(values.font_family) if values.font_family else editor_font(values.font_kind)
        )
        self.own_family_box.setChecked(bool(values.font_family))
        self.family_box.setEnabled(bool(values.font_family))
        self.own_family_box.toggled.connect(self.family_box.setEnabled)
        row = QHBoxLayout()
        row.addWidget(self.own_family_box)
        row.addWidget(self.family_box, 1)
        form.addRow("", row)
        self.monospace_button.toggled.connect(self._filter_families)
        self._filter_families()

        self.size_box = QSpinBox()
        self.size_box.setRange(MIN_SIZE - 1, MAX_SIZE)
        self.size_box.setSpecialValueText("Default")
        self.size_box.setSuffix(" pt")
        self.size_box.setValue(values.font_size if values.font_size > 0 else MIN_SIZE - 1)
        form.addRow("Editor font &size:", self.size_box)

        self.preview_zoom_box = QSpinBox()
        self.preview_zoom_box.setRange(50, 300)
        self.preview_zoom_box.setSingleStep(10)
        self.preview_zoom_box.setSuffix(" %")
        self.preview_zoom_box.setValue(values.preview_zoom)
        form.addRow("Pre&view text size:", self.preview_zoom_box)

        self.theme_box = QComboBox()
        for name, label in THEME_CHOICES:
            self.theme_box.addItem(label, name)
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(values.theme)))
        form.addRow("&Theme:", self.theme_box)

        self.spelling_box = QCheckBox("&Check spelling")
        self.spelling_box.setChecked(values.spelling_enabled)
        form.addRow("Spelling:", self.spelling_box)
        self.language_box = QComboBox()
        self.language_box.addItem("The system's language", "")
        for tag in languages:
            self.language_box.addItem(tag, tag)
        if values.spelling_language and self.language_box.findData(values.spelling_language) < 0:
            self.language_box.addItem(values.spelling_language, values.spelling_language)
        self.language_box.setCurrentIndex(
            max(0, self.language_box.findData(values.spelling_language))
        )
        self.language_box.setToolTip(
            "Used when neither the post (lang) nor its site names a language"
        )
        self.spelling_box.toggled.connect(self.language_box.setEnabled)
        self.language_box.setEnabled(values.spelling_enabled)
        form.addRow("Default &language:", self.language_box)

        self.remote_box = QCheckBox("Show &remote images (loaded from the web)")
        self.remote_box.setToolTip(
            "The default for sites without their own choice (View > Allow Remote Images)"
        )
        self.remote_box.setChecked(values.allow_remote)
        form.addRow("Remote content by default:", self.remote_box)

        self.reopen_box = QCheckBox("&Reopen the last site and post")
        self.reopen_box.setChecked(values.reopen_last)
        form.addRow("At start:", self.reopen_box)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _filter_families(self, *_args) -> None:
        filters = QFontComboBox.FontFilter
        self.family_box.setFontFilters(
            filters.MonospacedFonts if self.monospace_button.isChecked() else filters.AllFonts
        )

    def values(self) -> Preferences:
        size = self.size_box.value()
        return Preferences(
            font_kind="monospace" if self.monospace_button.isChecked() else "proportional",
            font_family=self.family_box.currentFont().family()
            if self.own_family_box.isChecked()
            else "",
            font_size=size if size >= MIN_SIZE else 0,
            preview_zoom=self.preview_zoom_box.value(),
            theme=self.theme_box.currentData(),
            spelling_enabled=self.spelling_box.isChecked(),
            spelling_language=self.language_box.currentData() or "",
            allow_remote=self.remote_box.isChecked(),
            reopen_last=self.reopen_box.isChecked(),
        )
