#!/usr/bin/env bash
# Installs Chromium (Debian package) for the client tests' headless browser when the machine has none.
# Without `apt-get update` first when the package lists already know it; with it otherwise.
# Called from .ci/run before the client tests; also runs alone: .ci/ensure-chromium.sh
set -euo pipefail

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ -n "${CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1; then
    exit 0
fi
echo "== installing chromium (Debian package)"
if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium; then
    echo "   not in the package lists: apt-get update, then again"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium
fi
