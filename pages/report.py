"""Báo cáo UBND tỉnh: the consolidated report (Word) and its Excel annex, filled from the data."""

import streamlit as st

from dashboard import auth, fmt, report, ui
from dashboard.queries import indicators
from etl.audit import record

st.title("Báo cáo UBND tỉnh")

with ui.guard():
    f = report.report_filters(ui.filters())  # department-wide: the sidebar's period, else its year
    st.caption(
        f"Báo cáo kết quả thực hiện công tác dân vận chính quyền {report.period_phrase(f.period)} theo thể thức "
        f"Nghị định 30/2020/NĐ-CP, kèm phụ lục Excel các bảng số liệu. Số liệu từ {fmt.day(f.start)} đến "
        f"{fmt.day(f.end)}, tính cùng cách với các trang của ứng dụng và so sánh với cùng kỳ năm trước nếu có số "
        "liệu. Chọn năm, kỳ ở thanh bên trái."
    )
    if ui.filters().units:
        st.info("Báo cáo tính cho toàn Sở: bộ lọc đơn vị không áp dụng.", icon=":material/info:")

    word = ui.data(report.build_word, f)
    c1, c2, c3 = st.columns(3)
    c1.metric("Kỳ báo cáo", word.period_label)
    c2.metric("Chỉ tiêu đạt (toàn Sở)", word.targets)
    c3.metric("Đoạn Văn phòng cần bổ sung", fmt.num(len(word.placeholders)))

    db = ui.db_path()
    user = auth.current_user()

    def logged(content: bytes, target: str, name: str) -> bytes:
        """The file, its download written in the audit log (as every export of the app is)."""
        record(db, user.username if user else None, "export", target,
               {"period": f.period_code or str(f.year), "file": name, "bytes": len(content)})
        return content

    left, right, _ = st.columns([1, 1, 2])
    left.download_button(  # served on the click only: the visit does not fetch the file
        "Tải báo cáo (.docx)", data=lambda: logged(word.docx, "report_docx", word.docx_name),
        file_name=word.docx_name, mime=report.DOCX_MIME,
        icon=":material/description:", key="report_docx", on_click="ignore",
        help="Mở bằng Word, điền số, ngày văn bản và các đoạn tô vàng trước khi trình ký.",
    )
    right.download_button(  # built on the click: every table of the period, some seconds for a province
        "Tải phụ lục (.xlsx)", data=lambda: logged(report.build_annex_file(db, f), "report_xlsx", word.xlsx_name),
        file_name=word.xlsx_name,
        mime=report.XLSX_MIME, icon=":material/table_view:", key="report_xlsx", on_click="ignore",
        help="Mỗi trang tính một bảng số liệu (Phụ lục 01, 02 ...) đứng sau các con số của báo cáo.",
    )

    st.subheader("I. Kết quả thực hiện các mục tiêu cụ thể")
    ui.table(ui.data(indicators.department_attainment, f),
             {"indicator_code": "Mã", "name": "Chỉ tiêu", "result": "Kết quả", "status": "Đạt / Chưa đạt"},
             key="report_targets")

    st.subheader("Các đoạn Văn phòng cần bổ sung")
    st.caption("Trong tệp Word, các đoạn này được tô vàng, dạng “[Văn phòng bổ sung: ...]”.")
    st.markdown("\n".join(f"{i}. {text}" for i, text in enumerate(word.placeholders, start=1)))
