#!/usr/bin/env bash
# The main job on the embedded default: a local sandbox wiki, its seeded Almere lemmas, a
# simulated day of edits, wikitrack's check of that day, and our own facts held against the
# lemmas (exit 3 there means: a difference was found, which the seed has on purpose).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --demo   # no Chromium: only the tests need it
wt=.venv/bin/wikitrack
$wt init --sandbox
$wt sandbox start
$wt watchlist validate
$wt watchlist sync -v
$wt check                      # first run: records the baseline
$wt sandbox simulate
$wt check                      # finds the simulated day
$wt changes --csv > wikitrack-changes.csv
$wt report --last-run --format html --output wikitrack-report.html
$wt report --last-run            # what the policy areas read in the morning
echo
echo "Sandbox wiki: $($wt sandbox status --json | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)[0]["url"])')"
echo "Report: $(pwd)/wikitrack-report.html   Changes as CSV: $(pwd)/wikitrack-changes.csv"
echo "Database: $(pwd)/wikitrack.db"
echo "Stop the wiki with: .venv/bin/wikitrack sandbox stop"
echo
echo "Our own facts against the lemmas (facts/*.toml):"
$wt facts check || [ $? -eq 3 ]
