"""``python -m etl report --period 2025 -o FILE.docx [--db PATH] [--annex FILE.xlsx]``: the consolidated
report to UBND tỉnh (Word) and its Excel annex (default: the report's name + ``_phu_luc.xlsx``).

Only the command line lives here; the report itself is ``dashboard/report.py``.

Layering exception, on purpose: ``etl/`` never depends on ``dashboard/`` — except this command. The
report must show exactly the figures of the pages, so it is assembled from the pages' own query
functions (``dashboard/queries/*.py``) rather than from a second copy of them. The import is lazy,
inside :func:`cmd_report`, so that no other verb loads dashboard code; ``dashboard/report.py`` and the
query modules import no Streamlit, so the command line stays free of it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from etl.settings import db_path


def cmd_report(args: argparse.Namespace) -> int:
    from dashboard.report import default_annex_path, write_report  # see the module docstring

    output = Path(args.output)
    annex = Path(args.annex) if args.annex else default_annex_path(output)
    documents = write_report(db_path(args.db), args.period, output, annex)
    print(f"Đã ghi báo cáo {documents.period_label}: {output}", flush=True)
    print(f"Đã ghi phụ lục: {annex}", flush=True)
    print(f"Chỉ tiêu đạt (toàn Sở): {documents.targets}. Còn {len(documents.placeholders)} đoạn Văn phòng cần "
          "bổ sung (tô vàng, dạng [Văn phòng bổ sung: ...]).", flush=True)
    return 0


def register(sub, add) -> None:
    """Add ``report`` to the ``python -m etl`` parser (see etl/cli.py EXTRA_COMMANDS)."""
    p = add("report", "lập báo cáo gửi UBND tỉnh (Word) kèm phụ lục Excel, từ số liệu đã nạp", cmd_report)
    p.add_argument("--period", required=True, metavar="KỲ",
                   help="kỳ báo cáo: 2025, 2025-H1, 2025-9M, 2025-Q1 ... (hoặc 'Năm 2025', '6 tháng/2025')")
    p.add_argument("-o", "--output", required=True, metavar="TỆP.docx", help="tệp Word sẽ ghi")
    p.add_argument("--annex", metavar="TỆP.xlsx",
                   help="tệp phụ lục Excel (mặc định: cùng tên tệp Word + _phu_luc.xlsx)")
