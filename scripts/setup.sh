#!/usr/bin/env bash
# Set up everything Masthead needs to run and to be tested, and nothing more.
#
# Idempotent: a second run checks what is there and finishes in about a second.
#   1. Debian packages Qt 6 and QtWebEngine need (offscreen and on X/Xvfb), fonts,
#      the virtual-screen tools used for screenshots (xvfb xauth xdotool imagemagick), and
#      the desktop-file tools .ci/run validates with (desktop-file-utils appstream),
#      and libenchant-2 with the en-US and en-GB hunspell dictionaries for spell checking.
#      apt-get runs only when something is missing (checked with dpkg-query).
#   2. .venv made with the python3 on PATH (3.11 or newer), and `pip install -e '.[test]'`.
#      pip runs again only when pyproject.toml changed since the last successful install.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$(pwd)"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# From docs/qt-headless-notes (found by ldd on the Qt libraries, checked in a clean chroot).
QT_OFFSCREEN_PACKAGES=(
    libasound2 libbrotli1 libdbus-1-3 libdrm2 libegl1 libfontconfig1 libfreetype6 libgbm1
    libgl1 libglib2.0-0 libnspr4 libnss3 libx11-6 libxcb1 libxcb-dri3-0 libxcomposite1
    libxdamage1 libxext6 libxfixes3 libxkbcommon0 libxkbfile1 libxrandr2 libxtst6
)
QT_XCB_PACKAGES=(
    libx11-xcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
    libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1
    libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0
)
EXTRA_PACKAGES=(fonts-dejavu-core xvfb xauth xdotool imagemagick desktop-file-utils appstream)
# Spell checking: pyenchant loads the system's libenchant-2, with Debian's hunspell dictionaries.
SPELLING_PACKAGES=(libenchant-2-2 hunspell-en-us hunspell-en-gb)

missing_debian_packages() {
    local pkg status
    for pkg in "$@"; do
        status="$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == ii* ]] || printf '%s\n' "$pkg"
    done
}

install_debian_packages() {
    if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
        say "not a Debian-like system (no dpkg-query/apt-get): skipping system packages."
        say "  Qt needs the equivalents of: ${QT_OFFSCREEN_PACKAGES[*]} ${QT_XCB_PACKAGES[*]}"
        return
    fi
    local wanted=("${QT_OFFSCREEN_PACKAGES[@]}" "${QT_XCB_PACKAGES[@]}" "${EXTRA_PACKAGES[@]}"
        "${SPELLING_PACKAGES[@]}")
    if [[ "${NEED_VENV_PACKAGE:-}" ]]; then
        wanted+=("$NEED_VENV_PACKAGE")
    fi
    local missing
    mapfile -t missing < <(missing_debian_packages "${wanted[@]}")
    if ((${#missing[@]} == 0)); then
        say "system packages: all ${#wanted[@]} already installed (apt skipped)."
        return
    fi
    local sudo=()
    if ((EUID != 0)); then
        command -v sudo >/dev/null || die "not root and no sudo; install as root: apt-get install ${missing[*]}"
        sudo=(sudo)
    fi
    say "system packages: installing ${#missing[@]} missing: ${missing[*]}"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    say "system packages: installed ${missing[*]}"
}

check_python() {
    PYTHON="$(command -v python3 || true)"
    [[ -n "$PYTHON" ]] || die "no python3 on PATH; Masthead needs Python 3.11 or newer."
    local version
    version="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        die "python3 on PATH ($PYTHON) is $version; Masthead needs Python 3.11 or newer. Put a newer python3 first on PATH and run again."
    fi
    say "python: $PYTHON ($version)"
    # Debian's own python3 ships venv/ensurepip in a separate package.
    if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
        NEED_VENV_PACKAGE="python3-venv"
        if [[ "$version" != 3.11 ]]; then
            NEED_VENV_PACKAGE="python${version}-venv"
        fi
    fi
}

venv_is_usable() {
    [[ -x .venv/bin/python ]] &&
        .venv/bin/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

make_venv() {
    local stamp=.venv/.masthead-setup-stamp
    local want
    want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if venv_is_usable; then
        if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x .venv/bin/masthead ]]; then
            say "venv: .venv up to date with pyproject.toml (pip skipped)."
            return
        fi
        say "venv: reusing .venv ($(.venv/bin/python --version))"
    else
        if [[ -e .venv ]]; then
            say "venv: .venv is broken or too old; recreating it."
            rm -rf .venv
        fi
        "$PYTHON" -m venv .venv
        say "venv: created .venv with $PYTHON"
    fi
    say "venv: pip install -e '.[test]' (this takes a while the first time)"
    local log=.venv/pip-install.log
    if ! {
        .venv/bin/python -m pip install --disable-pip-version-check -e '.[test]'
    } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "pip install failed; the full log is $REPO/$log"
    fi
    printf '%s\n' "$want" >"$stamp"
    say "venv: installed masthead and its test tools into .venv"
}

check_python
install_debian_packages
make_venv
say "done in $REPO: run '.venv/bin/masthead <post.md>' or 'bash scripts/test.sh'."
