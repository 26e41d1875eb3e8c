"""dashboard.charts.models as plain functions, fed with the hand-checked fixture's query frames."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from dashboard.charts import models as charts
from dashboard.filters import Filters
from dashboard.queries import models as q

YEAR = Filters(2025, today=date(2025, 12, 31))


def test_models_by_unit_stacked_by_type(fixture_db: Path) -> None:
    fig = charts.models_by_unit_chart(q.models_by_unit(fixture_db, YEAR))
    assert [(t.type, t.orientation, t.name) for t in fig.data] == [("bar", "h", "Mô hình"), ("bar", "h", "Điển hình")]
    assert [(list(t.y), list(t.x)) for t in fig.data] == [(["Văn phòng Sở"], [1]), (["Văn phòng Sở"], [1])]
    assert fig.layout.barmode == "stack"
    assert fig.layout.title.text == "Mô hình, điển hình “Dân vận khéo” theo đơn vị"
    assert fig.layout.xaxis.title.text == "Số mô hình"


def test_models_by_field(fixture_db: Path) -> None:
    fig = charts.models_by_field_chart(q.models_by_field(fixture_db, YEAR))
    bar = fig.data[0]
    assert list(bar.x) == ["Kinh tế", "Văn hóa - xã hội", "Quốc phòng - an ninh", "Xây dựng hệ thống chính trị"]
    assert list(bar.y) == [1, 0, 0, 1]
    assert fig.layout.title.text == "Mô hình theo lĩnh vực"
    assert fig.layout.xaxis.title.text == "Lĩnh vực"
    assert fig.layout.yaxis.title.text == "Số mô hình"


def test_models_by_status_in_lifecycle_order(fixture_db: Path) -> None:
    fig = charts.models_by_status_chart(q.models_by_status(fixture_db, YEAR))
    bar = fig.data[0]
    assert list(bar.x) == ["Đăng ký", "Đang triển khai", "Đã sơ kết", "Được công nhận", "Dừng"]
    assert list(bar.y) == [0, 1, 0, 1, 0]
    assert fig.layout.title.text == "Mô hình theo trạng thái"


def test_models_by_recognition_level(fixture_db: Path) -> None:
    fig = charts.models_by_level_chart(q.models_by_recognition_level(fixture_db, YEAR))
    assert list(fig.data[0].x) == ["Cơ sở", "Sở", "Tỉnh", "Trung ương"]
    assert list(fig.data[0].y) == [0, 1, 0, 0]
    assert fig.layout.title.text == "Mô hình được công nhận theo cấp"
    assert fig.layout.xaxis.title.text == "Cấp công nhận"


def test_registrations_over_time_against_the_target(fixture_db: Path) -> None:
    frame = q.model_registrations_by_month(fixture_db, YEAR)
    fig = charts.registrations_chart(frame, 1.0)
    assert [(t.type, t.name) for t in fig.data] == [
        ("bar", "Đăng ký trong tháng"), ("scatter", "Lũy kế trong kỳ"), ("scatter", "Chỉ tiêu")]
    bars, cumulative, target = fig.data
    assert list(bars.y) == [0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert list(cumulative.y) == [0, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2]
    assert [pd.Timestamp(x).date() for x in target.x] == [date(2024, 12, 1), date(2025, 12, 1)]
    assert list(target.y) == [1.0, 1.0]
    assert target.line.dash == "dash"
    assert fig.layout.title.text == "Đăng ký mô hình theo thời gian (lũy kế trong kỳ)"
    assert fig.layout.xaxis.title.text == "Tháng đăng ký"
    assert fig.layout.xaxis.tickformat == "%m/%Y"
    assert fig.layout.yaxis.title.text == "Số mô hình"
    assert [t.name for t in charts.registrations_chart(frame, None).data] == ["Đăng ký trong tháng", "Lũy kế trong kỳ"]
    assert len(charts.registrations_chart(frame, float("nan")).data) == 2


def test_empty_register_gives_empty_figures() -> None:
    fields = pd.DataFrame({"field": ["kinh_te"], "field_label": ["Kinh tế"], "models": [0]})
    fig = charts.models_by_field_chart(fields)
    assert not fig.data and [a.text for a in fig.layout.annotations] == ["Chưa có số liệu"]
    levels = pd.DataFrame({"level": ["so"], "level_label": ["Sở"], "models": [0]})
    assert [a.text for a in charts.models_by_level_chart(levels).layout.annotations] == [
        "Chưa có mô hình được công nhận"]
    units = pd.DataFrame(columns=["unit_code", "unit_name", "models", "mo_hinh", "dien_hinh", "recognised",
                                  "registered_in_period"])
    assert not charts.models_by_unit_chart(units).data
    months = pd.DataFrame(columns=["month", "registered", "cumulative", "register_size"])
    assert not charts.registrations_chart(months, 1.0).data
