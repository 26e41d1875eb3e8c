#!/usr/bin/env bash
# Builds the demo report to UBND tỉnh (Word + Excel annex), renders it to PDF with LibreOffice and
# its first page to docs/report-page1.png (the picture the README shows).
#
# Needs (Debian/Ubuntu):
#   - the project's virtualenv .venv (make install, or: python3.11 -m venv .venv && .venv/bin/pip install -r requirements.txt)
#   - LibreOffice Writer:  apt-get install -y libreoffice-writer-nogui   (or libreoffice-writer)
#   - pdftoppm (Poppler):  apt-get install -y poppler-utils
#   - a Times New Roman-compatible font: apt-get install -y fonts-liberation (Liberation Serif has the
#     same metrics; without it LibreOffice picks another serif font and lines break differently)
#
# Usage: scripts/report_pdf.sh [--rebuild]
#   PERIOD=2025        the period of the report (2025, 2025-H1, 2025-9M, 2025-Q1 ...)
#   DEMO_DB=/tmp/demo_report.duckdb   the demo database; built with `python -m etl demo` when missing
#                                     (or always with --rebuild; about a minute)
#   OUT_DIR=/tmp/report_pdf           where the .docx, .xlsx and .pdf go
# Writes docs/report-page1.png (80 dpi). Never touches data/dvcq.duckdb.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="$ROOT/.venv/bin/python"
PERIOD="${PERIOD:-2025}"
DEMO_DB="${DEMO_DB:-/tmp/demo_report.duckdb}"
OUT_DIR="${OUT_DIR:-/tmp/report_pdf}"
PNG="$ROOT/docs/report-page1.png"

missing=()
[ -x "$PYTHON" ] || missing+=("the virtualenv $ROOT/.venv (make install)")
SOFFICE="$(command -v libreoffice || command -v soffice || true)"
[ -n "$SOFFICE" ] || missing+=("LibreOffice: apt-get install -y libreoffice-writer-nogui")
command -v pdftoppm >/dev/null || missing+=("pdftoppm: apt-get install -y poppler-utils")
if [ ${#missing[@]} -gt 0 ]; then
    echo "Thiếu công cụ để dựng bản PDF của báo cáo / missing tools:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    exit 1
fi
if command -v fc-list >/dev/null && ! fc-list : family | grep -iE "Times New Roman|Liberation Serif" >/dev/null; then
    echo "Cảnh báo: không có phông Times New Roman hoặc Liberation Serif (apt-get install -y fonts-liberation);" \
         "bản PDF sẽ dùng phông thay thế." >&2
fi

cd "$ROOT"
if [ "${1:-}" = "--rebuild" ] || [ ! -f "$DEMO_DB" ]; then
    echo "Tạo CSDL mẫu $DEMO_DB (khoảng 1 phút) ..."
    rm -f "$DEMO_DB"
    "$PYTHON" -m etl demo --db "$DEMO_DB" >/dev/null
fi

mkdir -p "$OUT_DIR" "$ROOT/docs"
DOCX="$OUT_DIR/bao_cao_dan_van_chinh_quyen_$PERIOD.docx"
"$PYTHON" -m etl report --period "$PERIOD" -o "$DOCX" --db "$DEMO_DB"

# A private LibreOffice profile, so that a LibreOffice already open on this machine does not swallow the job.
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
PDF="${DOCX%.docx}.pdf"
rm -f "$PDF"
if ! "$SOFFICE" -env:UserInstallation="file://$PROFILE" --headless --convert-to pdf --outdir "$OUT_DIR" "$DOCX" \
        >"$PROFILE/soffice.log" 2>&1 || [ ! -f "$PDF" ]; then
    cat "$PROFILE/soffice.log" >&2
    echo "LibreOffice không tạo được $PDF" >&2
    exit 1
fi

pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$PDF" "${PNG%.png}"
echo "Đã ghi: $PDF"
echo "Đã ghi: $PNG"
