"""Desktop integration: the shipped files, and desktop-install / desktop-uninstall."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from editor.cli import main
from editor.core.platform import desktop_install
from editor.core.platform.desktop_install import APP_ID

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read_string(path.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


@pytest.fixture
def data_home(tmp_path, monkeypatch):
    home = tmp_path / "xdg data"  # a space, so Exec quoting is exercised too
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


@pytest.fixture
def launcher(tmp_path, monkeypatch):
    """A masthead script at an absolute path, as pip or pipx installs it."""
    script = tmp_path / "bin dir" / "masthead"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr("sys.argv", [str(script)])
    return script


def test_shipped_files_cover_every_icon_size_and_the_svg():
    files = desktop_install.shipped_files()
    for size in SIZES:
        png = files[f"icons/hicolor/{size}x{size}/apps/{APP_ID}.png"]
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = (
            int.from_bytes(png.read_bytes()[16:20]),
            int.from_bytes(png.read_bytes()[20:24]),
        )
        assert (width, height) == (size, size)
    assert f"icons/hicolor/scalable/apps/{APP_ID}.svg" in files


def test_shipped_desktop_entry_has_the_keys_the_issue_asks_for():
    entry = read_entry(desktop_install.shipped_files()[f"applications/{APP_ID}.desktop"])
    assert entry["Exec"] == "masthead %F"
    assert entry["Icon"] == APP_ID
    assert {"text/markdown", "text/x-markdown", "text/mdx"} <= set(
        entry["MimeType"].rstrip(";").split(";")
    )
    assert {"Office", "WordProcessor"} <= set(entry["Categories"].rstrip(";").split(";"))


def test_mime_package_claims_mdx_above_the_default_glob_weight():
    source = desktop_install.shipped_files()[f"mime/packages/{APP_ID}.xml"]
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mime = ET.parse(source).getroot().find("m:mime-type", ns)
    assert mime.get("type") == "text/mdx"
    glob = mime.find("m:glob", ns)
    # shared-mime-info's *.mdx (a Sega 32X ROM) has the default weight, 50.
    assert glob.get("pattern") == "*.mdx" and int(glob.get("weight")) > 50
    assert mime.find("m:sub-class-of", ns).get("type") == "text/markdown"


def test_metainfo_names_the_desktop_entry_and_has_screenshots_releases_rating():
    root = ET.parse(desktop_install.shipped_files()[f"metainfo/{APP_ID}.metainfo.xml"]).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findall("screenshots/screenshot/image")
    assert root.find("releases/release").get("version")
    assert root.find("content_rating") is not None


@pytest.mark.parametrize(
    ("argument", "expected"),
    [
        ("/usr/bin/masthead", "/usr/bin/masthead"),
        ("/home/a b/masthead", '"/home/a b/masthead"'),
        ("/opt/100%/m", "/opt/100%%/m"),
        ('/x/"q"$', '"/x/\\\\"q\\\\"\\\\$"'),
    ],
)
def test_exec_arguments_are_quoted_as_the_spec_says(argument, expected):
    assert desktop_install.quote_exec_argument(argument) == expected


def test_launch_command_is_the_absolute_script_or_python_m_editor(launcher, tmp_path):
    assert desktop_install.launch_command(str(launcher)) == [str(launcher)]
    other = desktop_install.launch_command(str(tmp_path / "pytest"))
    assert other[1:] == ["-m", "editor"] and Path(other[0]).is_absolute()


def test_user_install_writes_every_file_with_an_absolute_exec(data_home, launcher, capsys):
    assert main(["desktop-install", "--user"]) == 0
    out = capsys.readouterr().out
    assert f"into {data_home}" in out
    entry = read_entry(data_home / "applications" / f"{APP_ID}.desktop")
    assert entry["Exec"] == f'"{launcher}" %F'
    assert entry["TryExec"] == str(launcher)
    for relative in desktop_install.shipped_files():
        assert (data_home / relative).is_file(), relative
    assert (data_home / "icons/hicolor/512x512/apps" / f"{APP_ID}.png").is_file()


def test_installed_entry_validates(data_home, launcher):
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    desktop_install.install(data_home)
    proc = subprocess.run(
        [validator, str(data_home / "applications" / f"{APP_ID}.desktop")],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_mime_database_types_mdx_as_mdx_after_install(data_home, launcher):
    if shutil.which("update-mime-database") is None:
        pytest.skip("update-mime-database is not installed (Debian: shared-mime-info)")
    report = desktop_install.install(data_home)
    assert "update-mime-database" in report.ran
    globs = (data_home / "mime" / "globs2").read_text()
    assert "80:text/mdx:*.mdx" in globs.splitlines()


def test_caches_are_refreshed_where_the_tools_exist_and_missing_ones_reported(
    data_home, launcher, tmp_path
):
    calls = tmp_path / "calls"
    tool = tmp_path / "update-desktop-database"
    tool.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{calls}'\n")
    tool.chmod(0o755)

    def which(name):
        return str(tool) if name == "update-desktop-database" else None

    report = desktop_install.install(data_home, which=which)
    assert report.ran == ["update-desktop-database"]
    # No index.theme in the user's hicolor folder: no icon cache is wanted there.
    assert report.missing == ["update-mime-database"]
    assert calls.read_text().splitlines() == ["-q", str(data_home / "applications")]


def test_an_icon_theme_with_an_index_gets_its_cache_refreshed(data_home, launcher, tmp_path):
    hicolor = data_home / "icons" / "hicolor"
    hicolor.mkdir(parents=True)
    (hicolor / "index.theme").write_text("[Icon Theme]\nName=Hicolor\nDirectories=\n")
    calls = tmp_path / "calls"
    tool = tmp_path / "gtk-update-icon-cache"
    tool.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{calls}'\n")
    tool.chmod(0o755)

    report = desktop_install.install(
        data_home, which=lambda name: str(tool) if name == tool.name else None
    )
    assert report.ran == ["gtk-update-icon-cache"]
    assert calls.read_text().splitlines() == ["-q", "-f", str(hicolor)]


def test_a_failing_cache_tool_is_reported_and_the_command_exits_1(
    data_home, launcher, tmp_path, monkeypatch, capsys
):
    tool = tmp_path / "fails"
    tool.write_text("#!/bin/sh\necho broken >&2\nexit 3\n")
    tool.chmod(0o755)
    monkeypatch.setattr(desktop_install.shutil, "which", lambda name: str(tool))
    assert main(["desktop-install", "--user"]) == 1
    err = capsys.readouterr().err
    assert "update-desktop-database: exit 3" in err
    assert (data_home / "applications" / f"{APP_ID}.desktop").is_file()


def test_uninstall_removes_exactly_what_install_wrote(data_home, launcher, capsys):
    keep = data_home / "applications" / "other.desktop"
    keep.parent.mkdir(parents=True)
    keep.write_text("[Desktop Entry]\n")
    report = desktop_install.install(data_home)
    assert main(["desktop-uninstall", "--user"]) == 0
    assert f"removed {len(report.files)} files" in capsys.readouterr().out
    assert not any(path.exists() for path in report.files)
    assert keep.exists()
    assert main(["desktop-uninstall", "--user"]) == 0  # nothing left: still fine
    assert "removed 0 files" in capsys.readouterr().out


def test_system_install_goes_under_the_prefix(tmp_path, launcher):
    prefix = tmp_path / "prefix"
    assert main(["desktop-install", "--prefix", str(prefix)]) == 0
    assert (prefix / "share" / "applications" / f"{APP_ID}.desktop").is_file()
    assert main(["desktop-uninstall", "--prefix", str(prefix)]) == 0
    assert not (prefix / "share" / "applications" / f"{APP_ID}.desktop").exists()


def test_unwritable_target_is_one_line_not_a_traceback(tmp_path, launcher, capsys):
    prefix = tmp_path / "prefix"
    prefix.mkdir()
    (prefix / "share").write_text("a file where a folder should be")  # fails even as root
    assert main(["desktop-install", "--prefix", str(prefix)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("masthead: ") and len(err.splitlines()) == 1
