#!/usr/bin/env bash
# Check Masthead as users install it: `bash scripts/check_install.sh desktop|wheel`.
#
#   desktop  validate the shipped desktop entry and AppStream metainfo with Debian's
#            desktop-file-validate and appstreamcli (packages desktop-file-utils, appstream;
#            scripts/setup.sh installs them).
#   wheel    build the wheel, install it (not editable) into a fresh virtual environment
#            outside the checkout, and run from there: `masthead --version`,
#            `masthead check examples/news-site`, the window offscreen on an example post
#            for a second (--quit-after), and `masthead desktop-install --user` into a
#            scratch $XDG_DATA_HOME whose files are validated too. A module or resource
#            missing from the wheel fails here.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
REPO="$(pwd)"
APP_ID=io.github.masthead.Masthead

say() { printf 'check_install: %s\n' "$*"; }

validate() {  # validate DESKTOP_FILE METAINFO_FILE
    command -v desktop-file-validate >/dev/null || { say "desktop-file-validate missing (Debian: desktop-file-utils)"; return 1; }
    command -v appstreamcli >/dev/null || { say "appstreamcli missing (Debian: appstream)"; return 1; }
    local out
    # desktop-file-validate exits 0 on hints and warnings: any output is a failure here.
    out="$(desktop-file-validate "$1" 2>&1)" || { printf '%s\n' "$out"; return 1; }
    if [[ -n "$out" ]]; then
        printf '%s\n' "$out"
        return 1
    fi
    say "desktop-file-validate: $1 ok"
    appstreamcli validate --no-net "$2"
}

check_desktop() {
    validate "resources/desktop/$APP_ID.desktop" "resources/desktop/$APP_ID.metainfo.xml"
}

check_wheel() {
    local scratch
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' RETURN
    say "building the wheel"
    .venv/bin/python -m pip wheel --quiet --no-deps --wheel-dir "$scratch/dist" "$REPO"
    local wheel
    wheel="$(ls "$scratch"/dist/masthead-*.whl)"
    say "built $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"
    python3 -m venv "$scratch/venv"
    say "installing it into a fresh venv"
    "$scratch/venv/bin/python" -m pip install --quiet "$wheel"
    [[ -x "$scratch/venv/bin/masthead-gui" ]] || { say "the wheel installs no masthead-gui"; return 1; }
    # Run from outside the checkout, so nothing can be imported from it.
    local post="$scratch/post.md"
    cp "$REPO/examples/news-site/source/_posts/2020-09-30-harbour-ferry-returns.md" "$post"
    cp -r "$REPO/examples/news-site" "$scratch/news-site"
    (
        cd "$scratch"
        export XDG_CONFIG_HOME="$scratch/config" XDG_CACHE_HOME="$scratch/cache" XDG_DATA_HOME="$scratch/data"
        export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1
        masthead="$scratch/venv/bin/masthead"
        location="$("$scratch/venv/bin/python" -c 'import editor; print(editor.__file__)')"
        [[ "$location" == "$scratch/venv/"* ]] || { say "editor imported from $location"; exit 1; }
        "$masthead" --version
        "$masthead" check news-site
        say "the window, offscreen, for a second"
        timeout 120 "$masthead" --quit-after 1000 "$post"
        grep -q "\"$post\"" "$XDG_CONFIG_HOME/masthead/settings.json" ||
            { say "the window did not open the post"; exit 1; }
        "$masthead" desktop-install --user
        validate "$XDG_DATA_HOME/applications/$APP_ID.desktop" "$XDG_DATA_HOME/metainfo/$APP_ID.metainfo.xml"
        "$masthead" desktop-uninstall --user
    )
}

case "${1:-}" in
    desktop) check_desktop ;;
    wheel) check_wheel ;;
    *)
        echo "usage: bash scripts/check_install.sh desktop|wheel" >&2
        exit 2
        ;;
esac
