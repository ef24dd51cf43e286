"""Install Masthead into a Linux desktop: launcher entry, icons, AppStream data, MIME type.

The files ship as package data under ``resources/desktop`` and ``resources/icons``;
:func:`install` copies them into a data folder laid out as ``$XDG_DATA_HOME`` (the
user's, by default ``~/.local/share``) or a system prefix's ``share`` folder
(``/usr/local/share``):

- ``applications/io.github.masthead.Masthead.desktop``, its ``Exec`` and ``TryExec``
  rewritten to the absolute command that runs this installation;
- ``metainfo/io.github.masthead.Masthead.metainfo.xml`` (AppStream);
- ``mime/packages/io.github.masthead.Masthead.xml``, which types ``*.mdx`` as
  ``text/mdx`` (Markdown (MDX)) with a higher glob weight than shared-mime-info's
  Sega 32X ROM;
- ``icons/hicolor/<N>x<N>/apps/io.github.masthead.Masthead.png`` (16 to 512 px) and
  ``icons/hicolor/scalable/apps/io.github.masthead.Masthead.svg``.

Then the desktop's caches are refreshed with ``update-desktop-database``,
``update-mime-database`` and, for a theme folder that has an ``index.theme`` (a system
prefix's), ``gtk-update-icon-cache``, where those tools are installed (a missing one is
logged and reported, never an error). :func:`uninstall` removes the
same files and refreshes the caches again. Never imports Qt.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from editor import APP_ID  # the app's one id (editor/__init__.py), used here too
from editor.core.platform.resources import resources_dir

log = logging.getLogger(__name__)

DEFAULT_SYSTEM_PREFIX = Path("/usr/local")
# Characters that make a desktop-entry Exec argument need double quotes (the spec's
# reserved characters), and the ones that must be backslash-escaped inside them.
_EXEC_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")
_EXEC_ESCAPED = set('"`$\\')


class DesktopInstallError(Exception):
    """A problem the user can act on, reported in one line."""


@dataclass
class Report:
    """What install or uninstall did: the data folder, the files, the cache tools."""

    data_home: Path
    files: list[Path] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)  # cache tools that ran
    missing: list[str] = field(default_factory=list)  # cache tools not installed
    failed: list[str] = field(default_factory=list)  # cache tools that failed, with why


def user_data_home() -> Path:
    """``$XDG_DATA_HOME`` when set to an absolute path, else ``~/.local/share``."""
    value = os.environ.get("XDG_DATA_HOME", "").strip()
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def system_data_home(prefix: str | os.PathLike | None = None) -> Path:
    """``PREFIX/share``; the prefix defaults to ``/usr/local``."""
    return Path(prefix or DEFAULT_SYSTEM_PREFIX) / "share"


def shipped_files() -> dict[str, Path]:
    """Each file to install, by its path relative to the data folder, and its source."""
    resources = resources_dir()
    desktop = resources / "desktop"
    files = {
        f"applications/{APP_ID}.desktop": desktop / f"{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml": desktop / f"{APP_ID}.metainfo.xml",
        f"mime/packages/{APP_ID}.xml": desktop / f"{APP_ID}.mime.xml",
    }
    hicolor = resources / "icons" / "hicolor"
    for icon in sorted(hicolor.glob(f"*/apps/{APP_ID}.*")):
        files[icon.relative_to(resources).as_posix()] = icon
    missing = [str(source) for source in files.values() if not source.is_file()]
    if missing or not any(name.startswith("icons/") for name in files):
        raise DesktopInstallError(
            "this installation lacks its desktop files: " + (", ".join(missing) or "icons")
        )
    return files


def quote_exec_argument(argument: str) -> str:
    """One argument of a desktop entry's ``Exec`` key, quoted as the spec requires."""
    if argument and not (set(argument) & _EXEC_RESERVED):
        quoted = argument
    else:
        inner = "".join("\\" + c if c in _EXEC_ESCAPED else c for c in argument)
        quoted = f'"{inner}"'
    # A literal percent sign is written %%; the key is then a desktop-entry string, in
    # which a backslash is written \\ (so a quoted backslash becomes four).
    return quoted.replace("%", "%%").replace("\\", "\\\\")


def exec_line(command: Sequence[str]) -> str:
    """The ``Exec`` value that runs command with the files to open."""
    return " ".join(quote_exec_argument(arg) for arg in command) + " %F"


def launch_command(argv0: str | None = None) -> list[str]:
    """The absolute command that starts this installation's window.

    The ``masthead`` script this process was started as (its absolute path, not
    resolved, so a pipx link stays valid across upgrades); otherwise, as under
    ``python -m editor``, this interpreter with ``-m editor``.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    script = Path(argv0)
    if script.name.startswith("masthead") and script.suffix in ("", ".exe") and script.is_file():
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "editor"]


def desktop_entry(source: str, command: Sequence[str]) -> str:
    """The shipped desktop entry with ``Exec`` and ``TryExec`` set to command."""
    lines = []
    for line in source.splitlines():
        if line.startswith("Exec="):
            lines.append("Exec=" + exec_line(command))
            lines.append("TryExec=" + command[0].replace("\\", "\\\\"))
        elif not line.startswith("TryExec="):
            lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh_caches(data_home: Path, report: Report, which: Callable[[str], str | None]) -> None:
    hicolor = data_home / "icons" / "hicolor"
    tools = [
        ("update-desktop-database", ["-q", str(data_home / "applications")]),
        ("update-mime-database", [str(data_home / "mime")]),
    ]
    # Only a theme folder with an index.theme gets an icon cache (as xdg-icon-resource
    # does): a cache written into a user's bare hicolor folder would hide the icons other
    # programs add there later without refreshing it.
    if (hicolor / "index.theme").is_file():
        tools.append(("gtk-update-icon-cache", ["-q", "-f", str(hicolor)]))
    import subprocess  # here: the window imports this module for APP_ID at start

    for name, args in tools:
        path = which(name)
        if path is None:
            log.info("%s is not installed; its cache is not refreshed", name)
            report.missing.append(name)
            continue
        try:
            proc = subprocess.run(
                [path, *args], capture_output=True, text=True, timeout=120, check=False
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("%s could not run: %s", name, exc)
            report.failed.append(f"{name}: {exc}")
            continue
        if proc.returncode != 0:
            why = (proc.stderr or proc.stdout).strip().splitlines()
            log.warning("%s exited %s: %s", name, proc.returncode, " | ".join(why[-3:]))
            report.failed.append(f"{name}: exit {proc.returncode}")
        else:
            report.ran.append(name)


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.masthead-tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def install(
    data_home: Path,
    command: Sequence[str] | None = None,
    *,
    which: Callable[[str], str | None] | None = None,
) -> Report:
    """Copy the desktop files into data_home and refresh its caches (the tools found
    with which, by default shutil.which)."""
    command = list(command) if command else launch_command()
    files = shipped_files()
    report = Report(data_home)
    try:
        for relative, source in files.items():
            target = data_home / relative
            data = source.read_bytes()
            if relative.startswith("applications/"):
                data = desktop_entry(data.decode("utf-8"), command).encode("utf-8")
            _write(target, data)
            report.files.append(target)
    except OSError as exc:
        raise DesktopInstallError(_os_problem(exc, data_home)) from None
    _refresh_caches(data_home, report, which or shutil.which)
    return report


def uninstall(data_home: Path, *, which: Callable[[str], str | None] | None = None) -> Report:
    """Remove the files :func:`install` writes from data_home; refresh its caches."""
    report = Report(data_home)
    try:
        names = list(shipped_files())
    except DesktopInstallError:  # a broken installation can still be uninstalled
        log.warning("shipped desktop files missing; removing the known names only")
        names = _known_names()
    try:
        for relative in names:
            target = data_home / relative
            if target.exists():
                target.unlink()
                report.files.append(target)
    except OSError as exc:
        raise DesktopInstallError(_os_problem(exc, data_home)) from None
    if report.files:
        _refresh_caches(data_home, report, which or shutil.which)
    return report


def _known_names() -> list[str]:
    sizes = (16, 22, 24, 32, 48, 64, 128, 256, 512)
    return [
        f"applications/{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml",
        f"mime/packages/{APP_ID}.xml",
        *(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in sizes),
        f"icons/hicolor/scalable/apps/{APP_ID}.svg",
    ]


def _os_problem(exc: OSError, data_home: Path) -> str:
    where = exc.filename or data_home
    if isinstance(exc, PermissionError):
        return f"{where}: permission denied (use --user, or run as root for {data_home})"
    return f"{where}: {exc.strerror or exc}"
