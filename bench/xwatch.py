"""Time desktop programs to their first window on a virtual X screen, the same way for all.

Masthead, ghostwriter and ReText are compared from outside: each is started as a fresh
process on an Xvfb screen and the clock stops when the X server maps its first
top-level window (a ``MapNotify`` on the root window, override-redirect popups
ignored), which is when a window appears on a user's screen. The watcher is a tiny
Xlib client through ctypes (libX11 is there wherever Qt's xcb platform is), so it
waits on the server's events instead of polling, and costs the programs under test
no CPU. Nothing here imports Qt.

Memory is the sum of PSS (``/proc/PID/smaps_rollup``) over the program's process tree:
QtWebEngine helpers and worker processes included.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

MAP_NOTIFY = 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19


class _MapEvent(ctypes.Structure):  # XMapEvent
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _Event(ctypes.Union):  # XEvent: 24 longs
    _fields_ = [("type", ctypes.c_int), ("xmap", _MapEvent), ("pad", ctypes.c_long * 24)]


class XUnavailable(RuntimeError):
    """No Xvfb or no libX11 here: the scenario is skipped with this reason."""


class VirtualScreen:
    """An Xvfb screen and a connection to it watching its top-level windows."""

    def __init__(self, size: str = "1280x800x24") -> None:
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            raise XUnavailable("Xvfb is not installed (Debian: xvfb)")
        name = ctypes.util.find_library("X11")
        if name is None:
            raise XUnavailable("libX11 is not installed (Debian: libx11-6)")
        self._x = ctypes.CDLL(name)
        self._x.XOpenDisplay.restype = ctypes.c_void_p
        self._x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        self._x.XPending.argtypes = [ctypes.c_void_p]
        self._x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_Event)]
        self._x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        self._x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._x.XFlush.argtypes = [ctypes.c_void_p]
        read_fd, write_fd = os.pipe()
        # -displayfd: Xvfb picks a free display number and writes it once it is ready.
        self._proc = subprocess.Popen(
            [xvfb, "-displayfd", str(write_fd), "-screen", "0", size, "-nolisten", "tcp"],
            pass_fds=(write_fd,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as pipe:
            number = pipe.readline().strip()
        if not number:
            self._proc.kill()
            raise XUnavailable("Xvfb did not start")
        self.display = f":{number}"
        self._dpy = self._x.XOpenDisplay(self.display.encode())
        if not self._dpy:
            self._proc.kill()
            raise XUnavailable(f"cannot connect to Xvfb on {self.display}")
        root = self._x.XDefaultRootWindow(self._dpy)
        self._x.XSelectInput(self._dpy, root, SUBSTRUCTURE_NOTIFY_MASK)
        self._x.XFlush(self._dpy)
        self._fd = self._x.XConnectionNumber(self._dpy)

    def drain(self) -> None:
        """Forget the events so far (windows of an earlier run)."""
        event = _Event()
        while self._x.XPending(self._dpy):
            self._x.XNextEvent(self._dpy, ctypes.byref(event))

    def wait_for_window(self, proc: subprocess.Popen, timeout: float) -> float | None:
        """The monotonic time the first top-level window is mapped; None when proc exits
        first or timeout passes."""
        import select

        event = _Event()
        deadline = time.monotonic() + timeout
        while True:
            while self._x.XPending(self._dpy):
                self._x.XNextEvent(self._dpy, ctypes.byref(event))
                if event.type == MAP_NOTIFY and not event.xmap.override_redirect:
                    return time.monotonic()
            if proc.poll() is not None:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            select.select([self._fd], [], [], min(left, 0.05))

    def close(self) -> None:
        if self._dpy:
            self._x.XCloseDisplay(self._dpy)
            self._dpy = None
        self._proc.terminate()
        try:
            self._proc.wait(10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()

    def __enter__(self) -> VirtualScreen:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass
class Launch:
    """One run of a program: when it was started and when its window appeared."""

    started: float
    shown: float | None
    pss_mib: float | None = None
    processes: int = 0
    error: str = ""

    @property
    def seconds(self) -> float | None:
        return None if self.shown is None else self.shown - self.started


def process_tree(pid: int) -> list[int]:
    """pid and every descendant of it still running."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def pss_mib(pids: Sequence[int]) -> float:
    """The sum of the processes' PSS in MiB (processes gone meanwhile count nothing)."""
    total_kib = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total_kib += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kib / 1024


def launch(
    screen: VirtualScreen,
    command: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    cwd: str | os.PathLike | None = None,
    timeout: float = 60,
    settle: float | None = None,
) -> Launch:
    """Start command on screen with a fresh home and XDG folders, time it to its first
    window, and with ``settle`` seconds also measure the process tree's PSS that long
    after the window appeared; then stop the program and everything it started."""
    with tempfile.TemporaryDirectory(prefix="bench-xhome-") as home:
        child_env = {
            key: value
            for key, value in (env or os.environ).items()
            if key not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
        }
        child_env["DISPLAY"] = screen.display
        child_env["HOME"] = home
        for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
            Path(home, var.lower()).mkdir()
            child_env[var] = str(Path(home, var.lower()))
        child_env["XDG_RUNTIME_DIR"] = home
        log = Path(home, "stderr.log")
        screen.drain()
        with open(log, "wb") as stderr:
            started = time.monotonic()
            proc = subprocess.Popen(
                list(command),
                env=child_env,
                cwd=cwd,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        result = Launch(started, None)
        try:
            result.shown = screen.wait_for_window(proc, timeout)
            if result.shown is None:
                result.error = _why(proc, timeout, log)
            elif settle is not None:
                time.sleep(settle)
                tree = process_tree(proc.pid)
                result.processes = len(tree)
                result.pss_mib = pss_mib(tree)
        finally:
            _stop(proc)
        return result


def _why(proc: subprocess.Popen, timeout: float, log: Path) -> str:
    if proc.poll() is None:
        return f"no window within {timeout:.0f} s"
    _stop(proc)
    tail = log.read_text("utf-8", "replace").strip().splitlines()[-3:]
    return f"exited {proc.returncode} before a window: " + " | ".join(tail)


def _stop(proc: subprocess.Popen) -> None:
    """Stop the program's whole session (its helper processes too)."""
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue
    # Helpers still running in the session after the leader exited.
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
