"""Benchmark: the request budget of `wikitrack health` on a big wiki, next to a naive loop.

A throwaway sandbox gets N lemmas of ~4 KB (imported with importDump.php): every 20th has a
history of five revisions in which a `{{bron?}}` appeared in the third, every 10th has a talk
page with an unanswered question, and three are deleted after the sync. Then:

- naive: one pywikibot Page per lemma and talk page, reading `.text` one by one;
- `wikitrack -v health` as the bot (500 values a request) and anonymously (50), each twice:
  the second run takes the templates' ages from the first, so it reads no history.

Usage: python benchmarks/bench_health.py [--lemmas 1000] [--history 100]
"""

from __future__ import annotations

import argparse
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wikitrack.health.sweep import history_bound
from wikitrack.sandbox import ADMIN_USER, TEAM_USER, Sandbox
from wikitrack.sandbox.seed import SeedPage, build_dump

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_check import lemma_text  # noqa: E402 (the same ~4 KB lemmas as the check benchmark)

TEMPLATE_EVERY, TALK_EVERY, DELETED = 20, 10, 3


def iter_pages(n: int):
    for i in range(n):
        title = f"Benchwijk {i}"
        text = lemma_text(i)
        if i % TEMPLATE_EVERY == 0:
            for r in range(5):
                marked = (
                    text.replace("een sporthal", "een sporthal{{bron?}}", 1) if r >= 2 else text
                )
                yield SeedPage(
                    title, 0, marked + f"\nVersie {r}.", timestamp=f"202{r}-03-01T10:00:00Z"
                )
        else:
            yield SeedPage(title, 0, text)
        if i % TALK_EVERY == 0:
            yield SeedPage(
                f"Overleg:{title}",
                1,
                "== Inwoners ==\nKlopt het inwonertal? --[[Gebruiker:Kees Jansen|Kees Jansen]] "
                "2 apr 2024 10:15 (CEST)\n",
            )


def health(wt: str, cwd: Path) -> tuple[dict[str, float], float]:
    t0 = time.monotonic()
    proc = subprocess.run(
        [wt, "health", "-v", "--json"], cwd=cwd, capture_output=True, text=True, check=False
    )
    wall = time.monotonic() - t0
    if proc.returncode != 0:
        sys.exit(f"health failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    m = re.search(
        r"(\d+) lemmas \((\d+) pages with talk pages\): (\d+) findings; (\d+) requests for the "
        r"texts, (\d+) for the history of (\d+) pages, (\d+) in all, ([\d.]+) s",
        proc.stderr,
    )
    if not m:
        sys.exit(f"unexpected output: {proc.stderr}")
    keys = ("lemmas", "pages", "findings", "texts", "history", "history_pages", "all", "seconds")
    return {k: float(v) for k, v in zip(keys, m.groups(), strict=True)}, wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lemmas", type=int, default=1000)
    ap.add_argument("--history", type=int, default=100, help="[health] history_revisions")
    args = ap.parse_args()
    n = args.lemmas
    wt = str(Path(sys.executable).with_name("wikitrack"))
    root = Path(tempfile.mkdtemp(prefix="wikitrack-bench-health-"))
    sb = Sandbox(root / "wiki")
    try:
        t0 = time.monotonic()
        sb.start()
        titles = [f"Benchwijk {i}" for i in range(n)]
        sb.import_pages(build_dump(iter_pages(n)))
        print(f"set-up: sandbox with {n} lemmas in {time.monotonic() - t0:.0f} s", flush=True)
        watchlist = 'name = "Bench"\n' + "".join(f'[[lemma]]\ntitle = "{t}"\n' for t in titles)
        runs = {}
        # The bot logs in to the sandbox; the anonymous reader uses its API URL, no account.
        for name, wiki in (("bot", "sandbox"), ("anonymous", sb.api_url)):
            cwd = root / name
            (cwd / "watchlists").mkdir(parents=True)
            (cwd / "watchlists" / "bench.toml").write_text(watchlist)
            (cwd / "wikitrack.toml").write_text(
                f'[wiki]\nurl = "{wiki}"\n[sandbox]\ndir = "{sb.dir}"\n'
                f"[health]\nhistory_revisions = {args.history}\n"
            )
            subprocess.run([wt, "watchlist", "sync"], cwd=cwd, capture_output=True, check=True)
        admin = sb.actor(ADMIN_USER)
        for i in range(DELETED):
            admin.delete(titles[n - 1 - i], "bench")

        # naive: pywikibot, one page at a time (articles and their talk pages)
        from wikitrack.wiki import adapter as wiki_module

        client = wiki_module.WikiClient(sb.api_url, user=TEAM_USER, pywikibot_dir=sb.pywikibot_dir)
        client.login()
        import pywikibot

        naive_titles = titles[: n - DELETED] + [
            f"Overleg:{t}" for i, t in enumerate(titles) if i % TALK_EVERY == 0
        ]
        before = wiki_module._counter[0]
        t0 = time.monotonic()
        texts = [pywikibot.Page(client.site, t).text for t in naive_titles]
        naive_s = time.monotonic() - t0
        naive_requests = wiki_module._counter[0] - before
        assert len(texts) == len(naive_titles)

        for name in ("bot", "anonymous"):
            runs[name] = [health(wt, root / name) for _ in range(2)]
        templated = math.ceil(n / TEMPLATE_EVERY)
        print()
        print(
            f"{'':38}{'naive loop':>12}{'bot, 1st':>10}{'bot, 2nd':>10}"
            f"{'anon, 1st':>11}{'anon, 2nd':>11}"
        )
        cells = [r for name in ("bot", "anonymous") for r in runs[name]]

        def row(label: str, naive: str, values: list[str]) -> None:
            print(
                f"{label:38}{naive:>12}"
                + "".join(f"{v:>{w}}" for v, w in zip(values, (10, 10, 11, 11), strict=True))
            )

        row("wall time, whole process (s)", f"{naive_s:.2f}", [f"{w:.2f}" for _, w in cells])
        row("time inside health (s)", "", [f"{r['seconds']:.2f}" for r, _ in cells])
        row("requests for the texts", f"{naive_requests}", [f"{r['texts']:.0f}" for r, _ in cells])
        row("requests for history and log", "", [f"{r['history']:.0f}" for r, _ in cells])
        row("pages whose templates were dated", "", [f"{r['history_pages']:.0f}" for r, _ in cells])
        row("findings", "", [f"{r['findings']:.0f}" for r, _ in cells])
        pages = int(cells[0][0]["pages"])
        print()
        for name, b in (("bot", 500), ("anonymous", 50)):
            first = runs[name][0][0]
            text_bound = math.ceil(pages / b) + 2
            hist = history_bound(templated, args.history, b) + DELETED
            print(
                f"{name}: N = {pages} pages; texts {first['texts']:.0f} requests within "
                f"ceil(N/{b}) + 2 = {text_bound}: {'yes' if first['texts'] <= text_bound else 'NO'}"
                f"; history {first['history']:.0f} within {templated} listings + "
                f"{math.ceil(math.log2(args.history + 1))} rounds of ceil({templated}/{b}) + "
                f"{DELETED} deletion logs = {hist}: {'yes' if first['history'] <= hist else 'NO'}"
            )
    finally:
        sb.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
