"""The window previews in the site's dialect, names it, and lets View override it."""

from __future__ import annotations

from tests.ui.window.test_window import FakePrompter, open_window

BODY = "Cyclists can use:\n- the ferry\n- the bridge\n"


def hugo_post(tmp_path):
    (tmp_path / "hugo.toml").write_text('baseURL = "/"\n')
    post = tmp_path / "content" / "posts" / "ride.md"
    post.parent.mkdir(parents=True)
    post.write_text(f"---\ntitle: Ride\n---\n{BODY}")
    return post


def next_page(qtbot, window):
    with qtbot.waitSignal(window.preview_controller.rendered, timeout=15000) as blocker:
        pass
    return blocker.args[0].page_html


def test_status_bar_names_the_detected_dialect_and_view_overrides_it(qtbot, settings, tmp_path):
    window = open_window(qtbot, settings, FakePrompter(), [hugo_post(tmp_path)])
    page = next_page(qtbot, window)
    assert window.status.dialect_label.text() == "Preview: Hugo (Goldmark)"
    assert "hugo.toml" in window.status.dialect_label.toolTip()
    assert window.preview_controller.dialect.name == "hugo"
    assert "<li>the ferry</li>" in page  # a list straight after a paragraph, as Hugo does
    assert window.dialect_actions[None].isChecked()

    window.dialect_actions["jigsaw"].trigger()
    page = next_page(qtbot, window)
    assert window.status.dialect_label.text() == "Preview: Jigsaw (PHP Markdown Extra)"
    assert window.dialect_actions["jigsaw"].isChecked()
    assert not window.dialect_actions[None].isChecked()
    assert "<li>" not in page  # Markdown Extra reads those lines as one paragraph

    window.dialect_actions[None].trigger()
    next_page(qtbot, window)
    assert window.status.dialect_label.text() == "Preview: Hugo (Goldmark)"


def test_the_dialect_shows_in_full_where_the_status_bar_has_room(qtbot, settings, tmp_path):
    window = open_window(qtbot, settings, FakePrompter(), [hugo_post(tmp_path)])
    next_page(qtbot, window)
    window.resize(1400, 700)
    qtbot.waitUntil(lambda: window.status.width() >= 1300)
    label = window.status.dialect_label
    needed = label.fontMetrics().horizontalAdvance(label.text())
    qtbot.waitUntil(lambda: label.isVisible() and label.width() >= needed)
    # Beside the path, not over it.
    path = window.status.path_label
    assert path.width() >= path.fontMetrics().horizontalAdvance(path.text())
    assert (
        label.mapTo(window, label.rect().topLeft()).x()
        >= path.mapTo(window, path.rect().topRight()).x()
    )
