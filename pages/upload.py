"""Tải lên: check returns before loading (preview, findings, annotated copy), then load them."""

from __future__ import annotations

import hashlib

import streamlit as st

from dashboard import auth, fmt, ui
from dashboard.queries import reporting
from etl import compare as cmp
from etl.annotate import annotated_copy, annotated_name, findings_rows
from etl.catalog import default_catalog
from etl.load import load_bytes
from etl.periods import periods_of_year
from etl.template import template_bytes
from etl.validate import validate_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEVERITY_CHOICES = {"Tất cả": None, "Chỉ lỗi": ("error",), "Chỉ cảnh báo": ("warning",)}
UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] div > span, [data-testid="stFileUploaderDropzoneInstructions"] span
  {font-size: 0;}
[data-testid="stFileUploaderDropzoneInstructions"] span::after
  {content: "Kéo thả tệp vào đây · tối đa 50 MB mỗi tệp · XLSX, XLS, ODS"; font-size: 0.875rem;}
[data-testid="stFileUploaderDropzone"] button p {font-size: 0;}
[data-testid="stFileUploaderDropzone"] button p::after {content: "Chọn tệp"; font-size: 0.875rem;}
</style>"""

db, user, today = ui.db_path(), auth.require("van_phong", "quan_tri").username, ui.filters().today
st.title("Tải lên báo cáo")
st.caption("Kiểm tra tệp báo cáo của đơn vị trước khi nạp: đơn vị, kỳ, số dòng, những gì mới hoặc thay đổi, "
           "và mọi lỗi theo từng ô. Chỉ tệp không có lỗi mới nạp được.")

with st.expander("Tải mẫu báo cáo (.xlsx)", icon=":material/download:"):
    catalog = default_catalog()
    filled = st.radio("Loại mẫu", ["Mẫu trống", "Điền sẵn đơn vị và kỳ"], horizontal=True, key="tpl_kind")
    unit_code = period_code = None
    if filled != "Mẫu trống":
        units = {u.code: u.name for u in catalog.units if u.reports and u.active_on(today)}
        left, mid, right = st.columns(3)
        unit_code = left.selectbox("Đơn vị", list(units), format_func=lambda c: f"{c} — {units[c]}", key="tpl_unit",
                                   placeholder="Chọn")
        year = mid.selectbox("Năm", [today.year - 1, today.year, today.year + 1], index=1, key="tpl_year",
                             placeholder="Chọn")
        periods = {p.code: p.label for p in periods_of_year(year)}
        period_code = right.selectbox("Kỳ báo cáo", list(periods), format_func=periods.get, key="tpl_period",
                                      placeholder="Chọn")
    stem = f"mau-bao-cao_{unit_code}_{period_code}" if unit_code else "mau-bao-cao"
    st.download_button("Tải mẫu", data=lambda u=unit_code, p=period_code: template_bytes(u, p),
                       file_name=f"{stem}.xlsx", mime=XLSX, icon=":material/download:", key="tpl_download")

st.html(UPLOADER_CSS)
files = st.file_uploader(
    # no type filter: Streamlit refuses another type in English ("text/plain files are not allowed");
    # the check says in Vietnamese what the file is and what to send instead
    "Chọn tệp báo cáo (.xlsx, .xls, .ods) — có thể chọn nhiều tệp", accept_multiple_files=True,
    max_upload_size=50, key="uploads",
    help="Mỗi tệp là báo cáo của một đơn vị cho một kỳ, lập theo mẫu của Văn phòng Sở. Tệp chưa được nạp "
         "cho đến khi bấm 'Nạp vào cơ sở dữ liệu'.",
) or []

checked = st.session_state.setdefault("_upload_checked", {})
done = st.session_state.setdefault("_upload_done", {})


def check(data: bytes, name: str):
    key = (hashlib.sha256(data).hexdigest(), name, today)
    if key not in checked:
        checked[key] = validate_workbook(data, name, today=today)
    return checked[key]


def load(data: bytes, parsed) -> None:
    with st.status(f"Đang nạp {parsed.file_name} …", expanded=True) as status:
        bar = st.progress(0.2, text="Đang ghi vào cơ sở dữ liệu (một giao dịch, tất cả hoặc không gì cả)…")
        outcome = load_bytes(db, data, parsed.file_name, user, parsed=parsed)
        bar.progress(1.0, text="Xong.")
        status.update(label=outcome.message, state="complete" if outcome.ok else "error", expanded=False)
    done[parsed.sha256] = outcome
    st.rerun()  # the previews compare again with the new state


def show_outcome(outcome) -> None:
    if outcome.status == "loaded":
        st.success(f"{outcome.message} Số dòng: {cmp.rows_summary(outcome.parsed)}.", icon=":material/check_circle:")
    elif outcome.status == "unchanged":
        st.info(outcome.message, icon=":material/info:")
    else:
        st.error(outcome.message, icon=":material/block:")


def short_name(name: str, size: int = 70) -> str:
    """A file's name as its preview's heading: a long one (250 characters filled a phone's screen)
    keeps its start and its end, with the extension."""
    return name if len(name) <= size else f"{name[:size - 25].rstrip()}…{name[-24:].lstrip()}"


def batch_of(files) -> tuple[dict[int, str], dict[int, list[str]]]:
    """What the chosen files are to each other: a copy of a file above it (its name, by index), and
    the other files of the same unit and period (their names, by index): one of them is meant."""
    first: dict[str, str] = {}
    copies: dict[int, str] = {}
    same: dict[tuple[str, str], dict[str, str]] = {}  # (unit, period) -> sha256 -> first file name
    for i, file in enumerate(files):
        parsed = check(file.getvalue(), file.name)
        if parsed.sha256 in first:
            copies[i] = first[parsed.sha256]
            continue
        first[parsed.sha256] = file.name
        if parsed.unit_code and parsed.period:
            same.setdefault((parsed.unit_code, parsed.period.code), {})[parsed.sha256] = file.name
    twins: dict[int, list[str]] = {}
    for i, file in enumerate(files):
        parsed = check(file.getvalue(), file.name)
        group = same.get((parsed.unit_code, parsed.period.code), {}) if parsed.unit_code and parsed.period else {}
        if i not in copies and len(group) > 1:
            twins[i] = [name for sha, name in group.items() if sha != parsed.sha256]
    return copies, twins


def preview(i: int, file, copy_of: str | None = None, twins: list[str] = ()) -> None:
    data = file.getvalue()
    parsed = check(data, file.name)
    key = f"{i}_{parsed.sha256[:10]}"
    errors, warnings = len(parsed.errors), len(parsed.warnings)
    with st.container(border=True):
        st.subheader(short_name(file.name), anchor=False)
        if short_name(file.name) != file.name:
            st.caption(f"Tên đầy đủ: {file.name}")
        if copy_of:
            st.info(f"Tệp này giống hệt tệp '{copy_of}' đã chọn ở trên: chỉ cần nạp một lần.", icon=":material/info:")
        for other in twins:
            st.warning(f"Tệp '{other}' cũng là báo cáo của {parsed.unit_name} kỳ {parsed.period.label}. Chỉ lần nộp "
                       "sau cùng được dùng: hãy nạp riêng tệp đúng bằng nút của tệp đó.", icon=":material/warning:")
        unit = f"{parsed.unit_code} — {parsed.unit_name}" if parsed.unit_code else "Chưa xác định"
        period = (f"{parsed.period.label} ({fmt.day(parsed.period.start)} – {fmt.day(parsed.period.end)})"
                  if parsed.period else "Chưa xác định")
        verdict = "Hợp lệ" if parsed.ok else f"{fmt.num(errors)} lỗi"
        st.markdown(f"**Đơn vị:** {unit}  \n**Kỳ báo cáo:** {period}  \n"
                    f"**Kết quả kiểm tra:** {verdict}, {fmt.num(warnings)} cảnh báo")
        for sheet, header in parsed.dropped_columns:
            st.warning(f"Đã loại bỏ cột '{header}' (trang {sheet}) vì chứa thông tin cá nhân; cột này không được lưu.")
        left, right = st.columns([1, 2])
        left.markdown("**Số dòng theo trang**")
        left.dataframe(cmp.sheet_rows(parsed), hide_index=True, key=f"sheets_{key}", placeholder="")
        comparison = cmp.compare(db, parsed) if parsed.unit_code else None
        right.markdown("**So với dữ liệu đang lưu của đơn vị**")
        if comparison is None:
            right.info("Không xác định được đơn vị nên chưa so sánh được.", icon=":material/info:")
        else:
            right.dataframe(comparison.summary_rows(), hide_index=True, key=f"diff_{key}", placeholder="")
            if not parsed.ok:
                unkeyed = comparison.unkeyed_text()
                right.caption("Tệp còn lỗi nên chưa nạp được; bảng cho biết những gì sẽ thay đổi khi tệp được nạp."
                              + (f" Chưa so sánh được {unkeyed}: hãy sửa các ô đó." if unkeyed else ""))
            if comparison.replaces and parsed.ok and not comparison.already_loaded:
                r = comparison.replaces
                right.caption(f"Tệp này sẽ thay thế lần nộp {r.submission_id} ({r.file_name}, "
                              f"nộp {fmt.moment(r.uploaded_at)}); lần nộp cũ vẫn được lưu và khôi phục được.")
            elif parsed.period and not comparison.replaces and not comparison.already_loaded \
                    and today > (due := reporting.due_date(parsed.period)):
                # the unit's first return of the period: Nộp báo cáo counts it by this upload's day
                right.caption(f"Hạn nộp báo cáo kỳ {parsed.period.label} là {fmt.day(due)}: lần nộp này được "
                              "tính là nộp muộn ở trang Nộp báo cáo.")
        for item in comparison.look_alikes() if comparison else []:
            st.warning(f"Mô hình '{item.key}' (dòng {item.row}): {item.note[0].lower()}{item.note[1:]}",
                       icon=":material/warning:")
        changes = comparison.change_rows() if comparison else []
        if changes:
            # every row of the table above but 'Không đổi' (a later period's update included)
            with st.expander(f"Chi tiết {fmt.num(len(changes))} dòng khác với dữ liệu đang lưu"):
                st.dataframe(changes, hide_index=True, key=f"changes_{key}", height=ui.findings_height(len(changes)),
                             column_config={"Chi tiết": ui.message_column()}, row_height=ui.WRAPPED_ROW_HEIGHT,
                             placeholder="")
                ui.print_copy(changes)
        if comparison and comparison.already_loaded and parsed.sha256 not in done:
            st.info(f"Tệp này đã được nạp trước đó (mã nộp {comparison.already_loaded.submission_id}); "
                    "nạp lại sẽ không thay đổi gì.", icon=":material/info:")
        if parsed.findings:
            st.markdown("**Lỗi và cảnh báo**")
            shown = st.radio("Mức độ", list(SEVERITY_CHOICES), horizontal=True, key=f"severity_{key}")
            if ui.on_phone():
                ui.findings_list(findings_rows(parsed, SEVERITY_CHOICES[shown]))
            else:
                rows = findings_rows(parsed, SEVERITY_CHOICES[shown])
                # what to do before the value (quoted in it too): on a laptop the grid is ~600 px wide
                st.dataframe(rows, hide_index=True, key=f"findings_{key}", height=ui.findings_height(len(rows)),
                             column_order=("Mức độ", "Ô", "Nội dung", "Giá trị"),
                             column_config={"Mức độ": st.column_config.TextColumn(width=64),
                                            "Ô": st.column_config.TextColumn(width=120),
                                            "Nội dung": ui.message_column(),
                                            "Giá trị": st.column_config.TextColumn(width=110)},
                             row_height=ui.WRAPPED_ROW_HEIGHT, placeholder="")
                ui.print_copy(rows)
            if parsed.format:  # a file that could not be read at all has no cells to mark
                st.download_button(
                    "Tải bản đánh dấu lỗi (.xlsx)", data=lambda: annotated_copy(data, parsed)[0],
                    file_name=annotated_name(file.name), mime=XLSX, icon=":material/rule:", key=f"annotated_{key}",
                    help="Chính tệp của đơn vị, mỗi ô sai được tô màu và có ghi chú cách sửa, "
                         "kèm trang 'Lỗi và cảnh báo' liệt kê tất cả.",
                )
        loaded = parsed.sha256 in done and done[parsed.sha256].ok
        if st.button("Nạp vào cơ sở dữ liệu", type="primary", disabled=loaded or not parsed.ok, key=f"load_{key}",
                     help="Tệp đã được nạp." if loaded else None if parsed.ok else
                     "Tệp còn lỗi: hãy sửa theo bản đánh dấu lỗi rồi tải lên lại."):
            load(data, parsed)
        if parsed.sha256 in done:
            show_outcome(done[parsed.sha256])


with ui.guard():
    current = {hashlib.sha256(f.getvalue()).hexdigest() for f in files}
    for stale in [k for k in checked if k[0] not in current]:
        del checked[stale]
    if not files:
        ui.no_data("Chưa chọn tệp nào. Kéo thả hoặc bấm 'Chọn tệp' để kiểm tra báo cáo.")
    copies, twins = batch_of(files)
    # a copy is loaded with its original; files of one unit and period are each the user's choice
    pending = [f for i, f in enumerate(files) if (parsed := check(f.getvalue(), f.name)).ok
               and i not in copies and i not in twins and not (parsed.sha256 in done and done[parsed.sha256].ok)]
    if len(files) > 1 and pending:
        if twins:
            st.caption("Không nạp cùng lúc các tệp cùng đơn vị và cùng kỳ: "
                       + ", ".join(files[i].name for i in twins) + ".")
        if st.button(f"Nạp tất cả {fmt.num(len(pending))} tệp hợp lệ", key="load_all"):
            bar = st.progress(0.0, text="Đang nạp…")
            for n, file in enumerate(pending, start=1):
                parsed = check(file.getvalue(), file.name)
                done[parsed.sha256] = load_bytes(db, file.getvalue(), file.name, user, parsed=parsed)
                bar.progress(n / len(pending), text=f"Đã nạp {n}/{len(pending)} tệp")
            st.rerun()
    for i, file in enumerate(files):
        preview(i, file, copies.get(i), twins.get(i, []))
