"""The scriptable command line: get, set, check, fields."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from editor.cli import main

POST = "---\ntitle: Hello \ndate: 2020-09-30-07-25-20 \ncategories: [latest, news] \nfeatured: true \n---\nBody  \n"


@pytest.fixture
def post(tmp_path):
    path = tmp_path / "2020-09-30-hello.md"
    path.write_text(POST)
    return path


def test_get_prints_text_as_is_and_others_as_json(post, capsys):
    assert main(["get", str(post), "title"]) == 0
    assert capsys.readouterr().out == "Hello\n"
    assert main(["get", str(post), "categories"]) == 0
    assert json.loads(capsys.readouterr().out) == ["latest", "news"]
    assert main(["get", str(post), "featured"]) == 0
    assert capsys.readouterr().out == "true\n"


def test_get_missing_key_exits_1(post, capsys):
    assert main(["get", str(post), "nope"]) == 1
    assert "no field 'nope'" in capsys.readouterr().err


def test_set_parses_yaml_values_and_changes_only_those_lines(post):
    assert main(["set", str(post), "featured=false", "categories=[latest, news, world]"]) == 0
    assert post.read_text() == POST.replace("featured: true", "featured: false").replace(
        "[latest, news]", "[latest, news, world]"
    )


def test_set_string_flag_keeps_text(post):
    assert main(["set", str(post), "--string", "title=true"]) == 0
    assert "title: 'true' \n" in post.read_text() or 'title: "true" \n' in post.read_text()


def test_set_dry_run_prints_diff_and_writes_nothing(post, capsys):
    assert main(["set", "--dry-run", str(post), "title=Changed"]) == 0
    out = capsys.readouterr().out
    assert "-title: Hello \n" in out and "+title: Changed \n" in out
    assert post.read_text() == POST


def test_set_folder_with_where_filter(tmp_path):
    (tmp_path / "a.md").write_text("---\ncategories: [news]\nfeatured: true\n---\n")
    (tmp_path / "b.md").write_text("---\ncategories: [sport]\nfeatured: true\n---\n")
    assert main(["set", str(tmp_path), "--where", "categories=news", "featured=false"]) == 0
    assert "featured: false" in (tmp_path / "a.md").read_text()
    assert "featured: true" in (tmp_path / "b.md").read_text()


def test_set_on_broken_file_reports_and_leaves_it(tmp_path, capsys):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [x\n---\n")
    assert main(["set", str(bad), "title=y"]) == 1
    assert "bad.md:" in capsys.readouterr().err
    assert bad.read_text() == "---\ntitle: [x\n---\n"


def test_check_reports_path_line_level_and_exit_code(tmp_path, capsys):
    (tmp_path / "good.md").write_text("---\ntitle: fine\n---\n")
    (tmp_path / "bad.md").write_text("---\ntitle: fine\n\tdate: x\n---\n")
    assert main(["check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'bad.md'}:3: error:" in out
    assert "1 error" in out


def test_check_clean_file_exits_0(post):
    assert main(["check", str(post)]) == 0


def test_hostile_files_never_print_a_traceback(tmp_path):
    """check and set on binary, non-UTF-8 and tagged files print one-line errors."""
    (tmp_path / "bin.md").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin.md").write_bytes("---\nt: caf\xe9\n---\n".encode("latin-1"))
    (tmp_path / "tag.md").write_text(
        "---\nx: !!python/object/apply:os.system ['echo pwned']\n---\n"
    )
    for args in (["check", str(tmp_path)], ["set", str(tmp_path / "tag.md"), "a=1"]):
        result = subprocess.run(
            [sys.executable, "-m", "editor", *args], capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr + result.stdout
        assert "pwned" not in result.stdout


def test_help_for_every_command():
    for command in ("get", "set", "check", "fields"):
        with pytest.raises(SystemExit) as info:
            main([command, "--help"])
        assert info.value.code == 0


def test_set_where_takes_the_filter_language(tmp_path):
    (tmp_path / "old.md").write_text("---\ndate: 2019-05-01\ntags: [a]\n---\n")
    (tmp_path / "new.md").write_text("---\ndate: 2021-05-01\ntags: [a]\n---\n")
    (tmp_path / "other.md").write_text("---\ndate: 2021-06-01\ntags: [b]\n---\n")
    assert main(["set", str(tmp_path), "--where", "date:>=2020", "--where", "tags:a", "x=1"]) == 0
    assert "x: 1" in (tmp_path / "new.md").read_text()
    assert "x: 1" not in (tmp_path / "old.md").read_text()
    assert "x: 1" not in (tmp_path / "other.md").read_text()


def test_set_several_fields_is_one_plan_and_one_diff(post, capsys):
    assert main(["set", "--dry-run", str(post), "featured=false", "title=New"]) == 0
    out = capsys.readouterr().out
    assert out.count("--- a/") == 1 and "+featured: false \n" in out and "+title: New \n" in out


def test_set_values_are_parsed_with_the_front_matter_guards(post, capsys):
    bomb = (
        "[&a [x, x, x, x, x, x, x, x, x, x], "
        + ", ".join(
            f"&{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]"
            for p, n in zip("abcdef", "bcdefg", strict=True)
        )
        + "]"
    )
    assert main(["set", str(post), f"x={bomb}"]) == 2
    assert "alias bomb" in capsys.readouterr().err
    assert main(["set", str(post), "x={a: 1, a: 2}"]) == 2
    assert "duplicate key" in capsys.readouterr().err
    assert post.read_text() == POST


# ---- render (issue 13) -------------------------------------------------------------------


def test_render_detects_the_sites_dialect(tmp_path, capsys):
    (tmp_path / "hugo.toml").write_text('baseURL = "/"\n')
    post = tmp_path / "content" / "p.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: x\n---\nCyclists can use:\n- the ferry\n\n<b>x</b>\n")
    assert main(["render", str(post)]) == 0
    assert capsys.readouterr().out == (
        "<p>Cyclists can use:</p>\n<ul>\n<li>the ferry</li>\n</ul>\n"
        "<p><!-- raw HTML omitted -->x<!-- raw HTML omitted --></p>\n"
    )
    assert main(["render", str(post), "--dialect", "eleventy"]) == 0
    assert "<p><b>x</b></p>" in capsys.readouterr().out


def test_render_a_zola_post_with_pulldown_cmark_and_zolas_settings(tmp_path, capsys):
    (tmp_path / "config.toml").write_text(
        'base_url = "https://x.org"\n[markdown]\nsmart_punctuation = true\n'
    )
    post = tmp_path / "content" / "p.md"
    post.parent.mkdir()
    post.write_text(
        '+++\ntitle = "x"\n+++\n# It\'s "here"\n\n{{ youtube(id="a") }}\n\na[^1]\n\n[^1]: n\n'
    )
    assert main(["render", str(post)]) == 0
    assert capsys.readouterr().out == (
        '<h1 id="it-s-here">It\u2019s \u201chere\u201d</h1>\n'
        '<span class="mh-template">shortcode: youtube</span>\n'
        '<p>a<sup class="footnote-reference"><a href="#1">1</a></sup></p>\n'
        '<div class="footnote-definition" id="1"><sup class="footnote-definition-label">1</sup>\n'
        "<p>n</p>\n</div>\n"
    )


def test_render_dialect_list_and_unknown_names(post, capsys):
    assert main(["render", "--dialect", "list"]) == 0
    out = capsys.readouterr().out
    assert "hugo        Hugo (Goldmark)" in out and "jigsaw" in out
    assert main(["render", str(post), "--dialect", "nope"]) == 1
    assert "unknown dialect 'nope'" in capsys.readouterr().err


def test_render_exits_1_on_a_post_that_will_not_parse(tmp_path, capsys):
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: [unclosed\n---\nBody\n")
    assert main(["render", str(broken)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"masthead: {broken}:") and "YAML" in err
