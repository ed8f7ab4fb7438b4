"""Benchmark: `wikitrack check` against a naive pywikibot loop, measured in the same run.

A throwaway sandbox gets N lemmas of realistic size (~4 KB, imported with importDump.php), a
watchlist of all of them, a baseline check, then 5% of the lemmas edited several times each. Then:

- naive: one pywikibot Page per lemma, asking `latest_revision_id` one by one (what a quick
  script does; it only finds out *which* pages changed);
- wikitrack check: finds which changed, fetches every new revision and diffs each one.

Usage: python benchmarks/bench_check.py [--lemmas 2000] [--changed 0.05] [--revisions 3]
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wikitrack.sandbox import TEAM_USER, Sandbox
from wikitrack.sandbox.seed import SeedPage, build_dump

FILLER = (
    "De wijk kreeg in de jaren negentig een eigen winkelcentrum, een sporthal en twee "
    "basisscholen. Bewoners richtten een wijkvereniging op die jaarlijks een zomerfeest "
    "organiseert.<ref>{{Citeer web|url=https://www.almere.nl/wijk-%d|titel=Wijkinformatie %d}}"
    "</ref> "
)


def lemma_text(i: int) -> str:
    body = "".join(FILLER % (i, j) for j in range(6))
    return (
        f"{{{{Infobox wijk\n| naam = Benchwijk {i}\n| gemeente = Almere\n| inwoners = {1000 + i}\n"
        f"| peildatum = 2024\n}}}}\n'''Benchwijk {i}''' is een wijk in [[Almere]].\n\n"
        f"== Geschiedenis ==\n{body}\n\n== Voorzieningen ==\n{body}\n\n== Referenties ==\n"
        "<references />\n\n[[Categorie:Wijk in Almere]]\n"
    )


def run(cmd: list[str], cwd: Path) -> str:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def measure(cmd: list[str], cwd: Path) -> tuple[int, int, int, float, float, float]:
    """(revisions, changes, requests, seconds inside check, wall seconds, peak MiB) of one
    `wikitrack check` in its own process, so its peak memory is its own."""
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    t0 = time.monotonic()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    out = proc.stdout.read() if proc.stdout else ""
    if status != 0:
        sys.exit(f"{' '.join(cmd)} failed: {out}{proc.stderr.read() if proc.stderr else ''}")
    m = re.search(r"(\d+) new revisions, (\d+) changes.*?(\d+) requests, ([\d.]+) s", out)
    if not m:
        sys.exit(f"unexpected check output: {out}")
    return int(m[1]), int(m[2]), int(m[3]), float(m[4]), wall, usage.ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lemmas", type=int, default=2000)
    ap.add_argument("--changed", type=float, default=0.05)
    ap.add_argument("--revisions", type=int, default=3)
    args = ap.parse_args()
    n, k = args.lemmas, max(1, int(args.lemmas * args.changed))
    wt = str(Path(sys.executable).with_name("wikitrack"))
    root = Path(tempfile.mkdtemp(prefix="wikitrack-bench-"))
    sb = Sandbox(root / "wiki")
    try:
        t0 = time.monotonic()
        sb.start()
        titles = [f"Benchwijk {i}" for i in range(n)]
        sb.import_pages(build_dump(SeedPage(t, 0, lemma_text(i)) for i, t in enumerate(titles)))
        print(f"set-up: sandbox with {n} lemmas in {time.monotonic() - t0:.0f} s", flush=True)
        (root / "watchlists").mkdir()
        (root / "watchlists" / "bench.toml").write_text(
            'name = "Bench"\n' + "".join(f'[[lemma]]\ntitle = "{t}"\n' for t in titles)
        )
        (root / "wikitrack.toml").write_text(
            f'[wiki]\nurl = "sandbox"\nuser = "{TEAM_USER}"\n[sandbox]\ndir = "{sb.dir}"\n'
        )
        run([wt, "watchlist", "sync"], root)
        run([wt, "check"], root)  # baseline
        editor = sb.actor("Pieter Bakker")
        t0 = time.monotonic()
        for i in range(k):
            title = titles[(i * 7919) % n]
            text = editor.text(title)
            for r in range(args.revisions):
                text = text.replace(f"| inwoners = {1000 + (i * 7919) % n}", "| inwoners = 9")
                text += f"\nAanvulling {r}."
                editor.edit(title, text, f"bench {r}")
        revisions = k * args.revisions
        print(
            f"set-up: {k} lemmas edited, {revisions} revisions, {time.monotonic() - t0:.0f} s",
            flush=True,
        )

        # naive: pywikibot, one page at a time
        from wikitrack import wiki as wiki_module

        client = wiki_module.WikiClient(sb.api_url, user=TEAM_USER, pywikibot_dir=sb.pywikibot_dir)
        client.login()
        import pywikibot

        before = wiki_module._counter[0]
        t0 = time.monotonic()
        naive_ids = [pywikibot.Page(client.site, t).latest_revision_id for t in titles]
        naive_s = time.monotonic() - t0
        naive_requests = wiki_module._counter[0] - before
        assert len(naive_ids) == n

        # the batched path on a copy of the database, then the default path
        twin = root / "batched"
        twin.mkdir()
        shutil.copy(root / "wikitrack.db", twin / "wikitrack.db")
        shutil.copy(root / "wikitrack.toml", twin / "wikitrack.toml")
        shutil.copytree(root / "watchlists", twin / "watchlists")
        batched = measure([wt, "check", "--method", "batched"], twin)
        found, changes, requests, inner_s, check_s, peak_mib = measure([wt, "check"], root)
        b = 500
        bound = math.ceil(n / b) + k + math.ceil(revisions / b) + 5
        print()
        print(f"{'':34}{'naive loop':>12}{'check':>12}{'check --method batched':>24}")
        print(
            f"{'wall time, whole process (s)':34}{naive_s:>12.2f}{check_s:>12.2f}"
            f"{batched[4]:>24.2f}"
        )
        print(f"{'time inside check (s)':34}{'':>12}{inner_s:>12.2f}{batched[3]:>24.2f}")
        print(f"{'API requests':34}{naive_requests:>12}{requests:>12}{batched[2]:>24}")
        print(f"{'new revisions found / diffed':34}{'-':>12}{found:>12}{batched[0]:>24}")
        print(f"{'changes stored':34}{'-':>12}{changes:>12}{batched[1]:>24}")
        print(f"{'peak memory (MiB)':34}{'':>12}{peak_mib:>12.0f}{batched[5]:>24.0f}")
        print()
        print(
            f"speed-up inside check: {naive_s / inner_s:.1f}x "
            f"(batched {naive_s / batched[3]:.1f}x);"
            f" whole process incl. interpreter start and login: {naive_s / check_s:.1f}x "
            f"(batched {naive_s / batched[4]:.1f}x). Target: at least 20x."
        )
        print("(the naive loop is timed after start-up and login, like 'inside check')")
        print(
            f"requests: {requests} within bound ceil(N/b)+K+ceil(R/b)+5 = {bound}: "
            f"{'yes' if requests <= bound else 'NO'}"
        )
        if found != revisions:
            print(f"WARNING: expected {revisions} new revisions, check found {found}")
    finally:
        sb.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
