"""``python -m etl remask``: what was stored before the masker knew a way of writing personal data is
masked again, in the rows, the current state, the findings and the stored file, on a real DuckDB
file loaded from real workbooks; run twice, the second run changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl import validate
from etl.cli import main
from etl.load import load_bytes
from tests.stored import stored_text
from tests.workbooks import build_return, petition

TODAY = date(2025, 12, 31)
SECRETS = ("Chảo Mý Mẩy", "Sì Choang", "25A-123.45", "Lò Văn Pành")


def _everything(db: Path) -> str:
    tables, files = stored_text(db)
    return " ".join(text for table, text in tables.items() if table != "submission_files") + files


def test_remask_masks_what_an_older_masker_let_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "t.duckdb"
    note = "Người KN: Chảo Mý Mẩy, bản Sì Choang; xe biển số 25A-123.45"
    rows = [petition("01", "15/01/2025", "Khiếu nại", **{"Ghi chú": note}),
            petition("02", "16/01/2025", "Khiếu nại", **{"Ghi chú": "Đã trả lời bằng văn bản"})]
    # a name typed as the unit's name: a warning quoting it (the finding's value)
    data = build_return(petitions=rows, info_extra={"Tên đơn vị": "Lò Văn Pành"})
    with monkeypatch.context() as old:  # the masker as it was: it knew none of these ways
        old.setattr(validate, "_mask_personal", lambda text, names=False: text)
        old.setattr(validate, "_quoted_personal", lambda value: False)
        assert load_bytes(db, data, "kn.xlsx", "vanphong", today=TODAY).status == "loaded"
    assert all(s in _everything(db) for s in SECRETS)

    assert main(["remask", "--db", str(db), "--user", "quantri"]) == 0
    assert capsys.readouterr().out.strip() == "Đã ẩn thêm thông tin cá nhân trong 3 nội dung và 1 tệp đã lưu."
    stored = _everything(db)
    assert not any(s in stored for s in SECRETS)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT petition_ref, note FROM v_petitions ORDER BY 1").fetchall() == [
        ("01", "Người KN: [đã ẩn], [đã ẩn]; xe biển số [đã ẩn]"), ("02", "Đã trả lời bằng văn bản")]
    assert con.execute("SELECT username, action, details FROM audit_log WHERE action = 'remask'").fetchall() == [
        ("quantri", "remask", '{"texts": 3, "files": 1}')]
    con.close()

    assert main(["remask", "--db", str(db), "--user", "quantri"]) == 0
    assert capsys.readouterr().out.strip() == "Không có thông tin cá nhân nào cần ẩn thêm trong dữ liệu đã lưu."
