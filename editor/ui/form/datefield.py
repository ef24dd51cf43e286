"""DateField: a date or date-time picker that keeps the field's own written format.

The editor shows the value in the field's format (``post.date_format``) and writes back a
``date``/``datetime``; the post model then writes it in that same format, so
``2020-09-30-07-25-20`` stays dash-separated.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from editor.session.frontmatter_model import FrontMatterModel
from editor.ui.form.base import FieldEditor
from editor.ui.form.fields import _single_child_layout

DEFAULT_DATETIME_FORMAT = "yyyy-MM-dd HH:mm:ss"
DEFAULT_DATE_FORMAT = "yyyy-MM-dd"

_STRFTIME_TO_QT = {
    "Y": "yyyy",
    "y": "yy",
    "m": "MM",
    "d": "dd",
    "H": "HH",
    "I": "hh",
    "M": "mm",
    "S": "ss",
    "f": "zzz",
    "p": "AP",
    "b": "MMM",
    "B": "MMMM",
    "a": "ddd",
    "A": "dddd",
}
# Zone directives are left out of the display: the time shows as written, in its own
# offset, and the offset is kept when the value is written back.
_ZONE_DIRECTIVES = ("%:z", "%z", "%Z")


def qt_display_format(strftime_pattern: str | None, has_time: bool) -> str:
    """Translate a strftime pattern to a QDateTimeEdit display format.

    Literal text is quoted for Qt; an unknown directive falls back to an ISO-like format.
    """
    if not strftime_pattern:
        return DEFAULT_DATETIME_FORMAT if has_time else DEFAULT_DATE_FORMAT
    for zone in _ZONE_DIRECTIVES:
        strftime_pattern = strftime_pattern.replace(zone, "")
    strftime_pattern = strftime_pattern.replace("%3f", "%f")
    if strftime_pattern.endswith("Z") and not strftime_pattern.endswith("%Z"):
        strftime_pattern = strftime_pattern[:-1]
    strftime_pattern = strftime_pattern.rstrip()
    out: list[str] = []
    literal: list[str] = []

    def close_literal() -> None:
        if literal:
            text = "".join(literal).replace("'", "''")
            out.append(f"'{text}'")
            literal.clear()

    i = 0
    while i < len(strftime_pattern):
        char = strftime_pattern[i]
        if char == "%" and i + 1 < len(strftime_pattern):
            directive = strftime_pattern[i + 1]
            i += 2
            if directive == "%":
                literal.append("%")
                continue
            if directive not in _STRFTIME_TO_QT:
                return DEFAULT_DATETIME_FORMAT if has_time else DEFAULT_DATE_FORMAT
            close_literal()
            out.append(_STRFTIME_TO_QT[directive])
        else:
            literal.append(char)
            i += 1
    close_literal()
    return "".join(out)


class DateField(FieldEditor):
    """A calendar-popup date (or date-time) editor; edits commit when finished."""

    def __init__(self, model: FrontMatterModel, key: str, parent: QWidget | None = None):
        super().__init__(model, key, parent)
        self._has_time = False
        self.editor = QDateTimeEdit()
        self.editor.setCalendarPopup(True)
        self.editor.setKeyboardTracking(False)
        self.editor.setMinimumDate(QDate(1, 1, 1))
        self.editor.setMaximumDate(QDate(9999, 12, 31))
        self.editor.setMaximumWidth(280)
        self.editor.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.zone_label = QLabel()
        self.zone_label.setToolTip("UTC offset, kept as written")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.editor)
        row.addWidget(self.zone_label)
        row.addStretch(1)
        _single_child_layout(self).addLayout(row)
        self.editor.dateTimeChanged.connect(self._on_changed)
        self.setFocusProxy(self.editor)
        self.refresh()

    def refresh(self) -> None:
        """Show the field's value in its own post's format, time included when it has one.

        A row is reused when the next post has a date under the same key, so the format
        is taken afresh on every refresh, never kept from the post shown before.
        """
        value = self.model.date_value(self.key)
        if value is None:
            return
        fmt = self.model.date_format(self.key)
        self._has_time = isinstance(value, dt.datetime) and (fmt is None or "%H" in fmt)
        display = qt_display_format(fmt, self._has_time)
        shown = self._to_qt(value)
        self._updating = True
        try:
            if self.editor.displayFormat() != display:
                self.editor.setDisplayFormat(display)
            if self.editor.dateTime() != shown:
                self.editor.setDateTime(shown)
        finally:
            self._updating = False
        self.zone_label.setText(self._zone_text(value))
        self.zone_label.setVisible(bool(self.zone_label.text()))
        raw = self.model.value(self.key)
        self.editor.setToolTip(f"{raw}  (format {self.model.date_format(self.key) or 'ISO'})")

    def value(self) -> dt.date:
        """The editor's current value as the Python type the field holds."""
        qdate = self.editor.date()
        day = dt.date(qdate.year(), qdate.month(), qdate.day())
        if not self._has_time:
            return day
        qtime = self.editor.time()
        original = self.model.date_value(self.key)
        tzinfo = original.tzinfo if isinstance(original, dt.datetime) else None
        micro = qtime.msec() * 1000
        if isinstance(original, dt.datetime) and original.microsecond // 1000 == qtime.msec():
            micro = original.microsecond  # keep precision Qt cannot show
        return dt.datetime.combine(
            day, dt.time(qtime.hour(), qtime.minute(), qtime.second(), micro), tzinfo
        )

    def set_value(self, value: dt.date) -> None:
        """Set the editor as the user would (this commits)."""
        self.editor.setDateTime(self._to_qt(value))

    @staticmethod
    def _zone_text(value: dt.date) -> str:
        if not isinstance(value, dt.datetime) or value.utcoffset() is None:
            return ""
        minutes = int(value.utcoffset().total_seconds() // 60)
        if minutes == 0:
            return "UTC"
        sign = "+" if minutes > 0 else "-"
        hours, rest = divmod(abs(minutes), 60)
        return f"{sign}{hours:02d}:{rest:02d}"

    @staticmethod
    def _to_qt(value: dt.date) -> QDateTime:
        qdate = QDate(value.year, value.month, value.day)
        if isinstance(value, dt.datetime):
            qtime = QTime(value.hour, value.minute, value.second, value.microsecond // 1000)
        else:
            qtime = QTime(0, 0)
        return QDateTime(qdate, qtime)

    def _on_changed(self, _qdatetime: QDateTime) -> None:
        if self._updating or not self.model.has_key(self.key):
            return
        new = self.value()
        if new != self.model.date_value(self.key):
            self.model.set_value(self.key, new)

    def flush(self) -> None:
        self.editor.interpretText()
