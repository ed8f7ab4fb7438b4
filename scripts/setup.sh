#!/usr/bin/env bash
# Install what wikitrack needs on Debian 12 with Python 3.11 (run as root): MediaWiki and PHP for
# the sandbox wiki, then a virtual environment in .venv with wikitrack and its test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml python3-venv chromium chromium-driver)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
# Exactly the locked versions, each checked against its sha256 (refresh: bash scripts/lock.sh).
.venv/bin/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
.venv/bin/pip install -q --disable-pip-version-check --no-deps -e .
