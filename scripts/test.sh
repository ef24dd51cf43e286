#!/usr/bin/env bash
# Run the test suite headless: `bash scripts/test.sh [pytest args...]`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Offscreen widgets; QtWebEngine refuses to start as root without this, silently under pytest.
export QT_QPA_PLATFORM=offscreen
export QTWEBENGINE_DISABLE_SANDBOX=1

exec .venv/bin/python -m pytest "$@"
