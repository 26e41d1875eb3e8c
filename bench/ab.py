"""Interleaved A/B of page switches: the same clicks against two checkouts of the app, alternating.

    git worktree add /tmp/before HEAD~1
    python bench/ab.py /tmp/before .                  # A = before, B = this tree
    python bench/ab.py /tmp/before . --pages "Tổng quan" "Chỉ tiêu" --rounds 16

Both servers run at once on the province database of ``make bench`` (``$TMPDIR/dvcq-bench``), each
in its own browser session; each round clicks every page on A then on B (B then A on odd rounds),
``GLANCE`` seconds after the last page was drawn, exactly as bench/run.py §3. Machine load moves
both sides alike, so the difference is worth more than two separate runs of the bench, whose
yardstick alone moved 0,08 ↔ 0,12 s between two runs an hour apart (docs/PERFORMANCE.md, round 4).
Prints the median per page and side, and B − A. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import (
    LOGIN,
    Browser,
    app_pages,
    learn_shapes,
    login,
    median,
    settle,
    streamlit_app,
    visit,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("a", type=Path, help="checkout A (e.g. a git worktree of the commit before)")
    parser.add_argument("b", type=Path, help="checkout B")
    parser.add_argument("--pages", nargs="+", help="menu titles (default: every page)")
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "dvcq-bench" / "province.duckdb")
    args = parser.parse_args(argv)
    if not args.db.exists():
        parser.error(f"{args.db} does not exist: run `make bench` once (it builds it)")
    pages = args.pages or [title for _, title in app_pages()]
    browser = Browser()
    try:
        with ExitStack() as stack:
            sides = []
            for root in (args.a.resolve(), args.b.resolve()):
                url, _ = stack.enter_context(streamlit_app(root / "app.py", args.db, cwd=root))
                _, page = browser.session()
                page.goto(url)
                login(page, *LOGIN)
                settle(page)
                shapes = {s.menu: s for s in learn_shapes(page, [(u, m) for u, m in app_pages() if m in pages])}
                sides.append((page, shapes, {p: [] for p in pages}))
            for i in range(args.rounds):
                for title in pages:
                    for page, shapes, times in (sides if i % 2 == 0 else sides[::-1]):
                        times[title].append(visit(page, shapes[title]))
        print(f"{'trang':20s} {'A':>7s} {'B':>7s} {'B − A':>7s}")
        for title in pages:
            a, b = median(sides[0][2][title]) * 1000, median(sides[1][2][title]) * 1000
            print(f"{title:20s} {a:5.0f} ms {b:5.0f} ms {b - a:+5.0f} ms")
    finally:
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
