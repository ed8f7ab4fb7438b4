#!/usr/bin/env bash
# Refresh requirements.lock, the exact versions and sha256 hashes of every runtime and test
# dependency that scripts/setup.sh and CI install. pip-compile resolves pyproject.toml for this
# machine's Python (3.11) in a throwaway virtualenv, so pip-tools never enters .venv.
# pip and setuptools come with the virtualenv (python3 -m venv), so they stay out of the lock.
#   bash scripts/lock.sh                                # after adding or removing a dependency
#   bash scripts/lock.sh --upgrade                      # move every pin to the newest release
#   bash scripts/lock.sh --upgrade-package pywikibot    # move one
set -euo pipefail
cd "$(dirname "$0")/.."
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools"
"$tools/bin/pip" install -q --disable-pip-version-check 'pip-tools==7.6.2'
"$tools/bin/pip-compile" --quiet --generate-hashes --extra test --strip-extras \
  --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
  --output-file requirements.lock "$@" pyproject.toml
