#!/usr/bin/env bash
# Install what wikitrack needs on Debian 12 with Python 3.11 (run as root): MediaWiki and PHP for
# the sandbox wiki, then a virtual environment in .venv with wikitrack and its test tools.
# --demo leaves out Chromium, which only the browser tests need.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
step() { echo "setup [$1/3] $2" >&2; }
packages=(mediawiki php-cli php-sqlite3 php-intl php-mbstring php-xml python3-venv)
[ "${1:-}" = "--demo" ] || packages+=(chromium chromium-driver)
step 1 "Debian packages: ${packages[*]}"
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]} (apt-get, a few minutes the first time)" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "  all installed" >&2
fi
step 2 "virtual environment .venv"
[ -x .venv/bin/python ] || python3 -m venv .venv
step 3 "Python packages: the locked versions of wikitrack's dependencies and test tools (pip, a minute or two the first time)"
# Exactly the locked versions, each checked against its sha256 (refresh: bash scripts/lock.sh).
.venv/bin/pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
.venv/bin/pip install -q --disable-pip-version-check --no-deps -e .
# pip compiles what it installs, but not an editable install's own modules: compile them once,
# so that a command (cron's included, where PYTHONDONTWRITEBYTECODE may be set) does not compile
# every module it imports again on each run (start-up, benchmarks/bench_startup.py --compile).
.venv/bin/python -m compileall -q wikitrack >/dev/null
# A dependency the lock dropped (as Datasette was) leaves an existing virtualenv too.
stale=$(.venv/bin/pip freeze -q --disable-pip-version-check --exclude-editable | .venv/bin/python -c '
import re, sys
key = lambda name: re.sub(r"[-_.]+", "-", name).lower()
locked = {key(n) for n in re.findall(r"^([A-Za-z0-9][\w.-]*)==", open("requirements.lock").read(), re.M)}
print(" ".join(n for n in (line.split("==")[0] for line in sys.stdin if "==" in line) if key(n) not in locked))')
[ -z "$stale" ] || .venv/bin/pip uninstall -q -y $stale
if [ "${1:-}" != "--demo" ] && [ -f tests/oidc/package.json ]; then
  # The single sign-on tests run a real OpenID provider (npm's oidc-provider, tests/oidc/) under
  # Node: exactly the versions of its package-lock.json, never node_modules from git.
  if command -v npm >/dev/null; then
    echo "setup: the test OpenID provider (npm ci in tests/oidc)" >&2
    (cd tests/oidc && npm ci --no-audit --no-fund --silent)
  else
    echo "setup: no npm, so no test OpenID provider: install Node.js 20 or later" >&2
  fi
fi
echo "setup done in $((SECONDS - started)) s" >&2
