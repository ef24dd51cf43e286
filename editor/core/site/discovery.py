"""Finding the posts of a site: which files count as posts and which folders to skip.

A post is a file with one of ``editor.core.post.files.POST_SUFFIXES`` (``.md``,
``.markdown``, ``.mdx``, ``.mkd``), or an ``.html`` file that starts with a front
matter delimiter. Folders that hold build output, dependencies or version
control data are skipped (``.git``, ``node_modules``, ``vendor``, ``_site``,
``public``, ``build_*`` and every hidden folder), and so is everything matched by
the site's ``.gitignore`` files, the root one and nested ones, using git's pattern
rules: ``#`` comments, ``!`` negation, a leading or inner ``/`` anchoring the
pattern to the ``.gitignore``'s folder, a trailing ``/`` matching folders only,
``*``, ``?``, ``[...]`` and ``**``. A build folder named in ``masthead.toml``'s
``[site] include`` is looked in after all (see ``build_output``).
"""

from __future__ import annotations

import os
import re
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from editor.core.platform.regular_files import NotRegularFileError, read_head
from editor.core.post.files import HTML_SUFFIXES, OPENERS, POST_SUFFIXES

SKIPPED_DIR_NAMES = frozenset({".git", "node_modules", "vendor", "_site", "public"})
FRONT_MATTER_OPENERS = tuple(opener.encode() for opener in OPENERS)


class DiscoveredFile(NamedTuple):
    """A post file found on disk, with the stat values the cache is keyed on."""

    path: str  # absolute
    rel: str  # posix, relative to the discovery root
    size: int | None  # None when discovered without stat (the reader stats the open file)
    mtime_ns: int | None


@dataclass(frozen=True, slots=True)
class IgnoreRule:
    regex: re.Pattern[str]
    negated: bool
    dir_only: bool
    depth: int | None  # the only path depth (segment count) it can match; None: any


def _translate_glob(pattern: str) -> str:
    """Translate one gitignore glob (no leading '/', no trailing '/') to a regex body."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if pattern.startswith("**", i):
                at_segment_start = i == 0 or pattern[i - 1] == "/"
                after = i + 2
                if at_segment_start and after == n:
                    out.append(".*")
                    i = after
                    continue
                if at_segment_start and pattern.startswith("/", after):
                    out.append("(?:.*/)?")
                    i = after + 1
                    continue
            out.append("[^/]*")
            while i < n and pattern[i] == "*":
                i += 1
            continue
        if c == "?":
            out.append("[^/]")
        elif c == "[":
            end = pattern.find("]", i + 2 if pattern.startswith("[!", i) else i + 1)
            if end == -1:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1 : end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def parse_ignore_line(line: str) -> IgnoreRule | None:
    """One .gitignore line as a rule, or None for blanks and comments."""
    line = line.rstrip("\n").rstrip("\r")
    if not line or line.startswith("#"):
        return None
    # Trailing spaces are ignored unless escaped with a backslash.
    stripped = line.rstrip(" ")
    if stripped.endswith("\\") and len(stripped) < len(line):
        stripped += " "
    line = stripped
    negated = line.startswith("!")
    if negated:
        line = line[1:]
    elif line.startswith("\\!") or line.startswith("\\#"):
        line = line[1:]
    dir_only = line.endswith("/")
    line = line.rstrip("/")
    if not line:
        return None
    anchored = "/" in line
    line = line.lstrip("/")
    body = _translate_glob(line)
    regex = body if anchored else "(?:.*/)?" + body
    # An anchored pattern without "**" matches paths of exactly its own depth, which
    # lets most files skip the regex (folders below a match are never entered).
    depth = line.count("/") + 1 if anchored and "**" not in line else None
    return IgnoreRule(re.compile(regex + r"\Z", re.DOTALL), negated, dir_only, depth)


class IgnoreRules:
    """The rules of one .gitignore file, applying to paths below its folder."""

    def __init__(self, lines: list[str]):
        self.rules = [rule for rule in map(parse_ignore_line, lines) if rule is not None]

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> IgnoreRules:
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                return cls(handle.readlines())
        except OSError:
            return cls([])

    def match(self, rel: str, is_dir: bool) -> bool | None:
        """True if ignored, False if re-included by a negation, None if no rule matched."""
        verdict: bool | None = None
        depth = rel.count("/") + 1
        for rule in self.rules:
            if (rule.dir_only and not is_dir) or (rule.depth is not None and rule.depth != depth):
                continue
            if rule.regex.match(rel):
                verdict = not rule.negated
        return verdict


def is_skipped_dir_name(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_DIR_NAMES or name.startswith("build_")


def html_has_front_matter(path: str | os.PathLike[str]) -> bool:
    """An .html file counts as a post only when its first line is a front matter delimiter."""
    try:
        head = read_head(path, 8)
    except (OSError, NotRegularFileError):
        return False
    head = head.removeprefix(b"\xef\xbb\xbf")
    return any(
        head.startswith(opener) and head[3:4] in (b"\n", b"\r", b" ", b"\t", b"")
        for opener in FRONT_MATTER_OPENERS
    )


def is_post_file(path: str | os.PathLike[str]) -> bool:
    """Whether a single file would be treated as a post (ignoring folder rules)."""
    lower = os.fspath(path).lower()
    if lower.endswith(POST_SUFFIXES):
        return True
    return lower.endswith(HTML_SUFFIXES) and html_has_front_matter(path)


def _ignored(stack: list[tuple[str, IgnoreRules]], rel: str, is_dir: bool) -> bool:
    # Deeper .gitignore files override shallower ones, so the last verdict wins.
    verdict = False
    for base, rules in stack:
        sub = rel[len(base) + 1 :] if base else rel
        result = rules.match(sub, is_dir)
        if result is not None:
            verdict = result
    return verdict


def iter_posts(root: str | os.PathLike[str]) -> Iterator[DiscoveredFile]:
    """Yield every post under root (folder by folder; order within a folder unspecified)."""
    yield from discover_posts(root)


class DiscoveredColumns(NamedTuple):
    """The posts under a root as parallel lists (cheaper to build and compare than tuples)."""

    paths: list[str]
    rels: list[str]
    sizes: list[int | None]
    mtimes: list[int | None]


def encode_stamp(rels: list[str], sizes: list, mtimes: list) -> bytes:
    """Paths, sizes and mtimes of discovered files as bytes: equal files, equal bytes, so
    a whole site is compared at once. Sizes and mtimes must all be known."""
    names = "\0".join(rels).encode("utf-8", "surrogateescape")
    return b"".join(
        [
            len(names).to_bytes(8, "little"),
            names,
            array("q", sizes).tobytes(),
            array("q", mtimes).tobytes(),
        ]
    )


def decode_stamp(data: bytes) -> tuple[list[str], list[int], list[int]] | None:
    """What encode_stamp encoded, or None for anything else."""
    if not isinstance(data, bytes | memoryview) or len(data) < 8:
        return None
    size = int.from_bytes(data[:8], "little")
    if 8 + size > len(data) or (len(data) - 8 - size) % 16:
        return None
    try:
        names = bytes(data[8 : 8 + size]).decode("utf-8", "surrogateescape")
        rels = names.split("\0") if names else []
        numbers = array("q")
        numbers.frombytes(data[8 + size :])
    except (TypeError, ValueError):
        return None
    if len(numbers) != 2 * len(rels):
        return None
    return rels, numbers[: len(rels)].tolist(), numbers[len(rels) :].tolist()


def stat_paths(paths: list[str]) -> tuple[array, array]:
    """(sizes, mtimes) of the files, -1 for any that cannot be stat-ed; each folder's
    files are stat-ed through the folder's descriptor, as discovery does."""
    sizes, mtimes = array("q"), array("q")
    folders: dict[str, int | None] = {}
    stat_file = os.stat
    try:
        for path in paths:
            folder, _, name = path.rpartition(os.sep)
            fd = folders.get(folder, -1)
            if fd == -1:
                try:
                    fd = os.open(folder, _DIR_FLAGS) if _BY_DIR_FD else None
                except OSError:
                    fd = None
                folders[folder] = fd
            try:
                st = stat_file(name, dir_fd=fd) if fd is not None else stat_file(path)
                sizes.append(st.st_size)
                mtimes.append(st.st_mtime_ns)
            except OSError:
                sizes.append(-1)
                mtimes.append(-1)
    finally:
        for fd in folders.values():
            if fd is not None:
                os.close(fd)
    return sizes, mtimes


def discover_posts(root: str | os.PathLike[str], stat: bool = True) -> list[DiscoveredFile]:
    """Every post under root, following the rules in the module docstring.

    Without ``stat``, size and mtime_ns are None: a first open, with nothing cached to
    compare them with, lets the parser take them from the file it opens instead.
    """
    columns = discover_columns(root, stat)
    return list(map(DiscoveredFile._make, zip(*columns, strict=True)))


def discover_columns(root: str | os.PathLike[str], stat: bool = True) -> DiscoveredColumns:
    """discover_posts as columns, in the same order."""
    from editor.core.site.build_output import included_folders

    out = DiscoveredColumns([], [], [], [])
    _walk(os.path.abspath(os.fspath(root)), "", [], out, stat, included_folders(root))
    return out


def _may_ignore_files(stack: list[tuple[str, IgnoreRules]], rel_folder: str) -> bool:
    """Whether any rule could match a file directly in rel_folder (depth-limited rules
    of another depth cannot), so most folders skip the per-file check."""
    for base, rules in stack:
        sub = rel_folder[len(base) + 1 :] if base else rel_folder
        depth = (sub.count("/") + 2) if sub else 1
        for rule in rules.rules:
            if not rule.dir_only and (rule.depth is None or rule.depth == depth):
                return True
    return False


_BY_DIR_FD = os.stat in os.supports_dir_fd and os.scandir in os.supports_fd
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _walk(
    folder: str,
    rel_folder: str,
    stack: list[tuple[str, IgnoreRules]],
    out: DiscoveredColumns,
    stat: bool = True,
    include: frozenset[str] = frozenset(),
) -> None:
    gitignore = os.path.join(folder, ".gitignore")
    if os.path.isfile(gitignore):
        rules = IgnoreRules.from_file(gitignore)
        if rules.rules:
            stack = [*stack, (rel_folder, rules)]
    # Listing and stat-ing through the folder's descriptor spares the kernel walking the
    # whole path again for every file.
    fd = None
    try:
        if _BY_DIR_FD:
            fd = os.open(folder, _DIR_FLAGS)
            with os.scandir(fd) as it:
                entries = list(it)
        else:
            with os.scandir(folder) as it:
                entries = list(it)
    except OSError:
        if fd is not None:
            os.close(fd)
        return
    try:
        _walk_entries(folder, rel_folder, stack, out, stat, entries, fd, include)
    finally:
        if fd is not None:
            os.close(fd)


def _walk_entries(folder, rel_folder, stack, out, stat, entries, fd, include=frozenset()) -> None:
    prefix = rel_folder + "/" if rel_folder else ""
    folder_prefix = os.path.join(folder, "")
    check_files = bool(stack) and _may_ignore_files(stack, rel_folder)
    subfolders = []
    paths, rels, sizes, mtimes = out
    stat_file = os.stat
    for entry in entries:
        name = entry.name
        if name[0] == ".":
            continue
        try:
            # Symlinked folders are not followed: they can loop or leave the site.
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            continue
        if is_dir:
            if (not is_skipped_dir_name(name) or (include and prefix + name in include)) and not (
                stack and _ignored(stack, prefix + name, True)
            ):
                subfolders.append(name)
            continue
        lower = name.lower()
        if not lower.endswith(POST_SUFFIXES) and not (
            lower.endswith(HTML_SUFFIXES) and html_has_front_matter(folder_prefix + name)
        ):
            continue
        rel = prefix + name
        if check_files and _ignored(stack, rel, False):
            continue
        if stat:
            try:
                st = stat_file(name, dir_fd=fd) if fd is not None else entry.stat()
            except OSError:
                continue  # vanished since the folder was listed
            sizes.append(st.st_size)
            mtimes.append(st.st_mtime_ns)
        elif entry.is_symlink() and not os.path.exists(folder_prefix + name):
            continue  # a dangling link, skipped as a failed stat skips it
        else:
            sizes.append(None)
            mtimes.append(None)
        paths.append(folder_prefix + name)
        rels.append(rel)
    for name in subfolders:
        _walk(folder_prefix + name, prefix + name, stack, out, stat, include)
