"""The README stays true: two quick-start commands that `make` provides, every page and verb listed."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest

from etl.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Bắt đầu nhanh", 1)[1].split("##", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_quick_start_is_exactly_make_run_and_make_test() -> None:
    assert quick_start_commands() == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_line_verb_is_documented() -> None:
    parser = build_parser()
    verbs = next(a for a in parser._actions if a.dest == "command").choices
    missing = [v for v in verbs if f"`{v}" not in README]
    assert missing == []


def test_every_page_is_documented() -> None:
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    titles = [node.elts[1].value for node in ast.walk(tree)
              if isinstance(node, ast.Tuple) and len(node.elts) == 5 and isinstance(node.elts[0], ast.Constant)
              and str(node.elts[0].value).startswith("pages/")]
    assert len(titles) >= 10
    assert [t for t in titles if f"| {t} |" not in README] == []


@pytest.mark.browser
@pytest.mark.xdist_group("demo_db")  # shares the worker (and its demo database) with the page walk
def test_app_answers_health_check_on_the_demo_database(demo_db: Path) -> None:
    from tests.server import running_app

    with running_app(demo_db) as url:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=10) as resp:
            assert resp.read() == b"ok"
