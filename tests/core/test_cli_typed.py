"""The command line reads values in the site's types, and asks before it touches a folder."""

from __future__ import annotations

import os

import pytest

from editor.cli import main


def _run(capsys, *argv):
    code = main([os.fspath(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Three posts where featured is true or false, tags a flow list, date a date."""
    monkeypatch.setenv("XDG_CACHE_HOME", os.fspath(tmp_path / "cache"))
    root = tmp_path / "site"
    (root / "posts").mkdir(parents=True)
    (root / "masthead.toml").write_text("")
    for i in range(3):
        (root / "posts" / f"p{i}.md").write_text(
            f"---\ntitle: Post {i}\ndate: 2020-09-30-07-25-2{i}\nfeatured: {'true' if i else 'false'}\n"
            f"weight: {i}\ntags: [t{i}]\n---\nBody\n"
        )
    return root


def _bytes(root):
    return {p: p.read_bytes() for p in sorted(root.rglob("*.md"))}


def test_a_value_is_read_in_the_fields_type(site, capsys):
    post = site / "posts" / "p0.md"
    assert _run(capsys, "set", post, "featured=true", "title=2021", "weight=7")[0] == 0
    text = post.read_text()
    assert "featured: true\n" in text and "weight: 7\n" in text
    assert "title: '2021'\n" in text or 'title: "2021"\n' in text  # text, as titles are


@pytest.mark.parametrize(
    "assignment, words",
    [
        ("featured=maybe", "'featured' is true or false in 3 of 3 posts, but 'maybe' is text"),
        (
            "title=Hello: world",
            "'title' is text in 3 of 3 posts, but 'Hello: world' reads as a map",
        ),
        ("weight=heavy", "'weight' is a whole number in 3 of 3 posts, but 'heavy' is text"),
        ("tags=a: b", "'tags' is a list in 3 of 3 posts"),
    ],
)
def test_a_value_the_site_types_otherwise_is_refused(site, capsys, assignment, words):
    before = _bytes(site)
    code, _, err = _run(capsys, "set", site / "posts" / "p0.md", assignment)
    assert code == 2
    assert words in err and "--string" in err and "--yaml" in err
    assert _bytes(site) == before


def test_string_and_yaml_say_how_to_read(site, capsys):
    post = site / "posts" / "p0.md"
    assert _run(capsys, "set", post, "--string", "featured=maybe")[0] == 0
    assert "featured: maybe\n" in post.read_text()
    assert _run(capsys, "set", post, "--yaml", "title=Hello: world")[0] == 0
    assert "title:\n  Hello: world\n" in post.read_text()
    assert _run(capsys, "set", post, "--yaml", "--string", "title=x")[0] == 2


def test_a_list_field_takes_a_word_as_a_one_item_list(site, capsys):
    post = site / "posts" / "p0.md"
    assert _run(capsys, "set", post, "tags=news")[0] == 0
    assert "tags: [news]\n" in post.read_text()


def test_a_field_no_post_has_is_read_as_yaml(site, capsys):
    post = site / "posts" / "p0.md"
    assert _run(capsys, "set", post, "draft=true", "aliases=[/a/]")[0] == 0
    assert "draft: true\naliases: [/a/]\n" in post.read_text()


def test_a_folder_without_where_needs_all(site, capsys):
    before = _bytes(site)
    code, out, err = _run(capsys, "set", site, "featured=false")
    assert code == 2
    assert _bytes(site) == before
    assert "posts/p1.md" in out and "posts/p2.md" in out and "p0.md" not in out
    assert "would change these 2 files; nothing written" in err and "--all" in err
    code, _, err = _run(capsys, "set", site, "featured=false", "--all")
    assert code == 0 and "changed 2 files" in err
    assert all(b"featured: false\n" in data for data in _bytes(site).values())


def test_yes_is_all_and_where_or_one_file_needs_neither(site, capsys):
    assert _run(capsys, "set", site, "--where", "featured:true", "weight=9")[0] == 0
    assert _run(capsys, "set", site, "--yes", "title=Same")[0] == 0
    assert _run(capsys, "set", site, "--dry-run", "title=Dry")[0] == 0
    assert b"title: Dry" not in b"".join(_bytes(site).values())
    # One file changes: nothing to ask.
    code, _, err = _run(capsys, "set", site, "title=Once", "--where", "weight:0")
    assert code == 0


def test_a_folder_with_one_file_to_change_needs_no_all(site, capsys):
    code, _, err = _run(capsys, "set", site, "featured=true")  # only p0 changes
    assert code == 0 and "changed 1 file" in err


def test_exit_1_when_some_failed_with_a_summary(site, capsys):
    broken = site / "posts" / "broken.md"
    broken.write_text("---\ntitle: [x\n---\n")
    code, _, err = _run(capsys, "set", site, "weight=5", "--all")
    assert code == 1
    assert "broken.md:2: invalid YAML" in err  # the line where the unclosed [ starts
    assert err.endswith("changed 3 files, 1 failed\n")
    assert broken.read_text() == "---\ntitle: [x\n---\n"


def test_where_speaks_the_filter_language(site, capsys):
    code, _, err = _run(capsys, "set", site, "--where", "-featured:true", "weight=5")
    assert code == 0 and "changed 1 file" in err
    assert b"weight: 5" in (site / "posts" / "p0.md").read_bytes()
    code, _, err = _run(
        capsys, "set", site, "--where", "date:>=2020-09-30T07:25:21", "title=L", "--all"
    )
    assert code == 0 and "changed 2 files" in err
    code, _, err = _run(
        capsys, "set", site, "--where", "no:summary", "--where", "has:tags", "--all", "weight=8"
    )
    assert code == 0 and "changed 3 files" in err
    assert "no post has a field 'summary'" in err  # a typo in no: would match every post


def test_where_warns_of_unknown_fields_with_the_close_match(site, capsys):
    code, _, err = _run(capsys, "set", site, "--where", "tag:t1", "title=x")
    assert "masthead: warning: no post has a field 'tag'; did you mean 'tags'?" in err
    assert code == 0 and "changed 0 files" in err
    _, _, err = _run(capsys, "set", site, "--where", "featurd=true", "title=x")
    assert "no post has a field 'featurd'; did you mean 'featured'?" in err


def test_dry_run_diffs_name_files_relative_to_the_current_folder(site, capsys, monkeypatch):
    monkeypatch.chdir(site.parent)
    code, out, _ = _run(capsys, "set", "--dry-run", os.fspath(site / "posts" / "p0.md"), "weight=3")
    assert code == 0
    assert out.startswith("--- a/site/posts/p0.md\n+++ b/site/posts/p0.md\n")
    assert os.fspath(site) not in out
    elsewhere = site.parent / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = _run(capsys, "set", "--dry-run", site, "weight=3", "--where", "featured:false")[1]
    assert out.startswith("--- a/posts/p0.md\n+++ b/posts/p0.md\n")  # from the site's root


def test_get_prints_scalars_as_written_and_json_when_asked(site, capsys):
    post = site / "posts" / "p0.md"
    assert _run(capsys, "get", post, "date")[:2] == (0, "2020-09-30-07-25-20\n")
    assert _run(capsys, "get", post, "featured")[:2] == (0, "false\n")
    assert _run(capsys, "get", post, "weight")[:2] == (0, "0\n")
    assert _run(capsys, "get", post, "tags")[:2] == (0, '["t0"]\n')
    assert _run(capsys, "get", post, "featured", "--json")[:2] == (0, "false\n")
    assert _run(capsys, "get", post, "title", "--json")[:2] == (0, '"Post 0"\n')


def test_get_a_yaml_date_and_a_toml_date(tmp_path, capsys):
    yaml_post = tmp_path / "y.md"
    yaml_post.write_text("---\ndate: 2015-02-15 9:18:00\nok: yes\n---\n")
    assert _run(capsys, "get", yaml_post, "date")[1] == "2015-02-15 9:18:00\n"
    assert _run(capsys, "get", yaml_post, "ok")[1] == "yes\n"
    toml_post = tmp_path / "t.md"
    toml_post.write_text("+++\ndate = 2020-01-02T03:04:05\nn = 3\n+++\n")
    assert _run(capsys, "get", toml_post, "date")[1] == "2020-01-02T03:04:05\n"
    assert _run(capsys, "get", toml_post, "n")[1] == "3\n"


def test_a_word_that_is_no_command_and_no_file_is_an_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    import editor.app

    monkeypatch.setattr(editor.app, "run_gui", lambda *a, **k: pytest.fail("window started"))
    code, out, err = _run(capsys, "chnages")
    assert code == 2 and out == ""
    assert err == "masthead: no such command or file: chnages; did you mean changes?\n"
    assert _run(capsys, "zzqx")[2] == "masthead: no such command or file: zzqx\n"


def test_binary_files_are_named_without_a_line(tmp_path, capsys):
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"---\ntitle: x\n---\n\x00\x01")
    code, _, err = _run(capsys, "set", binary, "title=y")
    assert code == 1
    assert f"masthead: {binary}: not a text file (binary)\n" in err
    code, out, _ = _run(capsys, "check", binary)
    assert f"{binary}: error: not a text file (binary)" in out
