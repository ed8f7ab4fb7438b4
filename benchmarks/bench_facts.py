"""Benchmark: `wikitrack facts check` over N facts on N lemmas, beside `wikitrack check` in the
same run, on the same wiki.

A throwaway sandbox gets N lemmas of ~4 KB (the check benchmark's, imported with
importDump.php), a watchlist of all of them and a facts file with one fact each (the infobox's
`inwoners` with its `peildatum`): every 10th of our figures is newer than the page's (older),
and 5% of the lemmas are then edited to another figure (differs). Then, with the wiki as it is:

- `wikitrack check` as the bot (the day's edits: what the nightly run costs);
- `wikitrack facts check --json` as the bot (500 values a request) and anonymously (50).

The statuses must be exactly the planted ones, and the requests within ⌈N/500⌉ and ⌈N/50⌉.

Usage: python benchmarks/bench_facts.py [--lemmas 1000] [--changed 0.05]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from wikitrack.sandbox import TEAM_USER, Sandbox
from wikitrack.sandbox.seed import SeedPage, build_dump

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import lemma_text, measure, run  # noqa: E402 (the same ~4 KB lemmas)

OLDER_EVERY = 10


def facts_file(n: int) -> str:
    """One fact a lemma: the figure the page has, dated 2024 as the page is; every 10th ours
    is dated 2025 with another figure (the page's date is then older)."""
    out = []
    for i in range(n):
        older = i % OLDER_EVERY == 0
        out.append(
            f'[[fact]]\nid = "wijk-{i}"\nlemma = "Benchwijk {i}"\ntemplate = "Infobox wijk"\n'
            f'parameter = "inwoners"\ndate_parameter = "peildatum"\n'
            f"value = {1000 + i + (5 if older else 0)}\n"
            f"reference_date = {'2025-01-01' if older else '2024-01-01'}\n"
            f'source = "https://www.almere.nl/wijken/{i}"\n'
        )
    return "\n".join(out)


def expected_statuses(n: int, edited: set[int]) -> Counter[str]:
    found: Counter[str] = Counter()
    for i in range(n):
        if i % OLDER_EVERY == 0:
            found["older"] += 1
        elif i in edited:
            found["differs"] += 1
        else:
            found["matches"] += 1
    return found


def facts_check(wt: str, cwd: Path) -> tuple[dict[str, object], float]:
    t0 = time.monotonic()
    proc = subprocess.run(
        [wt, "facts", "check", "--json"], cwd=cwd, capture_output=True, text=True, check=False
    )
    wall = time.monotonic() - t0
    if proc.returncode not in (0, 3):
        sys.exit(f"facts check failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout), wall


def set_up(root: Path, sb: Sandbox, n: int, wt: str) -> list[Path]:
    """A project for the bot and one for an anonymous reader, synced and baselined."""
    titles = [f"Benchwijk {i}" for i in range(n)]
    watchlist = 'name = "Bench"\n' + "".join(f'[[lemma]]\ntitle = "{t}"\n' for t in titles)
    dirs = []
    for name, wiki in (("bot", "sandbox"), ("anonymous", sb.api_url)):
        cwd = root / name
        (cwd / "watchlists").mkdir(parents=True)
        (cwd / "watchlists" / "bench.toml").write_text(watchlist)
        (cwd / "facts").mkdir()
        (cwd / "facts" / "bench.toml").write_text(facts_file(n))
        user = f'user = "{TEAM_USER}"\n' if name == "bot" else ""
        (cwd / "wikitrack.toml").write_text(
            f'[wiki]\nurl = "{wiki}"\n{user}[sandbox]\ndir = "{sb.dir}"\n'
        )
        run([wt, "watchlist", "sync"], cwd)
        dirs.append(cwd)
    run([wt, "check"], dirs[0])  # the bot's baseline
    return dirs


def edit_some(sb: Sandbox, n: int, k: int) -> set[int]:
    editor = sb.actor("Pieter Bakker")
    edited = set()
    for j in range(k):
        i = (j * 7919) % n
        title = f"Benchwijk {i}"
        text = editor.text(title).replace(f"| inwoners = {1000 + i}", f"| inwoners = {2000 + i}")
        editor.edit(title, text, "bench: ander inwonertal")
        edited.add(i)
    return edited


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lemmas", type=int, default=1000)
    ap.add_argument("--changed", type=float, default=0.05)
    args = ap.parse_args()
    n, k = args.lemmas, max(1, int(args.lemmas * args.changed))
    wt = str(Path(sys.executable).with_name("wikitrack"))
    root = Path(tempfile.mkdtemp(prefix="wikitrack-bench-facts-"))
    sb = Sandbox(root / "wiki")
    try:
        t0 = time.monotonic()
        sb.start()
        sb.import_pages(build_dump(SeedPage(f"Benchwijk {i}", 0, lemma_text(i)) for i in range(n)))
        bot, anon = set_up(root, sb, n, wt)
        edited = edit_some(sb, n, k)
        print(f"set-up: {n} lemmas, {n} facts, {k} edited, {time.monotonic() - t0:.0f} s")
        checked = measure([wt, "check"], bot)
        runs = {"bot": facts_check(wt, bot), "anonymous": facts_check(wt, anon)}
        report(n, k, edited, checked, runs)
    finally:
        sb.stop()
        shutil.rmtree(root, ignore_errors=True)


def report(
    n: int,
    k: int,
    edited: set[int],
    checked: tuple[int, int, int, float, float, float, float, float, float, float],
    runs: dict[str, tuple[dict[str, object], float]],
) -> None:
    revisions, changes, requests, inner, *_, wall, _peak = checked
    print()
    print(f"{'':34}{'check (bot)':>14}{'facts check (bot)':>20}{'facts check (anon)':>20}")
    bot, anon = runs["bot"], runs["anonymous"]
    print(f"{'pages':34}{n:>14}{bot[0]['pages']:>20}{anon[0]['pages']:>20}")
    print(f"{'requests':34}{requests:>14}{bot[0]['requests']:>20}{anon[0]['requests']:>20}")
    print(f"{'wall time, whole process (s)':34}{wall:>14.2f}{bot[1]:>20.2f}{anon[1]:>20.2f}")
    print(
        f"{'time inside the command (s)':34}{inner:>14.2f}"
        f"{bot[0]['seconds']:>20.2f}{anon[0]['seconds']:>20.2f}"
    )
    print(
        f"{'of which parsing (s)':34}{'':>14}"
        f"{bot[0]['parse_seconds']:>20.2f}{anon[0]['parse_seconds']:>20.2f}"
    )
    print(f"check: {revisions} new revisions, {changes} changes, {inner:.2f} s inside check")
    want = expected_statuses(n, edited)
    print()
    for name, b in (("bot", 500), ("anonymous", 50)):
        done = runs[name][0]
        rows = done["facts"]
        assert isinstance(rows, list)
        got = Counter(r["status"] for r in rows)
        bound = math.ceil(n / b)
        ok = "yes" if int(str(done["requests"])) <= bound else "NO"
        print(
            f"{name}: {len(rows)} facts, {dict(sorted(got.items()))}; statuses as expected: "
            f"{'yes' if got == want else 'NO ' + str(dict(want))}; {done['requests']} requests "
            f"within ceil(N/{b}) = {bound}: {ok}"
        )


if __name__ == "__main__":
    main()
