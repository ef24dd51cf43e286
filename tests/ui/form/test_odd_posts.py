"""Posts their generators build although they are odd open in the form, through the window.

A Jekyll post with ``redirect_from`` written twice shows (and edits) the last one; a post
dated 2017-02-29 shows that date as text, exactly as written. Saving after a form edit
changes only that field's lines (the core side is tests/core/test_tolerant.py).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from editor.app import build_window
from editor.core.post.formats.yaml_tolerance import DUPLICATE_KEY, IMPOSSIBLE_DATE
from editor.core.user.settings import Settings
from editor.ui.form.chips import ChipListField
from editor.ui.form.fields import LineField
from tests.core.sitegen import generate_site
from tests.ui.window.test_window import FakePrompter, open_window

DATA = Path(__file__).resolve().parents[2] / "data" / "posts"


def test_a_post_with_a_key_written_twice_opens_in_the_form(qtbot, settings, tmp_path):
    path = tmp_path / "redirect-from-twice.md"
    shutil.copyfile(DATA / path.name, path)
    window = open_window(qtbot, settings, FakePrompter(), [path])
    assert not window.document.is_broken and not window.form.is_raw_mode()
    field = window.form.editor_for("redirect_from")
    assert isinstance(field, ChipListField)
    assert field.items() == ["/news/release-notes-moved/", "/2019/06/release-notes.html"]
    before = path.read_bytes()
    title = window.form.editor_for("title")
    title.line_edit.setText("Release notes have moved")
    title.flush()
    assert window.save()
    after = path.read_bytes()
    assert after == before.replace(b'"Moving the release notes"', b'"Release notes have moved"')


def test_a_post_dated_on_a_day_that_never_was_opens_in_the_form(qtbot, settings, tmp_path):
    path = tmp_path / "leap-day-2017.md"
    shutil.copyfile(DATA / path.name, path)
    window = open_window(qtbot, settings, FakePrompter(), [path])
    assert not window.document.is_broken and not window.form.is_raw_mode()
    field = window.form.editor_for("date")
    assert isinstance(field, LineField) and field.line_edit.text() == "2017-02-29"
    before = path.read_bytes()
    field.line_edit.setText("2017-02-28")
    field.flush()
    assert window.save()
    # A text field writes text: quoted, so it still reads back as the text typed.
    assert path.read_bytes() == before.replace(b"date: 2017-02-29", b"date: '2017-02-28'")


def test_the_problems_panel_lists_both_oddities_as_warnings(qtbot, isolated_dirs, tmp_path):
    """A site folder with both posts: each opens, and the Problems list has one warning for
    each oddity at its line (the duplicate key at the occurrence in effect)."""
    site = generate_site(tmp_path / "site", 12)
    for name in ("redirect-from-twice.md", "leap-day-2017.md"):
        shutil.copyfile(DATA / name, site.posts_dir / name)
    settings = Settings.load(isolated_dirs / "settings.json")
    window = build_window(
        settings,
        FakePrompter(save_changes=None),
        [str(site.root)],
        use_webengine=False,
        cache_dir=isolated_dirs / "cache",
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.site_session.workspace is not None, timeout=5000)
    workspace = window.site_session.workspace
    qtbot.waitUntil(lambda: len(workspace.records) == 14 and not workspace.is_busy, timeout=20000)
    qtbot.waitUntil(lambda: any(p.code == DUPLICATE_KEY for p in workspace.problems), timeout=5000)
    odd = {
        (Path(p.path).name, p.line, p.level, p.code)
        for p in workspace.problems
        if p.code in (DUPLICATE_KEY, IMPOSSIBLE_DATE, "parse-error")
    }
    assert odd == {
        ("redirect-from-twice.md", 12, "warning", DUPLICATE_KEY),
        ("leap-day-2017.md", 3, "warning", IMPOSSIBLE_DATE),
    }
    window.show_problem(str(site.posts_dir / "leap-day-2017.md"), 3, "date")
    assert not window.document.is_broken and not window.form.is_raw_mode()
