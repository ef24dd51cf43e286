"""The schema of the site a command's paths belong to."""

from __future__ import annotations

from editor.core.site.site_types import SiteSchemas


def test_a_file_in_a_site_gets_the_sites_schema_once(tmp_path):
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (site / "masthead.toml").write_text("")
    (site / "posts" / "a.md").write_text("---\nfeatured: true\n---\n")
    (site / "posts" / "b.md").write_text("---\ntags: [x]\n---\n")
    schemas = SiteSchemas(cache_dir=tmp_path / "cache")
    schema = schemas.schema_for(site / "posts" / "a.md")
    assert set(schema.fields) == {"featured", "tags"} and schema.posts == 2
    assert schemas.schema_for(site / "posts") is schema


def test_a_folder_outside_any_site_is_its_own_site(tmp_path):
    (tmp_path / "a.md").write_text("---\nx: 1\n---\n")
    schema = SiteSchemas(cache_dir=tmp_path / "cache").schema_for(tmp_path)
    assert set(schema.fields) == {"x"}


def test_a_lone_file_counts_only_the_files_given(tmp_path):
    (tmp_path / "a.md").write_text("---\nx: 1\n---\n")
    (tmp_path / "b.md").write_text("---\ny: 1\n---\n")
    (tmp_path / "bin.md").write_bytes(b"\x00")
    given = [str(tmp_path / "a.md"), str(tmp_path / "bin.md")]
    schema = SiteSchemas().schema_for(tmp_path / "a.md", given)
    assert set(schema.fields) == {"x"} and schema.posts == 1
