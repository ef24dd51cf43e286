"""core.vcs.post_diff: a post's change read field by field, and commit messages from it."""

from __future__ import annotations

from editor.core.vcs.post_diff import diff_posts, suggest_message

OLD = b"---\ntitle: Harbour ferry returns \ndate: 2020-09-30-07-25-20\ncategories: [latest, news]\nfeatured: true\n---\nThe ferry is back.\n"


def test_a_changed_field_reads_old_to_new_whatever_its_style():
    new = OLD.replace(b"featured: true", b"featured: false").replace(
        b"[latest, news]", b"\n  - latest"
    )
    diff = diff_posts(OLD, new)
    assert diff.lines() == ['categories: ["latest", "news"] → ["latest"]', "featured: true → false"]
    assert not diff.body_changed and diff.title == "Harbour ferry returns"


def test_added_and_removed_fields_and_a_body_change():
    new = OLD.replace(b"featured: true\n", b"section: news\n").replace(
        b"is back.", b"is back today."
    )
    lines = diff_posts(OLD, new).lines()
    assert lines[:2] == ["section: added news", "featured: removed (was true)"]
    assert "-The ferry is back." in lines and "+The ferry is back today." in lines


def test_a_reformatted_but_equal_front_matter_is_no_field_change():
    new = OLD.replace(b"[latest, news]", b"\n  - latest\n  - news")
    assert diff_posts(OLD, new).fields == []


def test_new_deleted_and_unparsable_posts():
    assert diff_posts(None, OLD).created and diff_posts(OLD, None).deleted
    broken = b"---\ntitle: [unclosed\n---\nBody\n"
    diff = diff_posts(OLD, broken)
    assert diff.text_only and "+title: [unclosed" in diff.lines()


def test_messages_name_one_post_a_shared_change_or_a_bulk_action():
    retitled = diff_posts(OLD, OLD.replace(b"The ferry", b"A ferry"))
    assert suggest_message([retitled]) == "Edit 'Harbour ferry returns'"
    assert suggest_message([diff_posts(None, OLD)]) == "Add 'Harbour ferry returns'"
    unfeatured = [
        diff_posts(
            OLD.replace(b"Harbour", name),
            OLD.replace(b"Harbour", name).replace(b"featured: true", b"featured: false"),
        )
        for name in (b"A", b"B", b"C")
    ]
    assert suggest_message(unfeatured) == "Set featured=false on 3 posts"
    assert (
        suggest_message(unfeatured, "Set “featured” to false") == "Set featured to false on 3 posts"
    )
    assert suggest_message([retitled, unfeatured[0]]) == "Edit 2 posts"
