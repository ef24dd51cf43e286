"""Publish states under each generator's rules, with a fixed "now", and the is: filters."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from editor.core.site.publish import (
    DRAFT,
    EXPIRED,
    PUBLISHED,
    SCHEDULED,
    PublishRules,
    publish_marks,
    publish_state,
    rules_for,
    rules_for_generator,
    why,
)
from editor.core.site.query import filter_records, parse_query
from editor.core.site.records import PostRecord

NOW = datetime(2024, 6, 1, 12, 0, 0)
HUGO = rules_for_generator("hugo")
ZOLA = rules_for_generator("zola")


def record(rel: str = "content/post.md", **metadata) -> PostRecord:
    return PostRecord("/site/" + rel, rel, 0, 0, metadata=metadata)


@pytest.mark.parametrize(
    ("metadata", "rules", "state"),
    [
        ({"draft": True}, HUGO, DRAFT),
        ({"draft": "true"}, ZOLA, DRAFT),
        ({"published": False}, rules_for_generator("jekyll"), DRAFT),
        ({"draft": False, "date": date(2020, 1, 1)}, HUGO, PUBLISHED),
        ({"date": datetime(2024, 6, 2, 8, 0)}, HUGO, SCHEDULED),
        ({"date": "2024-06-01 13:00:00"}, HUGO, SCHEDULED),
        ({"date": "2024-06-01 11:00:00"}, HUGO, PUBLISHED),
        ({"date": datetime(2030, 1, 1)}, ZOLA, PUBLISHED),  # Zola builds future posts
        ({"publishDate": "2025-01-01"}, ZOLA, SCHEDULED),
        ({"published": date(2025, 1, 1)}, HUGO, SCHEDULED),  # Hugo's date alias
        ({"expiryDate": date(2024, 1, 1)}, HUGO, EXPIRED),
        ({"expiryDate": date(2025, 1, 1)}, HUGO, PUBLISHED),
        ({"expiryDate": date(2024, 1, 1)}, ZOLA, PUBLISHED),
    ],
)
def test_publish_state(metadata, rules, state):
    """Each way a post is left out of the build, under the generator that does so."""
    assert publish_state(record(**metadata), rules, NOW) == state


def test_drafts_folder_is_a_draft():
    assert publish_state(record("_drafts/idea.md", title="x"), PublishRules(), NOW) == DRAFT


def test_settings_change_the_rules(tmp_path):
    """Hugo's buildFuture and Jekyll's future: true publish future posts."""
    (tmp_path / "hugo.toml").write_text('baseURL = "https://x.org/"\nbuildFuture = true\n')
    rules = rules_for(tmp_path)
    assert rules.generator == "hugo" and not rules.skips_future and rules.skips_expired
    future = record(date=datetime(2030, 1, 1))
    assert publish_state(future, rules, NOW) == PUBLISHED
    jekyll = tmp_path / "j"
    jekyll.mkdir()
    (jekyll / "_config.yml").write_text("future: true\n")
    assert not rules_for(jekyll).skips_future
    (jekyll / "_config.yml").write_text("title: x\n")
    assert publish_state(future, rules_for(jekyll), NOW) == SCHEDULED


def test_why_names_the_field():
    rules = HUGO
    assert why(DRAFT, record(draft=True), rules) == "draft: not published (draft: true)"
    scheduled = record(publishDate="2025-01-01")
    assert "until 2025-01-01" in why(SCHEDULED, scheduled, rules) and "publishDate" in why(
        SCHEDULED, scheduled, rules
    )
    assert "(expiryDate)" in why(EXPIRED, record(expiryDate=date(2024, 1, 1)), rules)


def test_is_filters_by_state_with_marks_and_without():
    """is:draft/scheduled/expired/published by the caller's marks, or the default rules."""
    records = [
        record("a.md", draft=True),
        record("b.md", date=datetime(2099, 1, 1)),
        record("c.md", expiryDate=date(2000, 1, 1)),
        record("d.md", title="live"),
    ]
    marks = publish_marks(records, HUGO, NOW)

    def names(text, with_marks=True):
        query = parse_query(text, marks if with_marks else None)
        return [r.rel for r in filter_records(records, query)]

    for with_marks in (True, False):
        assert names("is:draft", with_marks) == ["a.md"]
        assert names("is:scheduled", with_marks) == ["b.md"]
        assert names("is:expired", with_marks) == ["c.md"]
        assert names("is:published", with_marks) == ["d.md"]
        assert names("-is:draft", with_marks) == ["b.md", "c.md", "d.md"]


def test_is_error_follows_the_error_mark():
    """Given an error mark (the Problems panel's errors), is:error and is:ok follow it."""
    records = [record("a.md"), record("b.md")]
    marks = {"error": frozenset({"/site/b.md"})}
    assert [r.rel for r in filter_records(records, parse_query("is:error", marks))] == ["b.md"]
    assert [r.rel for r in filter_records(records, parse_query("is:ok", marks))] == ["a.md"]
