"""ETL benchmark: validate + load of big `Đơn thư` sheets, beside a naive baseline in the same run.

Baseline: ``pandas.read_excel(engine="openpyxl")`` of every sheet, then one ``INSERT ... SELECT``
per sheet from the DataFrame, no validation at all. Ours: the real path a user's file takes
(read with calamine, validate every cell, compute every statutory deadline, one transaction).

    python bench/etl_bench.py [--rows 5000 100000] [--repeat 3] [--demo]

Prints one table; figures are medians of ``--repeat`` runs. Not a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import openpyxl  # noqa: E402
import pandas as pd  # noqa: E402

from etl.load import load_bytes  # noqa: E402
from tests.workbooks import INDICATOR_HEADERS, PETITION_HEADERS  # noqa: E402

TODAY = date(2025, 12, 31)
KINDS = ["Khiếu nại", "Tố cáo", "Kiến nghị", "Phản ánh"]
FIELDS = ["Đất đai - giải phóng mặt bằng", "Đầu tư xây dựng", "Vận tải, phương tiện, người lái",
          "Trật tự an toàn giao thông", "Chế độ chính sách"]


def big_return(rows: int, seed: int = 7) -> bytes:
    """A valid return whose `Đơn thư` sheet has ``rows`` cases (text dates, as offices write them)."""
    rng = random.Random(seed)
    book = openpyxl.Workbook(write_only=True)
    info = book.create_sheet("Thông tin")
    info.append(["Mã đơn vị", "TTR"])
    info.append(["Kỳ báo cáo", "Năm 2025"])
    ind = book.create_sheet("Chỉ tiêu")
    ind.append(INDICATOR_HEADERS)
    ind.append(["CT01", None, None, "Có", None, None])
    ws = book.create_sheet("Đơn thư")
    ws.append(PETITION_HEADERS)
    start = date(2025, 1, 2)
    for i in range(rows):
        received = start + timedelta(days=rng.randrange(0, 300))
        kind = rng.choice(KINDS)
        accepted = received + timedelta(days=rng.randrange(0, 8)) if kind in ("Khiếu nại", "Tố cáo") else None
        resolved = (accepted or received) + timedelta(days=rng.randrange(5, 70)) if rng.random() < 0.7 else None
        if resolved and resolved > TODAY:
            resolved = None
        ws.append([
            f"{i + 1:06d}/ĐT", received.strftime("%d/%m/%Y"), kind, rng.choice(FIELDS), "Trực tiếp", "Có", None,
            rng.choice(["Bình thường", "Phức tạp"]), rng.choice(["Có", "Không"]),
            accepted.strftime("%d/%m/%Y") if accepted else None, None, None,
            resolved.strftime("%d/%m/%Y") if resolved else None,
            "Đã giải quyết" if resolved else "Đang giải quyết", "Đúng" if resolved and kind == "Khiếu nại" else None,
            "Đề nghị xem xét giải quyết chế độ bồi thường", None,
        ])
    path = Path(tempfile.mkstemp(suffix=".xlsx")[1])
    book.save(path)
    data = path.read_bytes()
    path.unlink()
    return data


def ours(data: bytes, workdir: Path) -> float:
    db = workdir / f"ours-{time.monotonic_ns()}.duckdb"
    t0 = time.perf_counter()
    outcome = load_bytes(db, data, "TTR_2025.xlsx", "bench", today=TODAY)
    elapsed = time.perf_counter() - t0
    assert outcome.status == "loaded", [f.line("x") for f in outcome.parsed.errors[:5]]
    return elapsed


def baseline(data: bytes, workdir: Path) -> float:
    import io

    db = workdir / f"base-{time.monotonic_ns()}.duckdb"
    t0 = time.perf_counter()
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, engine="openpyxl")
    con = duckdb.connect(str(db))
    for i, frame in enumerate(sheets.values()):
        frame = frame.astype(str)
        con.register("frame", frame)
        con.execute(f"CREATE TABLE t{i} AS SELECT * FROM frame")
    con.close()
    return time.perf_counter() - t0


def raw_read(data: bytes) -> float:
    import io

    import python_calamine as calamine

    t0 = time.perf_counter()
    book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    for name in book.sheet_names:
        book.get_sheet_by_name(name).to_python()
    return time.perf_counter() - t0


def median(fn, repeat: int) -> float:
    return statistics.median(fn() for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--demo", action="store_true", help="also time building the whole demo set")
    args = parser.parse_args()
    print(f"Máy: {platform.processor() or platform.machine()}, {os.cpu_count()} lõi, Python {platform.python_version()}, "
          f"DuckDB {duckdb.__version__}, pandas {pd.__version__}")
    print(f"{'Số dòng':>10} | {'Cỡ tệp':>9} | {'Đọc thô':>9} | {'Của ta':>9} | {'Cơ sở':>9} | {'Nhanh hơn':>9} | {'So đọc thô':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        for rows in args.rows:
            data = big_return(rows)
            raw = median(lambda: raw_read(data), args.repeat)
            ours_s = median(lambda: ours(data, workdir), args.repeat)
            base_s = median(lambda: baseline(data, workdir), args.repeat)
            print(f"{rows:>10,} | {len(data) / 1e6:>7.1f}MB | {raw:>8.2f}s | {ours_s:>8.2f}s | {base_s:>8.2f}s | "
                  f"{base_s / ours_s:>8.1f}× | {ours_s / raw:>9.1f}×".replace(",", "."))
        if args.demo:
            from etl.demo import build_demo

            t0 = time.perf_counter()
            summary = build_demo(workdir / "demo.duckdb", progress=lambda *_: None)
            print(f"Bộ dữ liệu mẫu: {time.perf_counter() - t0:.1f}s — {summary}")


if __name__ == "__main__":
    main()
