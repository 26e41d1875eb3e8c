"""Tổng quan: the leadership's one screen — targets, petitions, models, reception, returns, and
what needs attention. Each card leads to its page."""

from datetime import datetime
from pathlib import Path

import streamlit as st

from dashboard import fmt, ui
from dashboard.queries import indicators, overview, reporting
from etl.db import content_version
from etl.periods import period_from_code

REFRESH_SECONDS = 30
ATTENTION_ROWS = 10  # rows of each "Cần chú ý" list per page
APP_ROOT = Path(__file__).resolve().parent.parent


def link(page: str, label: str) -> None:
    """A link to another page, shown only once that page exists in this build."""
    if (APP_ROOT / page).exists():
        st.page_link(page, label=label, icon=":material/arrow_forward:")


def ratio(part, whole) -> str:
    return f"{fmt.num(part)}/{fmt.num(whole)}"


st.title("Tổng quan")
live = st.sidebar.toggle("Tự động làm mới (màn hình trình chiếu)", key="overview_live")
st.session_state["_overview_version"] = content_version(ui.db_path())


@st.fragment(run_every=REFRESH_SECONDS if live else None)
def watch_for_new_data() -> None:
    """On a projector: every few seconds, rerun the page when a new load has landed."""
    if content_version(ui.db_path()) != st.session_state.get("_overview_version"):
        st.rerun()
    if live:
        st.caption(f"Tự động làm mới khi có số liệu mới · kiểm tra lúc {datetime.now():%H:%M:%S}")


with ui.guard():
    watch_for_new_data()
    f = ui.filters()
    st.caption(f"{f.period.label} · số liệu từ {fmt.day(f.start)} đến {fmt.day(f.end)}; "
               f"đơn thư xét tại ngày {fmt.day(f.as_of)}.")
    department = ui.data(indicators.department_attainment, f)
    targets = indicators.count_met(department).iloc[0]
    models = ui.data(overview.model_summary, f).iloc[0]
    reception = ui.data(overview.reception_summary, f).iloc[0]
    returns = ui.data(reporting.returns_summary, f)
    petitions = ui.data(overview.petition_summary, f).iloc[0]
    # no return reaches into the period: what came in and was settled in it is not known yet
    covered = ui.reported(f)
    in_period = petitions if covered else {}

    # Targets and models are the year's so far; for a period that starts after the year's window
    # does (Quý II, Tháng 5) the cards say so, beside the period's own petitions and sessions.
    year_start = period_from_code(str(f.year)).start
    to_date = f.start != year_start
    window = f"lũy kế từ {fmt.day(year_start)} đến {fmt.day(f.end)}"
    so_far = window[0].upper() + window[1:]
    c1, c2, c3, c4 = st.columns(4)
    with c1.container(border=True):
        st.metric(f"Chỉ tiêu đạt ({ui.scope(f)})", ratio(targets["met"], targets["total"]),
                  help=f"{so_far}, theo kỳ báo cáo mới nhất của mỗi đơn vị" if to_date else None)
        if to_date:
            st.caption("Lũy kế từ đầu năm")
        link("pages/targets.py", "Chỉ tiêu")
    with c2.container(border=True):
        target = fmt.num(models["target"])
        # the labels fit a card at 1366 px: what they count is in their help
        st.metric("Mô hình đăng ký", fmt.num(models["models"]),
                  help=f"Mô hình “Dân vận khéo” đăng ký trong năm. Chỉ tiêu: ít nhất {target}"
                  + (f". {so_far}" if to_date else ""))
        if to_date:
            st.caption("Lũy kế từ đầu năm")
        st.metric("Điển hình", fmt.num(models["exemplars"]),  # the Dân vận khéo page's card says the same
                  help=f"Điển hình tập thể hoặc cá nhân, kể cả điển hình từ các năm trước, trừ điển hình đã dừng, "
                       f"đến ngày {fmt.day(f.end)}. Chỉ tiêu: ít nhất {target}")
        link("pages/models.py", "Dân vận khéo")
    with c3.container(border=True):
        st.metric("Tiếp định kỳ đúng lịch",
                  ratio(reception["on_schedule_sessions"], reception["scheduled_sessions"]) if covered else "–")
        st.metric("Giám đốc tiếp dân",  # no month judged yet: "–", not "0/0"
                  ratio(reception["director_months"], reception["months"]) if reception["months"] else "–",
                  help="Số tháng Giám đốc Sở trực tiếp tiếp công dân / số tháng đã xét, tính chung toàn Sở "
                       "(không theo bộ lọc đơn vị). Luật Tiếp công dân 2013, Điều 18: ít nhất 01 ngày trong 01 tháng")
        link("pages/reception.py", "Tiếp công dân")
    with c4.container(border=True):
        if returns.empty:
            st.metric("Báo cáo đã nộp", "–", help="Chưa có kỳ báo cáo nào đến hạn trong năm")
        else:
            r = returns.iloc[0]
            st.metric("Báo cáo đã nộp", ratio(r["submitted"], r["expected"]),
                      help=f"Kỳ {r['period_label']}: số đơn vị đã nộp / số đơn vị phải nộp; hạn nộp "
                           f"{fmt.day(r['due_date'])}")
            st.caption(f"{r['period_label']} · " + (f"chưa đến hạn nộp (hạn {fmt.day(r['due_date'])})" if r["not_due"]
                       else f"đúng hạn: {ratio(r['on_time'], r['expected'])} đơn vị"))
        link("pages/reporting.py", "Nộp báo cáo")

    with st.container(border=True):
        p1, p2, p3, p4 = st.columns(4)
        p1.metric("Đơn thư đã nhận", fmt.num(in_period.get("received")))
        # the resolved ones may also be cases of the previous period: say how many came over
        p1.caption(f"Kỳ trước chuyển sang: {fmt.num(petitions['carried_over'])} đơn")
        p2.metric("Đã giải quyết", fmt.num(in_period.get("resolved")))
        p3.metric("Giải quyết đúng hạn", fmt.pct(in_period.get("on_time_share")),
                  help=f"{ratio(petitions['resolved_on_time'], petitions['resolved'])} đơn giải quyết trong kỳ"
                  if covered else None)
        until = ui.reported_until(f)
        stale = until is not None and until < f.as_of  # the returns stop before the day the count is of
        p4.metric("Quá hạn chưa giải quyết", fmt.num(petitions["overdue_open"]),
                  help=f"Đơn chưa giải quyết xong đã quá hạn giải quyết tính đến ngày {fmt.day(f.as_of)}"
                  + (f", theo các báo cáo có số liệu đến ngày {fmt.day(until)}: đơn giải quyết sau ngày đó mà "
                     "chưa báo cáo vẫn được tính ở đây" if stale else ""))
        link("pages/petitions.py", "Đơn thư")

    # The department's targets at a glance (the same figure as the Chỉ tiêu page's first tab, built
    # once for both); it also brings plotly.js into the browser at login, so the first chart page
    # opened after it does not wait for it.
    ui.plot(ui.attainment_chart(f), department, key="ov_attainment", phone=ui.ATTAINMENT_PHONE)
    if to_date:  # a quarter nobody has reported yet still shows the year so far: say so under the chart
        st.caption(f"Biểu đồ: {window}, theo kỳ báo cáo mới nhất của mỗi đơn vị.")

    st.subheader("Cần chú ý")
    # One list at a time (each drawn only when its tab is opened): the longest overdue and the
    # soonest due first, ten at a time.
    tab, box = ui.lazy_tabs(["Đơn quá hạn", "Đơn sắp đến hạn", "Báo cáo chưa nộp, nộp muộn", "Chỉ tiêu chưa đạt"],
                            key="ov_tab")
    with box:
        if tab == "Đơn quá hạn":
            heading = st.empty()
            # what is late and by how much first: on a phone the columns after the third are off-screen
            overdue = ui.paged_table(overview.overdue_case_page, f, columns={
                "petition_ref": "Số hiệu đơn", "days_overdue": "Số ngày quá hạn", "due_date": "Hạn giải quyết",
                "kind_label": "Loại đơn", "unit_name": "Đơn vị"}, key="ov_overdue", noun="đơn",
                size=ATTENTION_ROWS)
            # judged on the period's last day, or today while the period runs (f.as_of, as the query)
            heading.markdown(f"**Đơn quá hạn chưa giải quyết tại ngày {fmt.day(f.as_of)} ({fmt.num(overdue.total)})**")
            if overdue.empty:
                st.success("Không có đơn quá hạn.", icon=":material/check_circle:")
        elif tab == "Đơn sắp đến hạn":
            heading = st.empty()
            due_soon = ui.paged_table(overview.due_soon_case_page, f, columns={
                "petition_ref": "Số hiệu đơn", "working_days_left": "Còn (ngày làm việc)",
                "due_date": "Hạn giải quyết", "kind_label": "Loại đơn", "unit_name": "Đơn vị"}, key="ov_due_soon",
                noun="đơn", size=ATTENTION_ROWS)
            heading.markdown(f"**Đơn đến hạn trong {overview.DUE_SOON_WORKING_DAYS} ngày làm việc kể từ "
                             f"{fmt.day(f.as_of)} ({fmt.num(due_soon.total)})**")
            if due_soon.empty:
                st.success("Không có đơn sắp đến hạn.", icon=":material/check_circle:")
        elif tab == "Báo cáo chưa nộp, nộp muộn":
            late = ui.data(reporting.late_or_missing, f)
            period_label = "" if returns.empty else f" · {returns.iloc[0]['period_label']}"
            st.markdown(f"**Đơn vị chưa nộp hoặc nộp muộn{period_label} ({fmt.num(len(late))})**")
            if late.empty and not returns.empty and returns.iloc[0]["not_due"]:
                st.info(f"Chưa đến hạn nộp (hạn {fmt.day(returns.iloc[0]['due_date'])}).", icon=":material/schedule:")
            elif late.empty:
                st.success("Các đơn vị đã nộp đúng hạn.", icon=":material/check_circle:")
            else:
                ui.table(late, {"unit_name": "Đơn vị", "status": "Tình trạng", "due_date": "Hạn nộp",
                                "first_uploaded_at": "Ngày nộp"}, key="ov_late")
        else:
            not_met = indicators.not_met(department)
            no_data = int((not_met["status"] == fmt.NO_DATA).sum())
            st.markdown(f"**Chỉ tiêu chưa đạt ({fmt.num(len(not_met) - no_data)})"
                        + (f" và chưa có số liệu ({fmt.num(no_data)})**" if no_data else "**"))
            if not_met.empty:
                st.success("Tất cả chỉ tiêu đã đạt.", icon=":material/check_circle:")
            else:
                ui.table(not_met, {"indicator_code": "Mã", "short_name": "Chỉ tiêu", "status": "Tình trạng",
                                   "result": "Kết quả"}, key="ov_not_met")
