#!/usr/bin/env bash
# Install what the browser tests (tests/e2e, marked `browser`) need on a fresh Debian machine:
# the Debian Chromium package. Playwright for Python (a test dependency) drives it through
# executable_path=/usr/bin/chromium, so no Playwright browser download is needed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
    echo "browser.sh: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
