"""Schema inference over records and the masthead.toml rules file."""

from __future__ import annotations

import datetime as dt

from editor.core.site.index import PostRecord
from editor.core.site.schema import (
    format_schema_table,
    infer_schema,
    load_schema_config,
    value_kind,
)
from tests.core.sitegen import CATEGORIES, generate_site


def _record(rel: str, **metadata) -> PostRecord:
    raw_dates = {k: v for k, v in metadata.items() if isinstance(v, str) and v[:2] == "20"}
    return PostRecord(f"/site/{rel}", rel, 1, 1, "yaml", metadata, raw_dates=raw_dates)


def test_value_kinds():
    """Kinds use the post model's names; date-like strings count as dates."""
    assert [value_kind(v) for v in (None, True, 3, 2.5, dt.date(2020, 1, 2))] == [
        "null",
        "bool",
        "int",
        "float",
        "date",
    ]
    assert value_kind("2020-09-30-07-25-20") == "date"
    assert value_kind("Plain words") == "str"
    assert value_kind("line one\nline two") == "text"
    assert value_kind(["a"]) == "list" and value_kind({"a": 1}) == "map"


def test_counts_kinds_values_and_order():
    """Per field: posts having it, kinds, value counts with list items counted singly."""
    records = [
        _record("a.md", title="A", categories=["news", "latest"], featured=True),
        _record("b.md", title="B", categories=["news"], featured="yes"),
        _record("c.md", categories=["sport"], draft=False),
        PostRecord("/site/bad.md", "bad.md", 1, 1, error="broken"),
    ]
    schema = infer_schema(records)
    assert schema.posts == 3
    assert list(schema.fields) == ["title", "categories", "featured", "draft"]
    cats = schema.fields["categories"]
    assert cats.count == 3 and cats.kinds == {"list": 3}
    assert cats.values == {"news": 2, "latest": 1, "sport": 1}
    assert schema.vocabulary("categories") == ["news", "latest", "sport"]
    assert schema.fields["featured"].kinds == {"bool": 1, "str": 1}
    assert schema.fields["title"].count == 2


def test_date_formats_seen():
    """Date fields record the formats they are written in."""
    records = [_record(f"{i}.md", date=f"2020-09-{i + 10:02d}-07-25-20") for i in range(5)]
    records.append(_record("x.md", date="2020-09-30"))
    stats = infer_schema(records).fields["date"]
    assert stats.date_formats == {"%Y-%m-%d-%H-%M-%S": 5, "%Y-%m-%d": 1}
    assert stats.main_date_format == "%Y-%m-%d-%H-%M-%S" and stats.main_kind == "date"
    assert stats.count == 6 and not stats.values  # a date is counted, not vocabulary


def test_generated_site_vocabulary(tmp_path, isolated_dirs):
    """On a generated site the categories vocabulary is exactly the generator's."""
    from editor.core.site.index import SiteIndex

    site = generate_site(tmp_path / "s", 120)
    index = SiteIndex(site.root)
    index.scan()
    schema = infer_schema(index.records)
    assert set(schema.vocabulary("categories")) == set(CATEGORIES)
    assert schema.fields["date"].date_formats == {"%Y-%m-%d-%H-%M-%S": 120}
    assert schema.fields["featured"].kinds == {"bool": 120}


def test_schema_file_rules(tmp_path):
    """masthead.toml pins required fields, types, allowed values, formats and limits."""
    (tmp_path / "masthead.toml").write_text(
        "[limits]\ntitle = 70\n\n"
        '[fields.categories]\ntype = "list"\nallowed = ["news", "latest"]\n\n'
        '[fields.date]\nrequired = true\ndate_format = "%Y-%m-%d"\n\n'
        "[fields.summary]\nmax_length = 200\n"
    )
    config = load_schema_config(tmp_path)
    assert config.errors == []
    assert config.limits == {"title": 70}  # limits are opt-in: only what the file sets
    assert config.fields["categories"].allowed == ["news", "latest"]
    assert config.fields["date"].required and config.fields["date"].date_format == "%Y-%m-%d"
    assert config.max_length("summary") == 200 and config.max_length("title") == 70


def test_schema_file_mistakes_are_reported(tmp_path):
    """Bad TOML or unknown rules become errors on the config, never exceptions."""
    (tmp_path / "masthead.toml").write_text('[fields.title]\ntype = "string"\nrequird = true\n')
    messages = " | ".join(m for m, _ in load_schema_config(tmp_path).errors)
    assert "type must be one of" in messages and "unknown rule 'requird'" in messages
    (tmp_path / "masthead.toml").write_text("[fields\n")
    (message, line), *_ = load_schema_config(tmp_path).errors
    assert message.startswith("invalid TOML") and line == 1


def test_missing_schema_file_gives_defaults(tmp_path):
    """No masthead.toml: no length limits (they are opt-in), no pinned fields."""
    config = load_schema_config(tmp_path)
    assert config.path is None and config.fields == {} and config.limits == {}
    assert config.max_length("title") is None


def test_format_schema_table():
    """The table lists each field with counts, kinds and common values."""
    records = [
        _record(f"{i}.md", title=f"T{i}", tags=["a", "b"] if i % 2 else ["a"]) for i in range(4)
    ]
    table = format_schema_table(infer_schema(records))
    lines = table.splitlines()
    assert lines[0].split() == [
        "field",
        "posts",
        "kinds",
        "common",
        "values",
        "/",
        "date",
        "formats",
    ]
    tags = next(line for line in lines if line.startswith("tags"))
    assert "4 (100%)" in tags and "list" in tags and "a ×4" in tags and "b ×2" in tags
    assert table.endswith("4 posts, 2 fields")


def test_free_text_is_not_counted_as_vocabulary():
    """Short values (tags, titles, layouts) are counted; long free text (a description
    of a couple of sentences) is not, though its field and kind are."""
    description = "A long description of the post, written as a sentence or two. " * 2
    schema = infer_schema(
        [
            _record(f"{n}.md", title=f"Post {n}", description=description, tags=["a", "b"])
            for n in range(3)
        ]
    )
    assert schema.fields["title"].values["Post 1"] == 1
    assert schema.fields["tags"].values["a"] == 3
    assert schema.fields["description"].count == 3
    assert schema.fields["description"].kinds["str"] == 3
    assert not schema.fields["description"].values
