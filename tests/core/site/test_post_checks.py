"""The checks that find real problems (issue 17): pages are not posts, translations are not
duplicates, dates as the generator reads them, posts that are not live, opt-in lengths,
kinds a site turns off, errors first."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from editor.core.site.checks import run_checks
from editor.core.site.index import SiteIndex
from editor.core.site.post_checks import written_date_format
from editor.core.site.schema import infer_schema, load_schema_config
from tests.core.sitegen import POSTS_DIR, generate_site

NOW = datetime(2024, 6, 1, 12, 0, 0)


def _check(root: Path):
    index = SiteIndex(root, use_cache=False)
    index.scan()
    schema = infer_schema(index.records, load_schema_config(root))
    return run_checks(index, schema, root, now=NOW)


def _found(problems, root: Path, code: str) -> set[str]:
    return {Path(p.path).relative_to(root).as_posix() for p in problems if p.code == code}


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_list_pages_are_not_held_to_the_posts_fields(tmp_path, isolated_dirs):
    """A category page lacks the fields every post has, even a required one: not flagged."""
    site = generate_site(tmp_path / "site", 20, seed=3, plant=("missing-field",))
    _write(site.root / "masthead.toml", "[fields.date]\nrequired = true\n")
    _write(site.root / "source/_categories/php.md", "---\ntitle: PHP\n---\nPosts about PHP.\n")
    _write(site.root / "source/blog/_index.md", "---\ntitle: Blog\n---\n")
    problems = _check(site.root)
    assert _found(problems, site.root, "missing-field") == set(site.planted["missing-field"])


def test_translations_are_not_duplicates(tmp_path, isolated_dirs):
    """index.md and index.fr.md, en/ and zh/ copies share titles and slugs: no finding; two
    different posts with one title still are."""
    root = tmp_path / "site"
    _write(root / "hugo.toml", 'baseURL = "https://example.org/"\n')
    for lang in ("", ".fr", ".ja"):
        _write(root / f"content/post/hello/index{lang}.md", "---\ntitle: Hello\nslug: hello\n---\n")
    for lang in ("en", "zh"):
        _write(root / f"content/{lang}/news/letter.md", "---\ntitle: Letter 1\n---\n")
    _write(root / "content/post/a.md", "---\ntitle: Twice\n---\n")
    _write(root / "content/post/b.md", "---\ntitle: Twice\n---\n")
    problems = _check(root)
    assert _found(problems, root, "duplicate-title") == {"content/post/a.md", "content/post/b.md"}
    assert _found(problems, root, "duplicate-slug") == set()


def _jekyll_site(root: Path, n: int = 12) -> Path:
    _write(root / "_config.yml", "title: A blog\n")
    for i in range(n):
        _write(
            root / f"_posts/2015-02-{i + 1:02d}-post-{i}.md",
            f"---\ntitle: Post {i}\ndate: 2015-02-{i + 1:02d} 09:18:00\n---\nText.\n",
        )
    return root


def test_a_one_digit_hour_is_a_date_in_the_sites_format(tmp_path, isolated_dirs):
    """`2015-02-15 9:18:00` is what Jekyll and Hugo read: no date-format or type finding."""
    root = _jekyll_site(tmp_path / "site")
    _write(root / "_posts/2015-02-15-late.md", "---\ntitle: Late\ndate: 2015-02-15 9:18:00\n---\n")
    assert _check(root) == []
    assert written_date_format("2015-02-15 9:18:00") == "%Y-%m-%d %H:%M:%S"


def test_a_date_behind_a_no_break_space_is_an_error(tmp_path, isolated_dirs):
    """A leading no-break space makes the date text: an error, at the date's line."""
    root = _jekyll_site(tmp_path / "site")
    _write(
        root / "_posts/2015-02-20-nbsp.md",
        "---\ntitle: Odd\ndate: \u00a02015-02-20 10:00:00\n---\n",
    )
    bad = [p for p in _check(root) if p.code == "bad-date"]
    assert len(bad) == 1
    assert bad[0].level == "error" and bad[0].line == 3 and bad[0].key == "date"
    assert "no-break space (U+00A0)" in bad[0].message


def test_a_file_name_date_that_disagrees_is_a_warning_where_the_generator_reads_it(
    tmp_path, isolated_dirs
):
    """Jekyll takes the day from the file name and date:; a Jigsaw site does not."""
    root = _jekyll_site(tmp_path / "site")
    _write(
        root / "_posts/2020-01-02-slug.md", "---\ntitle: Moved\ndate: 2020-01-03 10:00:00\n---\n"
    )
    found = [p for p in _check(root) if p.code == "file-date"]
    assert [(Path(p.path).name, p.level, p.line) for p in found] == [
        ("2020-01-02-slug.md", "warning", 3)
    ]
    assert "2020-01-02" in found[0].message and "2020-01-03" in found[0].message
    jigsaw = generate_site(tmp_path / "jigsaw", 12, seed=1)
    _write(
        jigsaw.root / POSTS_DIR / "2020-01-02-slug.md", "---\ntitle: Moved\ndate: 2020-01-03\n---\n"
    )
    assert not [p for p in _check(jigsaw.root) if p.code == "file-date"]


def test_posts_that_are_not_live_are_info(tmp_path, isolated_dirs):
    """Drafts, scheduled and expired posts are reported at info level, with why."""
    root = tmp_path / "site"
    _write(root / "hugo.toml", 'baseURL = "https://example.org/"\n')
    _write(root / "content/a.md", "---\ntitle: A\ndraft: true\n---\n")
    _write(root / "content/b.md", "---\ntitle: B\ndate: 2030-01-01\n---\n")
    _write(root / "content/c.md", "---\ntitle: C\nexpiryDate: 2020-01-01\n---\n")
    _write(root / "content/d.md", "---\ntitle: D\ndate: 2020-01-01\n---\n")
    found = {Path(p.path).name: p for p in _check(root) if p.code == "not-live"}
    assert set(found) == {"a.md", "b.md", "c.md"}
    assert {p.level for p in found.values()} == {"info"}
    assert found["a.md"].message.startswith("draft") and found["a.md"].line == 3
    assert found["b.md"].message.startswith("scheduled") and found["b.md"].key == "date"
    assert found["c.md"].message.startswith("expired") and found["c.md"].line == 3


def test_length_limits_are_opt_in(tmp_path, isolated_dirs):
    """No masthead.toml limits, no length findings; set one and it is a warning."""
    site = generate_site(tmp_path / "site", 20, seed=4)
    long_title = "A title that goes on and on well past sixty characters of text here"
    _write(
        site.root / POSTS_DIR / "2001-01-01-long.md",
        site.posts[0].read_text().replace("title: ", f"title: {long_title} #", 1),
    )
    assert not _found(_check(site.root), site.root, "too-long")
    _write(site.root / "masthead.toml", "[limits]\ntitle = 60\n")
    assert _found(_check(site.root), site.root, "too-long") == {f"{POSTS_DIR}/2001-01-01-long.md"}


def test_a_site_turns_kinds_off_and_a_wrong_name_is_said(tmp_path, isolated_dirs):
    """[checks] ignore drops a kind; an unknown name is a problem of masthead.toml."""
    site = generate_site(tmp_path / "site", 30, seed=5, plant=("missing-image", "duplicate-title"))
    _write(site.root / "masthead.toml", '[checks]\nignore = ["duplicate-title", "missing-imag"]\n')
    problems = _check(site.root)
    assert not _found(problems, site.root, "duplicate-title")
    assert _found(problems, site.root, "missing-image")
    schema_file = [p.message for p in problems if p.code == "schema-file"]
    assert schema_file == [
        "[checks] ignore: no check named 'missing-imag'; did you mean 'missing-image'?"
    ]


def test_errors_sort_before_warnings(tmp_path, isolated_dirs):
    site = generate_site(tmp_path / "site", 40, seed=6, plant=("missing-field", "missing-image"))
    levels = [p.level for p in _check(site.root)]
    assert levels == sorted(levels, key=["error", "warning", "info"].index)
    assert levels[0] == "error" and "warning" in levels


def test_a_quoted_one_digit_hour_is_a_date_too(tmp_path, isolated_dirs):
    """In quotes the date is a string to YAML, and still a date to the generators."""
    root = _jekyll_site(tmp_path / "site")
    _write(root / "_posts/2015-02-16-q.md", '---\ntitle: Q\ndate: "2015-02-16 9:18:00"\n---\n')
    assert _check(root) == []


def test_hugo_reads_file_dates_only_when_its_config_says_so(tmp_path, isolated_dirs):
    root = tmp_path / "site"
    _write(root / "hugo.toml", 'baseURL = "https://example.org/"\n')
    _write(root / "content/2020-01-02-slug.md", "---\ntitle: A\ndate: 2020-01-05\n---\n")
    assert not [p for p in _check(root) if p.code == "file-date"]
    _write(
        root / "hugo.toml",
        'baseURL = "https://example.org/"\n[frontmatter]\ndate = [":filename", ":default"]\n',
    )
    assert [Path(p.path).name for p in _check(root) if p.code == "file-date"] == [
        "2020-01-02-slug.md"
    ]


def test_a_missing_yes_no_field_is_no_finding(tmp_path, isolated_dirs):
    """Every post has featured: true/false; one without it reads as false: not flagged."""
    site = generate_site(tmp_path / "site", 20, seed=7)
    post = site.posts[5]
    post.write_text(
        "".join(
            line for line in post.read_text().splitlines(True) if not line.startswith("featured:")
        )
    )
    assert _check(site.root) == []
