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
