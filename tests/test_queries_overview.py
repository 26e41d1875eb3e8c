from datetime import date

import pandas as pd

from dashboard.filters import Filters
from dashboard.queries import overview as q
from tests.fixtures import FIXTURE_TODAY

YEAR = Filters(2025, today=FIXTURE_TODAY)
Q1 = Filters(2025, "2025-Q1", today=FIXTURE_TODAY)
H1 = Filters(2025, "2025-H1", today=FIXTURE_TODAY)
TTR = Filters(2025, units=("TTR",), today=FIXTURE_TODAY)


def summary(db, f):
    return q.petition_summary(db, f).to_dict("records")


def test_petition_summary_year(fixture_db):
    # Received 15/12/2024–14/12/2025: all 7. Resolved: VP-01..03, TTR-01, TTR-02; on time VP-01, VP-03, TTR-02.
    # Open on 14/12/2025: VP-04 (due 16/06, overdue) and TTR-03 (due 05/01/2026).
    assert summary(fixture_db, YEAR) == [
        {"received": 7, "carried_over": 0, "resolved": 5, "resolved_on_time": 3, "on_time_share": 0.6, "open": 2, "overdue_open": 1}]


def test_petition_summary_follows_period_and_units(fixture_db):
    # Q1 (to 14/03/2025): VP-01..03 received; only VP-01 resolved by then; VP-02 (due 10/02) still open, overdue.
    assert summary(fixture_db, Q1) == [
        {"received": 3, "carried_over": 0, "resolved": 1, "resolved_on_time": 1, "on_time_share": 1.0, "open": 2, "overdue_open": 1}]
    assert summary(fixture_db, H1) == [
        {"received": 5, "carried_over": 0, "resolved": 3, "resolved_on_time": 2, "on_time_share": 2 / 3, "open": 2, "overdue_open": 0}]
    assert summary(fixture_db, TTR) == [
        {"received": 3, "carried_over": 0, "resolved": 2, "resolved_on_time": 1, "on_time_share": 0.5, "open": 1, "overdue_open": 0}]


def test_petition_summary_counts_what_the_previous_period_carried_over(fixture_db):
    # Q2 (15/03–14/06/2025): VP-02 and VP-03, received in Q1, were still open on 15/03: carried over.
    # What Q2 resolved may come from them, so "resolved" is not a part of "received".
    row = summary(fixture_db, Filters(2025, "2025-Q2", today=FIXTURE_TODAY))[0]
    assert (row["received"], row["carried_over"]) == (2, 2)


def test_petition_summary_without_cases(fixture_db):
    frame = q.petition_summary(fixture_db, Filters(2025, units=("DK",), today=FIXTURE_TODAY))
    assert frame.fillna(-1).to_dict("records") == [
        {"received": 0, "carried_over": 0, "resolved": 0, "resolved_on_time": 0, "on_time_share": -1, "open": 0, "overdue_open": 0}]


def test_overdue_cases(fixture_db):
    assert q.overdue_cases(fixture_db, YEAR).to_dict("records") == [
        {"unit_code": "VP", "unit_name": "Văn phòng Sở", "petition_ref": "VP-04", "kind": "phan_anh",
         "kind_label": "Phản ánh", "received_date": pd.Timestamp("2025-06-02"), "due_date": pd.Timestamp("2025-06-16"),
         "days_overdue": 181}]  # judged on 14/12/2025, the year's cut-off
    assert q.overdue_cases(fixture_db, Q1)[["petition_ref", "kind_label", "due_date", "days_overdue"]].to_dict(
        "records") == [{"petition_ref": "VP-02", "kind_label": "Kiến nghị", "due_date": pd.Timestamp("2025-02-10"),
                        "days_overdue": 32}]
    assert q.overdue_cases(fixture_db, TTR).empty


def test_overdue_cases_never_select_personal_data(fixture_db):
    assert list(q.overdue_cases(fixture_db, YEAR).columns) == [
        "unit_code", "unit_name", "petition_ref", "kind", "kind_label", "received_date", "due_date", "days_overdue"]


def test_due_soon_cases_count_working_days(fixture_db):
    # On 14/06/2025 (H1 cut-off, a Saturday) VP-04 is due Monday 16/06: one working day left.
    assert q.due_soon_cases(fixture_db, H1).to_dict("records") == [
        {"unit_code": "VP", "unit_name": "Văn phòng Sở", "petition_ref": "VP-04", "kind": "phan_anh",
         "kind_label": "Phản ánh", "received_date": pd.Timestamp("2025-06-02"), "due_date": pd.Timestamp("2025-06-16"),
         "working_days_left": 1}]
    # On 31/12/2025, TTR-03 is due Monday 05/01/2026: 01-02/01 are the New Year holiday, so 1 working day.
    assert q.due_soon_cases(fixture_db, Filters(2026, today=FIXTURE_TODAY))[
        ["petition_ref", "due_date", "working_days_left"]].to_dict("records") == [
        {"petition_ref": "TTR-03", "due_date": pd.Timestamp("2026-01-05"), "working_days_left": 1}]
    # On 14/12/2025 it is 14 working days away: not within 10.
    assert q.due_soon_cases(fixture_db, YEAR).empty
    assert q.due_soon_cases(fixture_db, YEAR, working_days=14)["petition_ref"].tolist() == ["TTR-03"]


def test_model_summary(fixture_db):
    # The GPMB model (registered 10/01/2025) is repeated by VP's Q1 and H1 returns: counted once.
    assert q.model_summary(fixture_db, YEAR).to_dict("records") == [
        {"models": 1, "exemplars": 1, "target": 1.0, "models_met": True, "exemplars_met": True}]
    assert q.model_summary(fixture_db, Q1).to_dict("records") == [
        {"models": 1, "exemplars": 0, "target": 1.0, "models_met": True, "exemplars_met": False}]
    assert q.model_summary(fixture_db, TTR).to_dict("records") == [
        {"models": 0, "exemplars": 0, "target": 1.0, "models_met": False, "exemplars_met": False}]


def test_reception_summary(fixture_db):
    # Định kỳ sessions 15/01, 15/02 (not as scheduled), 14/03, 15/04, 15/05, all hosted by the Giám đốc Sở.
    # The head's rule is judged as on the Tiếp công dân page: December (as of 14/12) is not over yet.
    assert q.reception_summary(fixture_db, YEAR).to_dict("records") == [
        {"scheduled_sessions": 5, "on_schedule_sessions": 4, "director_months": 5, "months": 11}]
    assert q.reception_summary(fixture_db, Q1).to_dict("records") == [
        {"scheduled_sessions": 3, "on_schedule_sessions": 2, "director_months": 3, "months": 3}]
    # June too: VP's returns stop at 14/06, TTR's annual return reaches past June (no Giám đốc session)
    assert q.reception_summary(fixture_db, H1).to_dict("records") == [
        {"scheduled_sessions": 5, "on_schedule_sessions": 4, "director_months": 5, "months": 6}]
    assert q.reception_summary(fixture_db, TTR).to_dict("records") == [
        {"scheduled_sessions": 0, "on_schedule_sessions": 0, "director_months": 5, "months": 11}]  # department-wide


def test_reception_months_stop_at_today(fixture_db):
    assert q.reception_summary(fixture_db, Filters(2025, today=date(2025, 4, 20))).to_dict("records") == [
        {"scheduled_sessions": 5, "on_schedule_sessions": 4, "director_months": 4, "months": 4}]


def test_attention_lists_come_a_page_at_a_time(fixture_db):
    for every, page in ((q.overdue_cases(fixture_db, Q1), q.overdue_case_page(fixture_db, Q1, limit=1)),
                        (q.due_soon_cases(fixture_db, H1), q.due_soon_case_page(fixture_db, H1, limit=1))):
        assert page.total == len(every) >= 1
        assert page.rows.to_dict("records") == every.head(1).to_dict("records")
    assert q.overdue_case_page(fixture_db, TTR).empty
