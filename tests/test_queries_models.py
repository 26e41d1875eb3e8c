"""dashboard.queries.models against the hand-checked fixture (tests/fixtures.py).

VP's register: "Dân vận khéo trong giải phóng mặt bằng" (Mô hình, Kinh tế, registered 10/01/2025),
sent in Q1 as "Đăng ký" and again in the 6-month return re-typed "DÂN VẬN KHÉO  trong giải phóng mặt
bằng" as "Đang triển khai": one model, in its latest state; "Tổ tiếp công dân gương mẫu" (Điển hình
tập thể, Xây dựng hệ thống chính trị, 01/05/2025, recognised at level Sở). No other unit has a model.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from dashboard.filters import Filters
from dashboard.queries import models as q
from tests.frames import records

TODAY = date(2025, 12, 31)
YEAR = Filters(2025, today=TODAY)
Q1 = Filters(2025, "2025-Q1", today=TODAY)
TTR = Filters(2025, units=("TTR",), today=TODAY)




def test_models_by_unit_count_each_model_once(fixture_db: Path) -> None:
    assert records(q.models_by_unit(fixture_db, YEAR)) == [{
        "unit_code": "VP", "unit_name": "Văn phòng Sở", "models": 2, "mo_hinh": 1, "dien_hinh": 1, "recognised": 1,
        "registered_in_period": 2,
    }]
    assert records(q.models_by_unit(fixture_db, TTR)) == []


def test_models_by_field(fixture_db: Path) -> None:
    assert records(q.models_by_field(fixture_db, YEAR)) == [
        {"field": "kinh_te", "field_label": "Kinh tế", "models": 1},
        {"field": "van_hoa_xa_hoi", "field_label": "Văn hóa - xã hội", "models": 0},
        {"field": "quoc_phong_an_ninh", "field_label": "Quốc phòng - an ninh", "models": 0},
        {"field": "xay_dung_htct", "field_label": "Xây dựng hệ thống chính trị", "models": 1},
    ]


def test_models_by_status_in_lifecycle_order(fixture_db: Path) -> None:
    assert records(q.models_by_status(fixture_db, YEAR)) == [
        {"status": "dang_ky", "status_label": "Đăng ký", "models": 0},
        {"status": "dang_trien_khai", "status_label": "Đang triển khai", "models": 1},
        {"status": "da_so_ket", "status_label": "Đã sơ kết", "models": 0},
        {"status": "duoc_cong_nhan", "status_label": "Được công nhận", "models": 1},
        {"status": "dung", "status_label": "Dừng", "models": 0},
    ]
    # The register at the end of Q1 holds only the first model (registered 10/01), in the state the
    # Q1 return gave it (Đăng ký), not the 6-month return's Đang triển khai.
    assert q.models_by_status(fixture_db, Q1)["models"].tolist() == [1, 0, 0, 0, 0]


def test_models_by_recognition_level(fixture_db: Path) -> None:
    assert records(q.models_by_recognition_level(fixture_db, YEAR)) == [
        {"level": "co_so", "level_label": "Cơ sở", "models": 0},
        {"level": "so", "level_label": "Sở", "models": 1},
        {"level": "tinh", "level_label": "Tỉnh", "models": 0},
        {"level": "trung_uong", "level_label": "Trung ương", "models": 0},
    ]


def test_registrations_by_month_cumulative(fixture_db: Path) -> None:
    frame = q.model_registrations_by_month(fixture_db, YEAR)
    assert list(frame.columns) == ["month", "registered", "cumulative", "register_size"]
    months = [date(2024, 12, 1)] + [date(2025, m, 1) for m in range(1, 13)]  # window 15/12/2024–14/12/2025
    registered = [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    cumulative = [0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]
    assert [tuple(r.values()) for r in records(frame)] == list(zip(months, registered, cumulative, cumulative))


def test_registrations_stop_at_the_month_the_returns_reach(fixture_db: Path) -> None:
    """``until`` (the day the returns reach, 14/06): the months after it are not known, so not shown;
    the rows up to it are the year's own."""
    whole = q.model_registrations_by_month(fixture_db, YEAR)
    cut = q.model_registrations_by_month(fixture_db, YEAR, date(2025, 6, 14))
    assert [m.month for m in pd.to_datetime(cut["month"])] == [12, 1, 2, 3, 4, 5, 6]
    assert records(cut) == records(whole.head(7))


def test_registrations_before_the_period_only_in_the_register_size(fixture_db: Path) -> None:
    # Window 15/04–14/06/2025 (quarter 2): the January model is in the register, not registered in it.
    frame = q.model_registrations_by_month(fixture_db, Filters(2025, "2025-Q2", today=TODAY))
    assert [tuple(r.values()) for r in records(frame)] == [
        (date(2025, 3, 1), 0, 0, 1),
        (date(2025, 4, 1), 0, 0, 1),
        (date(2025, 5, 1), 1, 1, 2),
        (date(2025, 6, 1), 0, 1, 2),
    ]


SUMMARY_YEAR = {
    "models": 2, "mo_hinh": 1, "dien_hinh": 1, "recognised": 1, "stopped": 0, "registered_in_period": 2,
    "registered_in_year": 1, "exemplars": 1, "indicator_code": "CT03", "target": 1.0, "registered_met": True, "exemplars_met": True,
    "registered_state": "Đạt", "exemplars_state": "Đạt",
}


def test_summary_against_the_plan_target(fixture_db: Path) -> None:
    assert records(q.model_summary(fixture_db, YEAR)) == [SUMMARY_YEAR]


def test_summary_of_the_first_quarter_lacks_the_exemplar(fixture_db: Path) -> None:
    assert records(q.model_summary(fixture_db, Q1)) == [{
        **SUMMARY_YEAR, "models": 1, "dien_hinh": 0, "recognised": 0, "registered_in_period": 1, "exemplars": 0,
        "exemplars_met": False, "exemplars_state": "Chưa đạt",
    }]


def test_summary_of_a_unit_without_models(fixture_db: Path) -> None:
    assert records(q.model_summary(fixture_db, TTR)) == [{
        **SUMMARY_YEAR, "models": 0, "mo_hinh": 0, "dien_hinh": 0, "recognised": 0, "registered_in_period": 0,
        "registered_in_year": 0, "exemplars": 0, "registered_met": False, "exemplars_met": False, "registered_state": "Chưa đạt",
        "exemplars_state": "Chưa đạt",
    }]


def test_model_list(fixture_db: Path) -> None:
    assert records(q.model_list(fixture_db, YEAR)) == [
        {"unit_code": "VP", "unit_name": "Văn phòng Sở", "model_name": "DÂN VẬN KHÉO trong giải phóng mặt bằng",
         "model_type": "mo_hinh", "model_type_label": "Mô hình", "field": "kinh_te", "field_label": "Kinh tế",
         "registered_date": date(2025, 1, 10), "start_date": None, "end_date": None, "status": "dang_trien_khai",
         "status_label": "Đang triển khai", "recognition_level": None, "recognition_level_label": None,
         "decision_no": None, "highlights": None, "registered_in_period": True},
        {"unit_code": "VP", "unit_name": "Văn phòng Sở", "model_name": "Tổ tiếp công dân gương mẫu",
         "model_type": "dien_hinh_tap_the", "model_type_label": "Điển hình tập thể", "field": "xay_dung_htct",
         "field_label": "Xây dựng hệ thống chính trị", "registered_date": date(2025, 5, 1), "start_date": None,
         "end_date": None, "status": "duoc_cong_nhan", "status_label": "Được công nhận", "recognition_level": "so",
         "recognition_level_label": "Sở", "decision_no": None, "highlights": None, "registered_in_period": True},
    ]


def test_model_page_is_a_slice_of_the_list(fixture_db: Path) -> None:
    every = q.model_list(fixture_db, YEAR)
    page = q.model_page(fixture_db, YEAR, offset=1, limit=1)
    assert page.total == len(every) == 2
    assert page.rows.equals(every.iloc[1:2].reset_index(drop=True))


def test_the_whole_model_list_is_ordered_before_it_is_cut_into_pages(fixture_db: Path) -> None:
    names = {key: [q.model_page(fixture_db, YEAR, order=key, offset=o, limit=1).rows["model_name"].iloc[0]
                   for o in (0, 1)] for key in q.MODEL_ORDERS}
    assert names == {  # 10/01 and 01/05, both of VP
        "registered": ["DÂN VẬN KHÉO trong giải phóng mặt bằng", "Tổ tiếp công dân gương mẫu"],
        "registered_desc": ["Tổ tiếp công dân gương mẫu", "DÂN VẬN KHÉO trong giải phóng mặt bằng"],
        "unit": ["DÂN VẬN KHÉO trong giải phóng mặt bằng", "Tổ tiếp công dân gương mẫu"],
    }
    assert q.model_order_labels() == {"registered": "Ngày đăng ký, cũ trước",
                                      "registered_desc": "Ngày đăng ký, mới trước", "unit": "Đơn vị, tên mô hình"}
    with pytest.raises(ValueError, match="unknown model order 'x'"):
        q.model_page(fixture_db, YEAR, order="x")


def test_the_model_list_filters_are_the_bars_models(fixture_db: Path) -> None:
    """Field, status and recognition level: where a click on a bar of the Dân vận khéo charts leads."""
    def names(**chosen) -> list[str]:
        return q.model_list(fixture_db, YEAR, **chosen)["model_name"].tolist()

    assert names(fields=("kinh_te",)) == ["DÂN VẬN KHÉO trong giải phóng mặt bằng"]
    assert names(statuses=("duoc_cong_nhan",)) == ["Tổ tiếp công dân gương mẫu"]
    assert names(levels=("so",)) == ["Tổ tiếp công dân gương mẫu"]
    assert names(fields=("kinh_te", "xay_dung_htct")) == [
        "DÂN VẬN KHÉO trong giải phóng mặt bằng", "Tổ tiếp công dân gương mẫu"]
    assert names(fields=("kinh_te",), statuses=("duoc_cong_nhan",)) == []
    for by, argument, code in ((q.models_by_field, "fields", "field"), (q.models_by_status, "statuses", "status"),
                               (q.models_by_recognition_level, "levels", "level")):
        bars = by(fixture_db, YEAR)
        assert {c: q.model_page(fixture_db, YEAR, **{argument: (c,)}).total for c in bars[code]} == dict(
            zip(bars[code], bars["models"].tolist())), argument


def test_ct03_counts_the_exemplars_the_department_has_and_the_models_of_the_year(tmp_path: Path) -> None:
    """The plan: "đăng ký xây dựng mô hình và có từ 01-02 điển hình". An exemplar recognised in 2024
    and still going counts for 2025; one stopped does not; a model registered in 2024 does not count
    as 2025's registration, one registered in 2025 does. The Dân vận khéo card, the Chỉ tiêu page and
    the unit table say the same."""
    from dashboard.queries import indicators
    from etl.load import load_bytes
    from tests.workbooks import build_return

    def model(name: str, kind: str, day: str, status: str) -> dict:
        return {"Tên mô hình": name, "Loại": kind, "Lĩnh vực": "Kinh tế", "Ngày đăng ký": day, "Trạng thái": status}

    db = tmp_path / "t.duckdb"
    old = build_return("VP", "Năm 2024", models=[
        model("Tập thể tiếp dân", "Điển hình tập thể", "10/03/2024", "Đang triển khai"),
        model("Cá nhân đã dừng", "Điển hình cá nhân", "10/04/2024", "Dừng"),
        model("Mô hình cũ", "Mô hình", "10/05/2024", "Đang triển khai")])
    new = build_return("VP", "Quý I/2025", models=[model("Mô hình mới", "Mô hình", "10/01/2025", "Đăng ký")])
    for name, data in (("VP_2024.xlsx", old), ("VP_Q1.xlsx", new)):
        assert load_bytes(db, data, name, "vp", today=TODAY).status == "loaded"
    year = Filters(2025, today=TODAY)
    summary = records(q.model_summary(db, year)[["registered_in_year", "exemplars", "registered_met", "exemplars_met"]])
    assert summary == [{"registered_in_year": 1, "exemplars": 1, "registered_met": True, "exemplars_met": True}]
    ct03 = indicators.department_attainment(db, year).set_index("indicator_code").loc["CT03"]
    assert (ct03["models"], ct03["exemplars"], ct03["result"]) == (1, 1, "1 mô hình, 1 điển hình (chỉ tiêu ≥ 1)")
    unit = indicators.unit_attainment(db, year, "VP").query("indicator_code == 'CT03'")
    assert unit["result"].tolist() == ["1 mô hình, 1 điển hình"]


def _model(name: str, day: str, status: str, kind: str = "Mô hình", **extra: str) -> dict:
    return {"Tên mô hình": name, "Loại": kind, "Lĩnh vực": "Kinh tế", "Ngày đăng ký": day, "Trạng thái": status} | extra


def _load(db: Path, *returns: tuple[str, str, list[dict]]) -> None:
    from etl.load import load_bytes
    from tests.workbooks import build_return

    for i, (unit, period, rows) in enumerate(returns):
        outcome = load_bytes(db, build_return(unit, period, models=rows), f"{unit}_{i}.xlsx", "vp", today=TODAY)
        assert outcome.status == "loaded", outcome


def test_a_past_period_shows_the_statuses_its_returns_gave(tmp_path: Path) -> None:
    """The 6-month view of 2025 shows what the returns up to 14/06 said (Đang triển khai, Được công
    nhận at level Sở), not the year's (Dừng, Được công nhận at level Tỉnh); the year shows the latest.
    A model registered in May but first reported by the 9-month return has, at 6 months, the state
    that return first gave it. Name and field stay as the latest return corrected them."""
    db = tmp_path / "t.duckdb"
    _load(db,
          ("VP", "Quý I/2025", [_model("Dừng giữa năm", "10/01/2025", "Đăng ký")]),
          ("VP", "6 tháng/2025", [_model("Dừng giữa năm", "10/01/2025", "Đang triển khai"),
                                  _model("Tổ điển hình", "05/02/2025", "Được công nhận", "Điển hình tập thể",
                                         **{"Cấp công nhận": "Sở", "Số quyết định khen thưởng": "12/QĐ-SGTVT"})]),
          ("VP", "9 tháng/2025", [_model("Báo muộn", "20/05/2025", "Đã sơ kết")]),
          ("VP", "Năm 2025", [_model("DỪNG GIỮA NĂM", "10/01/2025", "Dừng", **{"Lĩnh vực": "Văn hóa - xã hội"}),
                              _model("Tổ điển hình", "05/02/2025", "Được công nhận", "Điển hình tập thể",
                                     **{"Cấp công nhận": "Tỉnh", "Số quyết định khen thưởng": "88/QĐ-UBND"}),
                              _model("Báo muộn", "20/05/2025", "Được công nhận", **{"Cấp công nhận": "Cơ sở"})]))
    h1, year, q1 = (Filters(2025, p, today=TODAY) for p in ("2025-H1", None, "2025-Q1"))
    assert q.models_by_status(db, h1)["models"].tolist() == [0, 1, 1, 1, 0]
    assert q.models_by_status(db, year)["models"].tolist() == [0, 0, 0, 2, 1]
    assert q.models_by_status(db, q1)["models"].tolist() == [1, 0, 0, 1, 0]  # Tổ điển hình: first known state
    assert q.models_by_recognition_level(db, h1)["models"].tolist() == [0, 1, 0, 0]
    assert q.models_by_recognition_level(db, year)["models"].tolist() == [1, 0, 1, 0]
    listed = records(q.model_list(db, h1)[["model_name", "field", "status", "recognition_level", "decision_no"]])
    assert listed == [
        {"model_name": "DỪNG GIỮA NĂM", "field": "van_hoa_xa_hoi", "status": "dang_trien_khai",
         "recognition_level": None, "decision_no": None},
        {"model_name": "Tổ điển hình", "field": "kinh_te", "status": "duoc_cong_nhan", "recognition_level": "so",
         "decision_no": "12/QĐ-SGTVT"},
        {"model_name": "Báo muộn", "field": "kinh_te", "status": "da_so_ket", "recognition_level": None,
         "decision_no": None}]
    assert q.model_page(db, h1, statuses=("da_so_ket",)).total == 1
    assert records(q.models_by_unit(db, h1)[["models", "recognised"]]) == [{"models": 3, "recognised": 1}]
    assert records(q.model_summary(db, h1)[["recognised", "stopped"]]) == [{"recognised": 1, "stopped": 0}]
    assert records(q.model_summary(db, year)[["recognised", "stopped"]]) == [{"recognised": 2, "stopped": 1}]


def test_an_exemplar_stopped_later_still_counts_for_ct03_before_it_stopped(tmp_path: Path) -> None:
    """CT03's "có từ 01-02 điển hình" at each period's end counts the exemplars not stopped then: the
    Chỉ tiêu page's 6-month column and the unit table have it, the year's has not."""
    from dashboard.queries import indicators

    db = tmp_path / "t.duckdb"
    exemplar = ("Cá nhân tiêu biểu", "10/01/2025")
    _load(db,
          ("VP", "6 tháng/2025", [_model(*exemplar, "Đang triển khai", "Điển hình cá nhân")]),
          ("VP", "Năm 2025", [_model(*exemplar, "Dừng", "Điển hình cá nhân")]))
    h1, year = Filters(2025, "2025-H1", today=TODAY), Filters(2025, today=TODAY)
    assert q.model_summary(db, h1)["exemplars"].tolist() == [1]
    assert q.model_summary(db, year)["exemplars"].tolist() == [0]
    ct03 = indicators.department_attainment(db, h1).set_index("indicator_code").loc["CT03"]
    assert ct03["exemplars"] == 1
    assert indicators.department_attainment(db, year).set_index("indicator_code").loc["CT03", "exemplars"] == 0
    unit = indicators.unit_attainment(db, h1, "VP").query("indicator_code == 'CT03'")
    assert unit["result"].tolist() == ["0 mô hình, 1 điển hình"]
    progress = indicators.department_trend(db, year).query("indicator_code == 'CT03'")
    assert dict(zip(progress["period_code"], progress["result"])) == {
        "2025-H1": "0 mô hình, 1 điển hình (chỉ tiêu ≥ 1)", "2025": "0 mô hình, 0 điển hình (chỉ tiêu ≥ 1)"}


def test_a_merged_units_returns_are_the_models_history(tmp_path: Path) -> None:
    """CLCT (merged into QLXD on 01/03/2025) reported its model in Q1 as Đăng ký; QLXD's 6-month
    return repeats it as Đang triển khai. One model, under QLXD: Đăng ký at Q1, Đang triển khai now.
    A superseded return's state is not history: the corrected Q1 return's counts."""
    db = tmp_path / "t.duckdb"
    model = ("Cổng chào dân vận", "10/01/2025")
    _load(db,
          ("CLCT", "Quý I/2025", [_model(*model, "Dừng")]),
          ("CLCT", "Quý I/2025", [_model(*model, "Đăng ký")]),  # supersedes the first
          ("QLXD", "6 tháng/2025", [_model(*model, "Đang triển khai")]))
    q1, h1 = Filters(2025, "2025-Q1", today=TODAY), Filters(2025, "2025-H1", today=TODAY)
    assert q.models_by_status(db, q1)["models"].tolist() == [1, 0, 0, 0, 0]
    assert q.models_by_status(db, h1)["models"].tolist() == [0, 1, 0, 0, 0]
    assert records(q.model_list(db, q1)[["unit_code", "status"]]) == [{"unit_code": "QLXD", "status": "dang_ky"}]


def test_the_targets_have_no_data_while_no_return_of_the_year_reaches_the_period(fixture_db: Path) -> None:
    """TTR sent only its annual return (to 14/12): at the end of Quý I the Chỉ tiêu page's CT03 has
    no data; the Dân vận khéo cards said "Chưa đạt" beside it (a unit with a model registered in the
    quarter and reported later said "Đạt"). Both say "Chưa có số liệu" now."""
    from dashboard.queries import indicators

    ttr_q1 = Filters(2025, "2025-Q1", units=("TTR",), today=TODAY)
    ct03 = indicators.department_attainment(fixture_db, ttr_q1).set_index("indicator_code").loc["CT03"]
    summary = q.model_summary(fixture_db, ttr_q1).iloc[0]
    assert ct03["status"] == summary["registered_state"] == summary["exemplars_state"] == "Chưa có số liệu"
    assert summary[["registered_met", "exemplars_met"]].isna().all()
    # with its return, the same unit is judged: the year
    assert q.model_summary(fixture_db, TTR).iloc[0]["registered_state"] == "Chưa đạt"
