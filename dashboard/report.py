"""The consolidated report to UBND tỉnh: a Word document and an Excel annex, filled from the data.

No Streamlit here: the page ``pages/report.py`` and the command ``python -m etl report`` both call
:func:`build_documents` / :func:`write_report`.

- Every figure comes from the query functions the pages use (``dashboard/queries/*.py``), never
  re-typed or re-computed here; :func:`collect` gathers them once into :class:`Figures`, and both
  documents are written from that. Queries no page needed (training, dissemination, reception by
  form, petitions by kind × result / status, "cùng kỳ năm trước") are in ``queries/report.py``.
- The report is department-wide (the unit filter does not apply) for one period: a year
  (``2025``) or a cumulative / shorter period (``2025-H1``, ``2025-Q1`` ...).
- "Cùng kỳ năm trước": the same period one year earlier, compared only when that year has returns
  (and said so when they stop before the period's end).
- The ``.docx`` follows the layout of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, margins 2 / 2 / 3 /
  2 cm, Times New Roman 13-14, the header table (agency name, national motto, number and
  place-date lines), title, body numbered as the plan's sections, "Nơi nhận" and the signature
  block. What the data cannot say is a highlighted placeholder "[Văn phòng bổ sung: ...]".
- The ``.xlsx`` annex holds the table behind every figure, one sheet per table (Phụ lục 01, 02 ...),
  in the style of the inspection sector's forms (Thông tư 01/2024/TT-TTCP): a title row, the
  report it accompanies, the data window, Vietnamese headers (two rows where grouped, a numbering
  row on the petition forms) frozen above the data.

No citizen data exists in the views, so none can reach either document.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from copy import copy
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dashboard import fmt
from dashboard.filters import Filters
from dashboard.queries import indicators, models, petitions, reception, reporting
from dashboard.queries import report as rq
from etl.catalog import default_catalog
from etl.errors import DvcqError
from etl.periods import Period, PeriodError, parse_period

__all__ = [
    "Documents",
    "Figures",
    "Letterhead",
    "build_annex",
    "build_documents",
    "build_docx",
    "collect",
    "default_annex_path",
    "period_phrase",
    "report_filters",
    "write_report",
]

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 12
PLACEHOLDER_PREFIX = "Văn phòng bổ sung: "
PREVIOUS = "cùng kỳ năm trước"
DOTS = "......."


@dataclass(frozen=True)
class Letterhead:
    """Who issues the report, to whom, and who signs (Nghị định 30/2020/NĐ-CP, Phụ lục I)."""

    parent: str = "UBND TỈNH LAI CHÂU"  # cơ quan chủ quản
    agency: str = "SỞ XÂY DỰNG"  # cơ quan ban hành
    agency_in_text: str = "Sở Xây dựng"
    symbol: str = "BC-SXD"  # ký hiệu: BC (báo cáo) - SXD
    place: str = "Lai Châu"
    recipients: tuple[str, ...] = ("UBND tỉnh;", "Ban Dân vận Tỉnh ủy;", "Lãnh đạo Sở;", "Lưu: VT, VP.")
    signing_authority: str = "KT. GIÁM ĐỐC"
    signer_title: str = "PHÓ GIÁM ĐỐC"


LETTERHEAD = Letterhead()


# -- the period and the figures -----------------------------------------------------------------


def period_phrase(period: Period) -> str:
    """How a period is named inside a sentence or a title: 'năm 2025', '6 tháng đầu năm 2025',
    '9 tháng năm 2025', 'quý I năm 2025', 'tháng 3 năm 2025'."""
    if period.kind == "year":
        return f"năm {period.year}"
    if period.kind == "quarter":
        return f"quý {period.label.split()[1].split('/')[0]} năm {period.year}"
    if period.kind == "month":
        return f"tháng {period.end.month} năm {period.year}"
    return period.label[0].lower() + period.label[1:]


def report_filters(period: str | Period | Filters, today: date | None = None) -> Filters:
    """The filters of a report: department-wide, for one period (text as units write it, a
    canonical code, or the page's filters: their period, else their whole year)."""
    # told apart by their fields, not their classes: a module reloaded under a running server (an
    # upgrade in place) makes the page's Filters another class than this module's
    if hasattr(period, "period_code") and hasattr(period, "units"):
        return Filters(year=period.year, period_code=period.period.code, units=(), today=today or period.today)
    if isinstance(period, str):
        try:
            period = parse_period(period)
        except PeriodError as exc:
            raise DvcqError(str(exc), period=period) from exc
    return Filters(year=period.year, period_code=period.code, units=(), today=today or date.today())


@dataclass(frozen=True)
class Figures:
    """Every frame the two documents show, each from a named query function."""

    f: Filters
    previous: Filters | None  # the same period a year earlier, None when it has no returns
    coverage: pd.DataFrame
    previous_coverage: pd.DataFrame
    attainment: pd.DataFrame  # indicators.department_attainment
    targets_met: pd.DataFrame  # indicators.targets_met
    targets_not_met: pd.DataFrame  # indicators.targets_not_met
    unit_attainment: pd.DataFrame  # indicators.unit_attainment
    training: pd.DataFrame  # report.training_by_topic
    dissemination: pd.DataFrame  # report.dissemination_by_form
    reception: pd.DataFrame  # report.reception_by_form
    reception_totals: pd.DataFrame  # reception.reception_totals
    head_summary: pd.DataFrame  # reception.head_rule_summary
    head_months: pd.DataFrame  # reception.head_reception_by_month
    petitions: pd.DataFrame  # petitions.petition_summary
    results: pd.DataFrame  # petitions.petition_results
    results_by_kind: pd.DataFrame  # report.petition_results_by_kind
    by_status: pd.DataFrame  # report.petitions_by_status
    models: pd.DataFrame  # models.model_summary
    models_by_field: pd.DataFrame  # models.models_by_field
    models_by_status: pd.DataFrame  # models.models_by_status
    model_list: pd.DataFrame | None  # models.model_list (the annex only: None for the Word report)
    returns: pd.DataFrame  # reporting.returns_summary: the report's period, else (see pending) the last one due
    late: pd.DataFrame  # reporting.late_or_missing, for the same period
    pending: pd.DataFrame | None = None  # the report's own period when its returns are not due yet
    prev: dict[str, pd.DataFrame] = field(default_factory=dict)  # the same queries, previous year

    @property
    def period(self) -> Period:
        return self.f.period


COLLECT_THREADS = 3  # DuckDB runs a query without the GIL: a few at a time keep both cores busy


def collect(db: Path, f: Filters, annex: bool = True) -> Figures:
    """Run every query the report needs, for ``f`` (department-wide) and its previous year; without
    ``annex``, not the annex's full model list (50.000 rows for a province, not in the Word report).
    The ~30 queries are independent: they run a few at a time (each thread reads through its own
    cursor, etl.db.reading), about twice as fast as one after another on two cores."""
    f = replace(f, units=(), period_code=f.period.code)
    previous = rq.previous_year(f)
    current = {
        "coverage": (rq.period_coverage, f),
        "previous_coverage": (rq.period_coverage, previous),
        "attainment": (indicators.department_attainment, f),
        "targets_met": (indicators.targets_met, f),
        "targets_not_met": (indicators.targets_not_met, f),
        "unit_attainment": (indicators.unit_attainment, f),
        "training": (rq.training_by_topic, f),
        "dissemination": (rq.dissemination_by_form, f),
        "reception": (rq.reception_by_form, f),
        "reception_totals": (reception.reception_totals, f),
        "head_summary": (reception.head_rule_summary, f),
        "head_months": (reception.head_reception_by_month, f),
        "petitions": (petitions.petition_summary, f),
        "results": (petitions.petition_results, f),
        "results_by_kind": (rq.petition_results_by_kind, f),
        "by_status": (rq.petitions_by_status, f),
        "models": (models.model_summary, f),
        "models_by_field": (models.models_by_field, f),
        "models_by_status": (models.models_by_status, f),
        "returns": (reporting.returns_summary, f),
        "late": (reporting.late_or_missing, f),
    }
    if annex:
        current["model_list"] = (models.model_list, f)
    # the previous year's figures, asked for at once: dropped below if that year has no returns
    earlier = {name: (fn, previous) for name, fn in (
        ("attainment", indicators.department_attainment), ("targets_met", indicators.targets_met),
        ("training", rq.training_by_topic), ("dissemination", rq.dissemination_by_form),
        ("reception", rq.reception_by_form), ("reception_totals", reception.reception_totals),
        ("petitions", petitions.petition_summary), ("models", models.model_summary),
        ("models_by_field", models.models_by_field), ("models_by_status", models.models_by_status))}
    jobs = [(("now", name), call) for name, call in current.items()] + [(("prev", name), call)
                                                                         for name, call in earlier.items()]
    with ThreadPoolExecutor(max_workers=COLLECT_THREADS, thread_name_prefix="report") as pool:
        done = dict(zip([key for key, _ in jobs], pool.map(lambda job: job[1][0](db, job[1][1]), jobs)))
    frames = {name: done[("now", name)] for name in current}
    frames.update(_returns_due(db, f, frames["returns"]))
    has_previous = int(frames["previous_coverage"]["submissions"].iloc[0]) > 0
    prev = {name: done[("prev", name)] for name in earlier} if has_previous else {}
    return Figures(f=f, previous=previous if has_previous else None, model_list=frames.pop("model_list", None),
                   prev=prev, **frames)


def _returns_due(db: Path, f: Filters, returns: pd.DataFrame) -> dict[str, pd.DataFrame | None]:
    """When the report's own period is not due yet (a year report written before 24/12), who has
    reported is told for the last period of the year that is due, and the report's own period is
    kept as ``pending``: "not due yet" is not "nobody is late"."""
    if returns.empty or pd.isna(returns["due_date"].iloc[0]) or pd.Timestamp(returns["due_date"].iloc[0]).date() <= f.today:
        return {}
    due = [p for p in reporting.expected_periods(db, replace(f, period_code=None))
           if reporting.due_date(p) <= f.today]
    if not due:
        return {"pending": returns}
    last = replace(f, period_code=due[-1].code)
    return {"pending": returns, "returns": reporting.returns_summary(db, last),
            "late": reporting.late_or_missing(db, last)}


def _row(frame: pd.DataFrame, column: str, value: str) -> pd.Series:
    return frame.loc[frame[column] == value].iloc[0]


def _total(frame: pd.DataFrame, column: str) -> pd.Series:
    return _row(frame, column, rq.TOTAL[0])


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _n(value: object) -> str:
    return fmt.num(value)


def _share(part: object, whole: object, share: object) -> str:
    """'8/10 (80,0%)': a count, out of how many, and the share the query computed (left out if none)."""
    ratio = "" if _missing(share) else f" ({fmt.pct(share)})"
    return f"{_n(part)}/{_n(whole)}{ratio}"


def _attendance(row: pd.Series) -> str:
    """A ``training_by_topic`` row as 'attended/assigned (share)'."""
    return _share(row["attended"], row["assigned"], row["attendance_share"])


def _listing(pairs: Iterable[tuple[object, str]]) -> str:
    """'17 hội nghị, 3 sinh hoạt cơ quan' from (count, label) pairs, zero counts left out."""
    return ", ".join(f"{_n(count)} {_lower(label)}" for count, label in pairs if count)


# -- the Word document ----------------------------------------------------------------------------


def _set_font(run_or_style, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    font = run_or_style.font
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _border(paragraph, side: str = "bottom", size: int = 6) -> None:
    """A solid line on one side of a paragraph (between its indents): the short rules under the
    agency name, the motto and the title."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), "000000")
    borders.append(line)
    ppr.append(borders)


def _cell_margins(table, left_cm: float = 0.1, right_cm: float = 0.1) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("left", left_cm), ("right", right_cm)):
        node = OxmlElement(f"w:{side}")
        node.set(qn("w:w"), str(int(value * 567)))
        node.set(qn("w:type"), "dxa")
        margins.append(node)
    tbl_pr.append(margins)


def _row_flags(row, *tags: str) -> None:
    """``w:tblHeader`` (repeat the row on each page), ``w:cantSplit`` (never split it across pages)."""
    tr_pr = row._tr.get_or_add_trPr()
    for tag in tags:
        node = OxmlElement(tag)
        node.set(qn("w:val"), "true")
        tr_pr.append(node)


def _page_number_header(section) -> None:
    """Page numbers centred in the header from page 2 on (Nghị định 30/2020, Phụ lục I)."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _set_font(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind:
            node = OxmlElement("w:fldChar")
            node.set(qn("w:fldCharType"), kind)
        else:
            node = OxmlElement("w:instrText")
            node.set(qn("xml:space"), "preserve")
            node.text = text
        run._r.append(node)


Part = str | tuple[str, str]  # plain text, or (style, text) with style b | i | bi | ph (placeholder)


class _Writer:
    """A thin layer over python-docx with the document's few paragraph kinds."""

    def __init__(self) -> None:
        self.doc = Document()
        self.placeholders: list[str] = []
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        section.header_distance, section.footer_distance = Cm(1), Cm(1)
        normal = self.doc.styles["Normal"]
        _set_font(normal, BODY_PT)
        normal.paragraph_format.space_before = Pt(6)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.line_spacing = 1.15
        _page_number_header(section)

    # paragraphs
    def para(self, *parts: Part, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True, size: float = BODY_PT,
             before: float = 6, bold: bool = False, italic: bool = False, container=None):
        paragraph = (container or self.doc).add_paragraph()
        paragraph.alignment = align
        fmt_ = paragraph.paragraph_format
        fmt_.first_line_indent = Cm(1.27) if indent else None
        fmt_.space_before = Pt(before)
        fmt_.space_after = Pt(0)
        for part in parts:
            style, text = ("", part) if isinstance(part, str) else part
            self._run(paragraph, text, style, size, bold, italic)
        return paragraph

    def _run(self, paragraph, text: str, style: str, size: float, bold: bool, italic: bool):
        if style == "ph":
            self.placeholders.append(text)
            text = f"[{PLACEHOLDER_PREFIX}{text}]"
        run = paragraph.add_run(text)
        _set_font(run, size, bold=bold or "b" in style, italic=italic or "i" in style or style == "ph")
        if style == "ph":
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        return run

    def placeholder(self, text: str):
        return self.para(("ph", text))

    def heading(self, text: str, level: int = 1):
        """I. UPPER CASE bold; 1. bold; a) bold italic."""
        style = {1: "b", 2: "b", 3: "bi"}[level]
        return self.para((style, text), before=12 if level == 1 else 6)

    def rule(self, container, width_cm: float, box_cm: float, before: float = 0):
        """A centred line ``width_cm`` long inside a box ``box_cm`` wide (cell or text width)."""
        paragraph = container.add_paragraph()
        side = max(0.0, (box_cm - width_cm) / 2)
        paragraph.paragraph_format.left_indent = Cm(side)
        paragraph.paragraph_format.right_indent = Cm(side)
        paragraph.paragraph_format.space_before = Pt(before)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = Pt(1)
        _border(paragraph)
        return paragraph

    # tables
    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
              bold_rows: Iterable[int] = (), numeric_from: int = 1):
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        bold = set(bold_rows)
        for i, width in enumerate(widths):
            table.columns[i].width = Cm(width)
        for i, text in enumerate(headers):
            self._cell(table.rows[0].cells[i], text, widths[i], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        _row_flags(table.rows[0], "w:tblHeader", "w:cantSplit")
        for r, values in enumerate(rows):
            cells = table.add_row().cells
            for i, text in enumerate(values):
                align = WD_ALIGN_PARAGRAPH.CENTER if i >= numeric_from else WD_ALIGN_PARAGRAPH.LEFT
                self._cell(cells[i], text, widths[i], bold=r in bold, align=align)
        spacer = self.doc.add_paragraph()
        spacer.paragraph_format.space_before = Pt(0)
        spacer.paragraph_format.line_spacing = Pt(6)
        return table

    def _cell(self, cell, text: str, width: float, bold: bool, align) -> None:
        cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        paragraph.paragraph_format.space_before = Pt(2)
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.first_line_indent = None
        paragraph.paragraph_format.line_spacing = 1.0
        _set_font(paragraph.add_run(text), TABLE_PT, bold=bold)

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()


def _letterhead(w: _Writer, fig: Figures, lh: Letterhead) -> None:
    left_cm, right_cm = 6.5, 9.5
    table = w.doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins(table, 0, 0)
    for column, width in zip(table.columns, (left_cm, right_cm)):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)

    def line(cell, text: str, size: float, bold: bool = False, italic: bool = False, first: bool = False):
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_before = Pt(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        _set_font(paragraph.add_run(text), size, bold=bold, italic=italic)

    agency, nation = table.rows[0].cells
    line(agency, lh.parent, 13, first=True)
    line(agency, lh.agency, 13, bold=True)
    w.rule(agency, 1.5, left_cm, before=1)
    line(nation, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, first=True)
    line(nation, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    w.rule(nation, 5.3, right_cm, before=1)
    number, place = table.rows[1].cells
    line(number, f"Số: {DOTS}/{lh.symbol}", 13, first=True)
    number.paragraphs[0].paragraph_format.space_before = Pt(6)
    line(place, f"{lh.place}, ngày {DOTS} tháng {DOTS} năm {fig.f.today.year}", 14, italic=True, first=True)
    place.paragraphs[0].paragraph_format.space_before = Pt(6)

    w.para(("b", "BÁO CÁO"), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=18)
    w.para(("b", f"Kết quả thực hiện công tác dân vận chính quyền {period_phrase(fig.period)}"),
           align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=0)
    w.rule(w.doc, 4.0, 16.0, before=2)


def _previous_note(fig: Figures) -> str:
    """What "cùng kỳ năm trước" covers, for the data note under the introduction."""
    prev_period = rq.previous_year(fig.f).period
    if fig.previous is None:
        return f"chưa có số liệu {PREVIOUS} ({prev_period.label}) để so sánh"
    text = f"{PREVIOUS}: từ ngày {fmt.day(prev_period.start)} đến ngày {fmt.day(prev_period.end)}"
    last_end = fig.previous_coverage["last_end"].iloc[0]
    if not _missing(last_end) and pd.Timestamp(last_end).date() < prev_period.end:
        text += f" (báo cáo của các đơn vị mới có đến ngày {fmt.day(last_end)})"
    return text


def _vs(fig: Figures, text: str) -> str:
    """' (cùng kỳ năm trước: ...)' when the previous year has data, else ''."""
    return f" ({PREVIOUS}: {text})" if fig.previous is not None else ""


def _section_targets(w: _Writer, fig: Figures) -> None:
    w.heading("I. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU CỤ THỂ")
    met = fig.targets_met.iloc[0]
    sentence = f"Toàn Sở đạt {_n(met['met'])}/{_n(met['total'])} chỉ tiêu của Kế hoạch"
    if fig.previous is not None:
        prev = fig.prev["targets_met"].iloc[0]
        sentence += f" ({PREVIOUS}: đạt {_n(prev['met'])}/{_n(prev['total'])} chỉ tiêu)"
    if met["no_data"]:
        sentence += f"; {_n(met['no_data'])} chỉ tiêu chưa có số liệu"
    w.para(sentence + ". Chi tiết:")
    headers = ["TT", "Chỉ tiêu", "Kết quả"] + (["Cùng kỳ năm trước"] if fig.previous is not None else []) + [
        "Đạt / Chưa đạt"]
    widths = [1.0, 8.4, 4.0, 2.6] if fig.previous is None else [1.0, 6.0, 3.3, 3.3, 2.4]
    previous = fig.prev.get("attainment")
    rows = []
    for i, row in enumerate(fig.attainment.itertuples(), start=1):
        values = [str(i), row.name, row.result]
        if previous is not None:
            before = _row(previous, "indicator_code", row.indicator_code) if (
                previous["indicator_code"] == row.indicator_code).any() else None
            values.append("" if before is None else f"{before['result']}\n{before['status']}")
        rows.append(values + [row.status])
    table = w.table(headers, rows, widths, numeric_from=2)
    for r in range(1, len(rows) + 1):
        table.rows[r].cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _indicators_of_group(fig: Figures, group: int) -> list[Part]:
    """'Chỉ tiêu “Kế hoạch năm”: 2/3 đơn vị đạt (đánh giá: chưa đạt).' for the plan's task group ``group``
    (the indicator catalogue says which targets belong to which task group)."""
    codes = {i.code for i in default_catalog().indicators_for(fig.f.year) if i.task_group == group}
    rows = fig.attainment[fig.attainment["indicator_code"].isin(codes)]
    return [f"Chỉ tiêu “{r.short_name}”: {r.result} (đánh giá: {_lower(r.status)}). " for r in rows.itertuples()]


def _section_tasks(w: _Writer, fig: Figures) -> None:
    w.heading("II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ, GIẢI PHÁP")

    # 1. Dissemination and training
    w.heading("1. Quán triệt, tuyên truyền các chủ trương của Đảng, chính sách pháp luật của Nhà nước về công "
              "tác dân vận", 2)
    activities = _total(fig.dissemination, "form")
    if activities["activities"]:
        forms = fig.dissemination[fig.dissemination["form"] != rq.TOTAL[0]]
        text = (f"Các phòng, ban, đơn vị đã tổ chức {_n(activities['activities'])} hoạt động quán triệt, tuyên "
                f"truyền ({_listing(zip(forms['activities'], forms['form_label']))}) với "
                f"{_n(activities['participants'])} lượt người tham dự")
        if activities["activities_without_count"]:
            text += f" (chưa tính {_n(activities['activities_without_count'])} hoạt động không ghi số người)"
    else:
        text = "Trong kỳ, chưa có đơn vị báo cáo hoạt động quán triệt, tuyên truyền (biểu Tuyên truyền)"
    if fig.previous is not None:
        before = _total(fig.prev["dissemination"], "form")
        text += _vs(fig, f"{_n(before['activities'])} hoạt động, {_n(before['participants'])} lượt người")
    w.para(text + ".")
    courses = _total(fig.training, "topic")
    if courses["courses"]:
        text = (f"Các đơn vị tổ chức, cử công chức, viên chức tham dự {_n(courses['courses'])} lớp tập huấn, hội "
                f"nghị; số người tham dự/được cử: {_attendance(courses)}")
        law = _row(fig.training, "topic", "luat_thdcccs")
        if law["courses"]:
            text += (f"; trong đó tập huấn {law['topic_label']}: {_n(law['courses'])} lớp, "
                     f"{_attendance(law)}")
    else:
        text = "Trong kỳ, chưa có đơn vị báo cáo lớp tập huấn, hội nghị (biểu Tập huấn)"
    if fig.previous is not None:
        before = _total(fig.prev["training"], "topic")
        text += _vs(fig, f"{_n(before['courses'])} lớp, {_attendance(before)}")
    w.para(text + ".")
    w.para(*_indicators_of_group(fig, 1))
    w.placeholder("các văn bản của Trung ương, của tỉnh đã quán triệt; hình thức tuyên truyền nổi bật.")

    # 2. Institutionalisation
    w.heading("2. Thể chế hóa chủ trương của Đảng, chính sách pháp luật của Nhà nước về công tác dân vận", 2)
    w.para(*_indicators_of_group(fig, 2))
    w.placeholder("kế hoạch, chương trình đã ban hành; việc triển khai các kết luận, đề án của Tỉnh ủy.")

    # 3. Administrative reform (nothing in the data but the related targets)
    w.heading("3. Công tác cải cách hành chính; tăng cường kỷ luật, kỷ cương; sắp xếp, tinh gọn bộ máy", 2)
    w.para(*_indicators_of_group(fig, 3))
    w.placeholder("kết quả cải cách thủ tục hành chính, chuyển đổi số, chỉ số hài lòng; kỷ luật, kỷ cương "
                  "hành chính; sắp xếp tổ chức bộ máy.")

    # 4. Citizen reception and petitions
    w.heading("4. Tiếp xúc, đối thoại với Nhân dân; tiếp công dân, giải quyết đơn thư khiếu nại, tố cáo, kiến "
              "nghị, phản ánh", 2)
    _reception(w, fig)
    _petitions(w, fig)

    # 5. "Dân vận khéo"
    w.heading("5. Phong trào thi đua “Dân vận khéo”", 2)
    _models(w, fig)


def _reception(w: _Writer, fig: Figures) -> None:
    w.heading("a) Tiếp công dân", 3)
    totals = fig.reception_totals.iloc[0]
    forms = fig.reception[fig.reception["form"] != rq.TOTAL[0]]
    if totals["sessions"]:
        text = (f"Lãnh đạo Sở và các phòng, ban, đơn vị đã tổ chức {_n(totals['sessions'])} buổi tiếp công dân "
                f"({_listing(zip(forms['sessions'], forms['form_label']))}), tiếp {_n(totals['visits'])} lượt, "
                f"{_n(totals['people'])} người, {_n(totals['cases'])} vụ việc, {_n(totals['delegations'])} đoàn "
                f"đông người")
    else:
        text = "Trong kỳ, chưa có buổi tiếp công dân nào được báo cáo"
    if fig.previous is not None:
        before = fig.prev["reception_totals"].iloc[0]
        text += _vs(fig, f"{_n(before['sessions'])} buổi, {_n(before['visits'])} lượt, {_n(before['people'])} "
                         f"người")
    w.para(text + ".")
    parts: list[Part] = []
    if totals["periodic_sessions"]:
        on_schedule = _share(totals["periodic_on_schedule"], totals["periodic_sessions"], totals["on_schedule_share"])
        parts.append(f"Tiếp công dân định kỳ theo lịch: {on_schedule} buổi đúng lịch. ")
    head = fig.head_summary.iloc[0]
    if head["months"]:
        text = (f"Giám đốc Sở trực tiếp tiếp công dân {_n(head['days'])} ngày; {_n(head['met'])}/"
                f"{_n(head['judged'])} tháng đạt yêu cầu ít nhất 01 ngày/tháng (Luật Tiếp công dân 2013, Điều 18)")
        if head["pending"]:
            text += f", {_n(head['pending'])} tháng chưa kết thúc"
        if head["unreported"]:
            text += f", {_n(head['unreported'])} tháng chưa có số liệu (sau ngày chốt của báo cáo mới nhất)"
        parts.append(text + ".")
    if parts:
        w.para(*parts)
    rows = [[r.form_label, _n(r.sessions), _n(r.visits), _n(r.people), _n(r.cases), _n(r.delegations)]
            for r in fig.reception.itertuples()]
    bold = [len(rows) - 1]
    if fig.previous is not None:
        before = _total(fig.prev["reception"], "form")
        rows.append(["Cùng kỳ năm trước", _n(before["sessions"]), _n(before["visits"]), _n(before["people"]),
                     _n(before["cases"]), _n(before["delegations"])])
    w.table(["Hình thức tiếp", "Số buổi", "Số lượt", "Số người", "Số vụ việc", "Số đoàn đông người"], rows,
            [4.0, 2.4, 2.4, 2.4, 2.4, 2.4], bold_rows=bold)


def _petitions(w: _Writer, fig: Figures) -> None:
    w.heading("b) Tiếp nhận, giải quyết đơn thư", 3)
    total = _total(fig.petitions, "kind")
    text = (f"Tổng số đơn phải xử lý trong kỳ: {_n(total['total'])} đơn ({_n(total['carried_over'])} đơn kỳ "
            f"trước chuyển sang, {_n(total['received'])} đơn tiếp nhận trong kỳ)")
    if fig.previous is not None:
        text += _vs(fig, f"{_n(_total(fig.prev['petitions'], 'kind')['total'])} đơn")
    text += (f"; thuộc thẩm quyền {_n(total['within_competence'])} đơn, không thuộc thẩm quyền "
             f"{_n(total['outside_competence'])} đơn. Đã giải quyết {_n(total['resolved'])} đơn, đang giải quyết "
             f"{_n(total['in_progress'])} đơn.")
    w.para(text)
    judged = total["resolved_on_time"] + total["resolved_late"]
    text = (f"Chấp hành thời hạn giải quyết: {_n(total['resolved_on_time'])} đơn đúng quy định, "
            f"{_n(total['resolved_late'])} đơn không đúng quy định")
    if judged:
        text += f" (tỷ lệ đúng hạn {fmt.pct(total['on_time_share'])})"
    if total["resolved_no_deadline"]:
        text += f", {_n(total['resolved_no_deadline'])} đơn chưa xác định hạn"
    if fig.previous is not None:
        before = _total(fig.prev["petitions"], "kind")
        text += _vs(fig, f"tỷ lệ đúng hạn {fmt.pct(before['on_time_share'])}")
    text += (f". Đến ngày {fmt.day(fig.f.as_of)} còn {_n(total['open_overdue'])} đơn quá hạn chưa giải quyết.")
    w.para(text)
    results = fig.results
    named = results[results["result"] != rq.NO_RESULT[0]]
    unnamed = _row(results, "result", rq.NO_RESULT[0])
    if int(results["cases"].sum()):
        text = "Kết quả giải quyết: " + ", ".join(f"{r.result_label} {_n(r.cases)} đơn" for r in named.itertuples())
        if unnamed["cases"]:
            text += f"; {_n(unnamed['cases'])} đơn chuyển, hướng dẫn hoặc không ghi kết quả"
        w.para(text + ".")
    rows = [[r.kind_label, _n(r.carried_over), _n(r.received), _n(r.total), _n(r.resolved),
             _n(r.resolved_on_time), _n(r.resolved_late), _n(r.in_progress)]
            for r in fig.petitions.itertuples()]
    # "Quá hạn" here is of the cases resolved late: the text above counts the open ones overdue
    w.table(["Loại đơn", "Kỳ trước chuyển sang", "Tiếp nhận trong kỳ", "Tổng số", "Đã giải quyết",
             "Giải quyết đúng hạn", "Giải quyết quá hạn", "Đang giải quyết"], rows,
            [2.8, 1.9, 1.9, 1.6, 1.9, 1.9, 1.7, 2.3],
            bold_rows=[len(rows) - 1])
    w.para(*_indicators_of_group(fig, 4))
    w.placeholder("kết quả tiếp xúc, đối thoại với Nhân dân; vụ việc phức tạp, kéo dài (không nêu thông tin "
                  "cá nhân người khiếu nại, tố cáo).")


def _models(w: _Writer, fig: Figures) -> None:
    m = fig.models.iloc[0]
    # the register as of the period's end (a past period's states, dashboard.queries.models.models_as_of)
    text = (f"Đến ngày {fmt.day(fig.f.end)}, toàn Sở có {_n(m['models'])} mô hình, điển hình “Dân vận khéo” "
            f"({_n(m['mo_hinh'])} mô hình, "
            f"{_n(m['dien_hinh'])} điển hình); đăng ký mới trong kỳ {_n(m['registered_in_period'])}; được công "
            f"nhận {_n(m['recognised'])}; dừng thực hiện {_n(m['stopped'])}")
    if fig.previous is not None:
        before = fig.prev["models"].iloc[0]
        text += _vs(fig, f"{_n(before['models'])} mô hình, điển hình; đăng ký mới "
                         f"{_n(before['registered_in_period'])}")
    w.para(text + ".")
    w.para(*_indicators_of_group(fig, 5))
    rows: list[list[str]] = [["Theo lĩnh vực", ""]]
    rows += [[f"- {r.field_label}", _n(r.models)] for r in fig.models_by_field.itertuples()]
    rows += [["Theo trạng thái", ""]]
    rows += [[f"- {r.status_label}", _n(r.models)] for r in fig.models_by_status.itertuples()]
    bold = [0, len(fig.models_by_field) + 1]
    w.table(["Mô hình, điển hình “Dân vận khéo”", "Số lượng"], rows, [11.0, 4.0], bold_rows=bold)
    w.placeholder("mô hình, điển hình tiêu biểu và kết quả nổi bật.")


def _section_shortcomings(w: _Writer, fig: Figures) -> None:
    w.heading("III. TỒN TẠI, HẠN CHẾ")
    summary = fig.returns.iloc[0]
    w.heading(f"1. Việc gửi báo cáo của các phòng, ban, đơn vị ({summary['period_label']})", 2)
    if fig.pending is not None:
        own = fig.pending.iloc[0]
        w.para(f"Báo cáo {own['period_label']} chưa đến hạn nộp (hạn nộp ngày {fmt.day(own['due_date'])}); "
               f"đến ngày {fmt.day(fig.f.today)} đã có {_n(own['submitted'])}/{_n(own['expected'])} đơn vị gửi. "
               + (f"Kỳ gần nhất đã đến hạn là {summary['period_label']}:" if summary["period_code"] != own["period_code"]
                  else ""))
    w.para(f"Có {_n(summary['submitted'])}/{_n(summary['expected'])} đơn vị đã gửi báo cáo, "
           f"{_n(summary['on_time'])} đơn vị gửi đúng hạn (hạn nộp ngày {fmt.day(summary['due_date'])}).")
    if fig.late.empty:
        w.para("Không có đơn vị chậm nộp hoặc chưa nộp báo cáo.")
    else:
        w.para("Các đơn vị chậm nộp, chưa nộp báo cáo:")
        rows = [[str(i), r.unit_name, r.status, fmt.day(r.first_uploaded_at)]
                for i, r in enumerate(fig.late.itertuples(), start=1)]
        table = w.table(["TT", "Đơn vị", "Tình trạng", "Ngày nộp"], rows, [1.0, 9.0, 3.0, 3.0], numeric_from=2)
        for r in range(1, len(rows) + 1):
            table.rows[r].cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    w.heading("2. Các chỉ tiêu chưa đạt", 2)
    if fig.targets_not_met.empty:
        w.para("Các chỉ tiêu của Kế hoạch đều đạt.")
    else:
        w.para("; ".join(f"“{r.short_name}”: {r.result} (đánh giá: {_lower(r.status)})"
                         for r in fig.targets_not_met.itertuples()) + ".")
    w.placeholder("tồn tại, hạn chế và nguyên nhân.")


def build_docx(fig: Figures, letterhead: Letterhead = LETTERHEAD) -> tuple[bytes, tuple[str, ...]]:
    """The Word report and the placeholders it leaves for the office (in order)."""
    w = _Writer()
    _letterhead(w, fig, letterhead)
    phrase = period_phrase(fig.period)
    w.para(f"Thực hiện Kế hoạch của UBND tỉnh Lai Châu về triển khai, thực hiện công tác dân vận chính quyền "
           f"năm {fig.f.year} ", ("ph", "số, ngày ban hành Kế hoạch của UBND tỉnh và Kế hoạch của Sở"),
           f"; {letterhead.agency_in_text} báo cáo kết quả thực hiện công tác dân vận chính quyền {phrase} như sau:",
           before=12)
    note = (f"(Số liệu tổng hợp từ báo cáo của các phòng, ban, đơn vị thuộc Sở, tính từ ngày {fmt.day(fig.f.start)} "
            f"đến ngày {fmt.day(fig.f.end)}; đơn thư xét tại ngày {fmt.day(fig.f.as_of)}; {_previous_note(fig)}. "
            "Chi tiết tại Phụ lục kèm theo.)")
    w.para(("i", note), size=13)
    _section_targets(w, fig)
    _section_tasks(w, fig)
    _section_shortcomings(w, fig)
    w.heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI")
    w.placeholder("phương hướng, nhiệm vụ trọng tâm thời gian tới.")
    w.heading("V. ĐỀ XUẤT, KIẾN NGHỊ")
    w.placeholder("đề xuất, kiến nghị với UBND tỉnh (nếu có).")
    closing = w.para(f"Trên đây là báo cáo kết quả thực hiện công tác dân vận chính quyền {phrase} của "
                     f"{letterhead.agency_in_text} tỉnh Lai Châu./.")
    closing.paragraph_format.keep_with_next = True
    _signature(w, letterhead)
    return w.to_bytes(), tuple(w.placeholders)


def _signature(w: _Writer, lh: Letterhead) -> None:
    table = w.doc.add_table(rows=1, cols=2)
    table.autofit = False
    _cell_margins(table, 0, 0)
    for column, width in zip(table.columns, (7.0, 9.0)):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    _row_flags(table.rows[0], "w:cantSplit")  # the block stays on one page
    left, right = table.rows[0].cells
    w.para(("bi", "Nơi nhận:"), align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, size=12, before=12, container=left)
    left._tc.remove(left.paragraphs[0]._p)
    for recipient in lh.recipients:
        w.para(f"- {recipient}", align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, size=11, before=0, container=left)
    right._tc.remove(right.paragraphs[0]._p)
    w.para(("b", lh.signing_authority), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=12, container=right)
    w.para(("b", lh.signer_title), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=0, container=right)
    w.para(("i", "(Ký, ghi rõ họ tên, đóng dấu)"), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=12,
           before=0, container=right)
    for _ in range(3):
        w.para("", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=0, container=right)
    w.para(("ph", "họ và tên người ký"), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=0,
           bold=True, container=right)


# -- the Excel annex ------------------------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_FORMATS = {"int": "#,##0", "pct": "0.0%", "date": "dd/mm/yyyy", "num": "#,##0.0", "text": "@"}
TITLE_ROW, ATTACHED_ROW, WINDOW_ROW, HEADER_ROW = 1, 2, 3, 5


@dataclass(frozen=True)
class Col:
    title: str
    kind: str = "int"  # text | int | pct | date | num
    width: float = 12
    group: str | None = None  # upper header, merged over neighbouring columns of the same group


def _cell_value(value: object, kind: str) -> object:
    if _missing(value):
        return None
    if kind == "int":
        return int(value)
    if kind in ("pct", "num"):
        return float(value)
    if kind == "date":
        return pd.Timestamp(value).date()
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return str(value)


def _data_styles(ws, cols: Sequence[Col], row: int) -> dict[tuple[int, bool], object]:
    """(column index, bold) → the style of a data cell, built once on a scratch cell. Copying it
    into each cell skips openpyxl's per-cell style hashing: a province's 50.000-model list
    otherwise takes most of a minute."""
    styles = {}
    for i, col in enumerate(cols):
        for bold in (False, True):
            cell = ws.cell(row, i + 1)
            cell.border = _BOX
            cell.font = Font(name=FONT, size=11, bold=bold)
            if bold:
                cell.fill = _TOTAL_FILL
            if col.kind != "text":
                cell.number_format = _FORMATS[col.kind]
                cell.alignment = Alignment(horizontal="right" if col.kind != "date" else "center")
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            styles[i, bold] = copy(cell._style)
        del ws._cells[row, i + 1]  # the scratch cell: an empty table leaves no styled row behind
    return styles


# PL07's "Đã giải quyết" counts every case handled to its end; PL09's is one status among them.
RESOLVED_FOOTNOTE = ("Ghi chú: “Đã giải quyết” ở cột (7) gồm mọi đơn đã xử lý xong trong kỳ: đã giải quyết, đã "
                     "chuyển đơn, đã hướng dẫn, lưu đơn, rút đơn, đình chỉ (Phụ lục 09 tách theo từng trạng thái).")
HEAD_FOOTNOTE = ("Ghi chú: mỗi tháng tính trọn tháng dương lịch; những ngày sau ngày chốt số liệu (ngày 14) của kỳ "
                 "lấy từ báo cáo kỳ sau, nên số ngày có thể nhiều hơn số buổi Giám đốc Sở tiếp trong kỳ.")
STATUS_FOOTNOTE = ("Ghi chú: cột “Đã giải quyết” chỉ là các đơn ở trạng thái Đã giải quyết; số đơn đã xử lý xong "
                   "(cột “Đã giải quyết” của Phụ lục 07) còn gồm các đơn đã chuyển, đã hướng dẫn, lưu, rút, đình chỉ.")


def _sheet(book: Workbook, name: str, title: str, fig: Figures, cols: Sequence[Col],
           rows: Sequence[Sequence[object]], bold_rows: Iterable[int] = (), numbering: bool = False,
           note: str | None = None, letterhead: Letterhead = LETTERHEAD, footnote: str | None = None) -> None:
    """One annex table: title, attached-to line, data window, header (one or two rows, plus a
    numbering row for the inspection-style forms), then the rows, and a footnote in italics under
    them if given; the header is frozen."""
    ws = book.create_sheet(name[:31])
    last = get_column_letter(len(cols))
    ws.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    ws[f"A{TITLE_ROW}"] = title
    ws[f"A{TITLE_ROW}"].font = Font(name=FONT, bold=True, size=13)
    ws[f"A{TITLE_ROW}"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[TITLE_ROW].height = 36
    ws.merge_cells(f"A{ATTACHED_ROW}:{last}{ATTACHED_ROW}")
    ws[f"A{ATTACHED_ROW}"] = (f"(Kèm theo Báo cáo số {DOTS}/{letterhead.symbol} ngày {DOTS} của "
                              f"{letterhead.agency_in_text})")
    ws.merge_cells(f"A{WINDOW_ROW}:{last}{WINDOW_ROW}")
    window = (note or f"Số liệu từ ngày {fmt.day(fig.f.start)} đến ngày {fmt.day(fig.f.end)} "
                      f"({fig.period.label}); đơn thư xét tại ngày {fmt.day(fig.f.as_of)}.")
    ws[f"A{WINDOW_ROW}"] = window
    for row in (ATTACHED_ROW, WINDOW_ROW):
        ws[f"A{row}"].font = Font(name=FONT, italic=True, size=11)
        ws[f"A{row}"].alignment = Alignment(horizontal="center", wrap_text=True)

    grouped = any(c.group for c in cols)
    header_rows = 2 if grouped else 1
    for i, col in enumerate(cols, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        ws.cell(HEADER_ROW, i, col.group or col.title)
        if grouped:
            ws.cell(HEADER_ROW + 1, i, col.title if col.group else None)
            if not col.group:
                ws.merge_cells(start_row=HEADER_ROW, start_column=i, end_row=HEADER_ROW + 1, end_column=i)
    if grouped:  # merge each run of columns of the same group
        start = 1
        for i in range(2, len(cols) + 2):
            if i > len(cols) or cols[i - 1].group != cols[start - 1].group:
                if cols[start - 1].group and i - 1 > start:
                    ws.merge_cells(start_row=HEADER_ROW, start_column=start, end_row=HEADER_ROW, end_column=i - 1)
                start = i
    first_data = HEADER_ROW + header_rows
    if numbering:
        for i in range(1, len(cols) + 1):
            ws.cell(first_data, i, f"({i})")
        first_data += 1
    for r in range(HEADER_ROW, first_data):
        ws.row_dimensions[r].height = 45 if r < HEADER_ROW + header_rows else 15
        for i in range(1, len(cols) + 1):
            cell = ws.cell(r, i)
            cell.font = Font(name=FONT, bold=r < HEADER_ROW + header_rows, italic=r >= HEADER_ROW + header_rows,
                             size=11)
            cell.fill = _HEADER_FILL
            cell.border = _BOX
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    bold = set(bold_rows)
    styles = _data_styles(ws, cols, first_data)
    for r, values in enumerate(rows):
        for i, (value, col) in enumerate(zip(values, cols), start=1):
            cell = ws.cell(first_data + r, i, _cell_value(value, col.kind))
            cell._style = copy(styles[i - 1, r in bold])
    if footnote:
        below = first_data + len(rows) + 1
        ws.merge_cells(start_row=below, start_column=1, end_row=below, end_column=len(cols))
        ws.cell(below, 1, footnote).font = Font(name=FONT, italic=True, size=11)
        ws.cell(below, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[below].height = 32
    ws.freeze_panes = f"A{first_data}"
    ws.sheet_view.zoomScale = 100
    ws.print_title_rows = f"{HEADER_ROW}:{first_data - 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def build_annex(fig: Figures, letterhead: Letterhead = LETTERHEAD) -> bytes:
    """The Excel annex: one sheet per table behind the report's figures."""
    book = Workbook()
    book.remove(book.active)
    label = fig.period.label
    phrase = period_phrase(fig.period)
    has_prev = fig.previous is not None
    prev_group = "Cùng kỳ năm trước"

    info = book.create_sheet("Thông tin")
    info.column_dimensions["A"].width = 30
    info.column_dimensions["B"].width = 90
    info["A1"] = f"PHỤ LỤC BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC DÂN VẬN CHÍNH QUYỀN {phrase.upper()}"
    info["A1"].font = Font(name=FONT, bold=True, size=13)
    lines = [
        ("Cơ quan", f"{letterhead.agency_in_text} tỉnh Lai Châu"),
        ("Kỳ báo cáo", label),  # "Năm 2025 (2025)" said the year twice
        ("Số liệu", f"từ ngày {fmt.day(fig.f.start)} đến ngày {fmt.day(fig.f.end)}"),
        ("Đơn thư xét tại ngày", fmt.day(fig.f.as_of)),
        ("Cùng kỳ năm trước", _previous_note(fig)),
        ("Phạm vi", "Toàn Sở (mọi phòng, ban, đơn vị; đơn vị đã sáp nhập tính vào đơn vị hiện nay)"),
        ("Ngày lập", fmt.day(fig.f.today)),
        ("Ghi chú", ("Số liệu lấy từ cơ sở dữ liệu báo cáo của các đơn vị, cùng cách tính với các trang của "
                     "ứng dụng. Không có thông tin cá nhân của công dân.")),
    ]
    for r, (key, value) in enumerate(lines, start=3):
        info.cell(r, 1, key).font = Font(name=FONT, bold=True)
        info.cell(r, 2, value).alignment = Alignment(wrap_text=True, vertical="top")

    # PL01 targets
    cols = [Col("Mã", "text", 8), Col("Chỉ tiêu", "text", 60), Col("Kết quả", "text", 30),
            Col("Giá trị (%)", "num", 12), Col("Mức cần đạt (%)", "num", 12), Col("Đạt / Chưa đạt", "text", 16)]
    if has_prev:
        cols += [Col("Kết quả", "text", 30, prev_group), Col("Đạt / Chưa đạt", "text", 16, prev_group)]
    rows = []
    previous = fig.prev.get("attainment")
    for r in fig.attainment.itertuples():
        values = [r.indicator_code, r.name, r.result, r.value_pct, r.target_pct, r.status]
        if previous is not None:
            match = previous[previous["indicator_code"] == r.indicator_code]
            values += [match["result"].iloc[0], match["status"].iloc[0]] if not match.empty else [None, None]
        rows.append(values)
    _sheet(book, "PL01 Chỉ tiêu", f"Phụ lục 01. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU {phrase.upper()}", fig, cols, rows)

    # PL02 targets per unit
    cols = [Col("Mã đơn vị", "text", 10), Col("Đơn vị", "text", 40), Col("Mã chỉ tiêu", "text", 10),
            Col("Chỉ tiêu", "text", 26), Col("Kỳ số liệu", "text", 20), Col("Kết quả", "text", 28),
            Col("Đánh giá", "text", 18)]
    rows = [[r.unit_code, r.unit_name, r.indicator_code, r.short_name, r.period_label, r.result, r.status]
            for r in fig.unit_attainment.itertuples()]
    _sheet(book, "PL02 Chỉ tiêu theo đơn vị", f"Phụ lục 02. KẾT QUẢ CHỈ TIÊU THEO ĐƠN VỊ {phrase.upper()}",
           fig, cols, rows)

    # PL03 dissemination
    cols = [Col("Hình thức", "text", 28), Col("Số hoạt động", "int", 14), Col("Số lượt người tham dự", "int", 16),
            Col("Hoạt động không ghi số người", "int", 18)]
    if has_prev:
        cols = [replace(c, group="Kỳ báo cáo") if i else c for i, c in enumerate(cols)]
        cols += [Col("Số hoạt động", "int", 14, prev_group), Col("Số lượt người tham dự", "int", 16, prev_group)]
    rows = []
    for r in fig.dissemination.itertuples():
        values = [r.form_label, r.activities, r.participants, r.activities_without_count]
        if has_prev:
            before = _row(fig.prev["dissemination"], "form", r.form)
            values += [before["activities"], before["participants"]]
        rows.append(values)
    _sheet(book, "PL03 Tuyên truyền", f"Phụ lục 03. HOẠT ĐỘNG QUÁN TRIỆT, TUYÊN TRUYỀN {phrase.upper()}", fig,
           cols, rows, bold_rows=[len(rows) - 1])

    # PL04 training
    cols = [Col("Chủ đề", "text", 34), Col("Số lớp, hội nghị", "int", 14), Col("Số người được cử", "int", 14),
            Col("Số người tham dự", "int", 14), Col("Tỷ lệ tham dự", "pct", 12)]
    if has_prev:
        cols = [replace(c, group="Kỳ báo cáo") if i else c for i, c in enumerate(cols)]
        cols += [Col("Số lớp, hội nghị", "int", 14, prev_group), Col("Số người được cử", "int", 14, prev_group),
                 Col("Số người tham dự", "int", 14, prev_group)]
    rows = []
    for r in fig.training.itertuples():
        values = [r.topic_label, r.courses, r.assigned, r.attended, r.attendance_share]
        if has_prev:
            before = _row(fig.prev["training"], "topic", r.topic)
            values += [before["courses"], before["assigned"], before["attended"]]
        rows.append(values)
    _sheet(book, "PL04 Tập huấn", f"Phụ lục 04. TẬP HUẤN, HỘI NGHỊ {phrase.upper()}", fig, cols, rows,
           bold_rows=[len(rows) - 1])

    # PL05 reception by form (Thông tư 01/2024/TT-TTCP: lượt, người, vụ việc, đoàn đông người)
    cols = [Col("Hình thức tiếp", "text", 20), Col("Số buổi tiếp", "int", 11, "Kỳ báo cáo"),
            Col("Số lượt", "int", 10, "Kỳ báo cáo"), Col("Số người", "int", 10, "Kỳ báo cáo"),
            Col("Số vụ việc", "int", 10, "Kỳ báo cáo"), Col("Số đoàn đông người", "int", 12, "Kỳ báo cáo"),
            Col("Số buổi đúng lịch", "int", 11, "Kỳ báo cáo")]
    if has_prev:
        cols += [Col("Số buổi tiếp", "int", 11, prev_group), Col("Số lượt", "int", 10, prev_group),
                 Col("Số người", "int", 10, prev_group), Col("Số vụ việc", "int", 10, prev_group),
                 Col("Số đoàn đông người", "int", 12, prev_group)]
    rows = []
    for r in fig.reception.itertuples():
        values = [r.form_label, r.sessions, r.visits, r.people, r.cases, r.delegations, r.on_schedule]
        if has_prev:
            before = _row(fig.prev["reception"], "form", r.form)
            values += [before["sessions"], before["visits"], before["people"], before["cases"], before["delegations"]]
        rows.append(values)
    _sheet(book, "PL05 Tiếp công dân", f"Phụ lục 05. KẾT QUẢ TIẾP CÔNG DÂN {phrase.upper()}", fig, cols, rows,
           bold_rows=[len(rows) - 1], numbering=True)

    # PL06 the head's reception, month by month
    cols = [Col("Tháng", "text", 14), Col("Số ngày Giám đốc Sở tiếp", "int", 16), Col("Số buổi", "int", 10),
            Col("Đánh giá (≥ 01 ngày/tháng)", "text", 20)]
    rows = [[f"{pd.Timestamp(r.month).month:02d}/{pd.Timestamp(r.month).year}", r.days, r.sessions, r.state_label]
            for r in fig.head_months.itertuples()]
    head = fig.head_summary.iloc[0]
    rows.append(["Cộng", head["days"], None, f"Đạt {_n(head['met'])}/{_n(head['judged'])} tháng"])
    _sheet(book, "PL06 Giám đốc tiếp dân",
           f"Phụ lục 06. GIÁM ĐỐC SỞ TIẾP CÔNG DÂN ĐỊNH KỲ {phrase.upper()} (Luật Tiếp công dân 2013, Điều 18)",
           fig, cols, rows, bold_rows=[len(rows) - 1], footnote=HEAD_FOOTNOTE)

    # PL07 petitions, in the notions of Thông tư 01/2024/TT-TTCP
    g_count, g_comp, g_done, g_time = ("Số đơn", "Thẩm quyền", "Kết quả xử lý", "Chấp hành thời hạn giải quyết")
    cols = [Col("Loại đơn", "text", 16), Col("Kỳ trước chuyển sang", "int", 11, g_count),
            Col("Tiếp nhận trong kỳ", "int", 11, g_count), Col("Tổng số", "int", 10, g_count),
            Col("Thuộc thẩm quyền", "int", 11, g_comp), Col("Không thuộc thẩm quyền", "int", 11, g_comp),
            Col("Đã giải quyết", "int", 11, g_done), Col("Đang giải quyết", "int", 11, g_done),
            Col("Đúng quy định", "int", 11, g_time), Col("Không đúng quy định", "int", 11, g_time),
            Col("Chưa xác định hạn", "int", 11, g_time), Col("Tỷ lệ đúng hạn", "pct", 10, g_time),
            Col("Quá hạn chưa giải quyết", "int", 12)]
    if has_prev:
        cols += [Col("Tổng số", "int", 10, prev_group), Col("Đã giải quyết", "int", 11, prev_group),
                 Col("Đúng quy định", "int", 11, prev_group), Col("Tỷ lệ đúng hạn", "pct", 10, prev_group)]
    rows = []
    for r in fig.petitions.itertuples():
        values = [r.kind_label, r.carried_over, r.received, r.total, r.within_competence, r.outside_competence,
                  r.resolved, r.in_progress, r.resolved_on_time, r.resolved_late, r.resolved_no_deadline,
                  r.on_time_share, r.open_overdue]
        if has_prev:
            before = _row(fig.prev["petitions"], "kind", r.kind)
            values += [before["total"], before["resolved"], before["resolved_on_time"], before["on_time_share"]]
        rows.append(values)
    _sheet(book, "PL07 Đơn thư", f"Phụ lục 07. TỔNG HỢP TIẾP NHẬN, GIẢI QUYẾT ĐƠN THƯ {phrase.upper()}", fig,
           cols, rows, bold_rows=[len(rows) - 1], numbering=True, footnote=RESOLVED_FOOTNOTE)

    # PL08 results by kind
    results = fig.results_by_kind
    result_codes = list(dict.fromkeys(results["result"]))
    result_labels = dict(zip(results["result"], results["result_label"]))
    cols = [Col("Loại đơn", "text", 16)] + [Col(result_labels[c], "int", 13, "Kết quả giải quyết")
                                            for c in result_codes] + [Col("Tổng số đơn đã giải quyết", "int", 14)]
    rows = []
    for kind, part in results.groupby("kind", sort=False):
        counts = dict(zip(part["result"], part["cases"]))
        rows.append([part["kind_label"].iloc[0]] + [counts[c] for c in result_codes]
                    + [_row(fig.petitions, "kind", kind)["resolved"]])
    _sheet(book, "PL08 Kết quả giải quyết", f"Phụ lục 08. KẾT QUẢ GIẢI QUYẾT ĐƠN THƯ THEO LOẠI {phrase.upper()}",
           fig, cols, rows, bold_rows=[len(rows) - 1], numbering=True)

    # PL09 handling by status
    statuses = fig.by_status
    status_codes = list(dict.fromkeys(statuses["status"]))
    status_labels = dict(zip(statuses["status"], statuses["status_label"]))
    cols = [Col("Loại đơn", "text", 16)] + [Col(status_labels[c], "int", 12, "Tình trạng xử lý")
                                            for c in status_codes] + [Col("Tổng số", "int", 10)]
    rows = []
    for kind, part in statuses.groupby("kind", sort=False):
        counts = dict(zip(part["status"], part["cases"]))
        rows.append([part["kind_label"].iloc[0]] + [counts[c] for c in status_codes]
                    + [_row(fig.petitions, "kind", kind)["total"]])
    _sheet(book, "PL09 Xử lý đơn",
           f"Phụ lục 09. TÌNH TRẠNG XỬ LÝ ĐƠN THƯ ĐẾN NGÀY {fmt.day(fig.f.as_of)}", fig, cols, rows,
           bold_rows=[len(rows) - 1], numbering=True, footnote=STATUS_FOOTNOTE)

    # PL10 "Dân vận khéo" by field and status
    cols = [Col("Phân loại", "text", 16), Col("Nội dung", "text", 32), Col("Số mô hình, điển hình", "int", 16)]
    rows = [["Lĩnh vực", r.field_label, r.models] for r in fig.models_by_field.itertuples()]
    rows += [["Trạng thái", r.status_label, r.models] for r in fig.models_by_status.itertuples()]
    m = fig.models.iloc[0]
    summary = [("Tổng số mô hình, điển hình", m["models"]), ("Trong đó: mô hình", m["mo_hinh"]),
               ("Trong đó: điển hình", m["dien_hinh"]), ("Đăng ký mới trong kỳ", m["registered_in_period"]),
               ("Được công nhận", m["recognised"])]
    if has_prev:
        cols.append(Col(prev_group, "int", 16))
        # every field and status is a row in both years (catalogue order): the same label's count
        earlier = {("Lĩnh vực", r.field_label): r.models for r in fig.prev["models_by_field"].itertuples()}
        earlier |= {("Trạng thái", r.status_label): r.models for r in fig.prev["models_by_status"].itertuples()}
        rows = [values + [earlier.get((values[0], values[1]), 0)] for values in rows]
        before = fig.prev["models"].iloc[0]
        prev_values = [before["models"], before["mo_hinh"], before["dien_hinh"], before["registered_in_period"],
                       before["recognised"]]
        rows += [["Tổng hợp", text, value, prev_value] for (text, value), prev_value in zip(summary, prev_values)]
    else:
        rows += [["Tổng hợp", text, value] for text, value in summary]
    _sheet(book, "PL10 Dân vận khéo", f"Phụ lục 10. MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO” ĐẾN NGÀY {fmt.day(fig.f.end)}",
           fig, cols, rows, bold_rows=[len(rows) - len(summary)])

    # PL11 the register
    cols = [Col("Đơn vị", "text", 32), Col("Tên mô hình, điển hình", "text", 48), Col("Loại", "text", 18),
            Col("Lĩnh vực", "text", 24), Col("Ngày đăng ký", "date", 13), Col("Trạng thái", "text", 16),
            Col("Cấp công nhận", "text", 13), Col("Đăng ký trong kỳ", "text", 12)]
    rows = [[r.unit_name, r.model_name, r.model_type_label, r.field_label, r.registered_date, r.status_label,
             r.recognition_level_label, fmt.YES_NO[bool(r.registered_in_period)]]
            for r in fig.model_list.itertuples()]
    _sheet(book, "PL11 Danh sách mô hình", f"Phụ lục 11. DANH SÁCH MÔ HÌNH, ĐIỂN HÌNH “DÂN VẬN KHÉO” ĐẾN NGÀY "
           f"{fmt.day(fig.f.end)}", fig, cols, rows)

    # PL12 late or missing returns
    returns = fig.returns.iloc[0]
    cols = [Col("Mã đơn vị", "text", 10), Col("Đơn vị", "text", 48), Col("Kỳ báo cáo", "text", 20),
            Col("Hạn nộp", "date", 12), Col("Tình trạng", "text", 14), Col("Ngày nộp", "date", 12)]
    rows = [[r.unit_code, r.unit_name, r.period_label, r.due_date, r.status, r.first_uploaded_at]
            for r in fig.late.itertuples()]
    note = (f"{returns['period_label']}: {_n(returns['submitted'])}/{_n(returns['expected'])} đơn vị đã nộp, "
            f"{_n(returns['on_time'])} đúng hạn; hạn nộp ngày {fmt.day(returns['due_date'])}.")
    if fig.pending is not None:
        own = fig.pending.iloc[0]
        note = (f"{own['period_label']}: chưa đến hạn nộp (hạn nộp ngày {fmt.day(own['due_date'])}), đã có "
                f"{_n(own['submitted'])}/{_n(own['expected'])} đơn vị gửi. "
                + (f"Kỳ gần nhất đã đến hạn: {note}" if returns["period_code"] != own["period_code"] else ""))
    _sheet(book, "PL12 Nộp báo cáo", f"Phụ lục 12. ĐƠN VỊ CHẬM NỘP, CHƯA NỘP BÁO CÁO "
           f"{str(returns['period_label']).upper()}", fig, cols, rows, note=note.strip())

    for ws in book.worksheets:
        ws.sheet_view.showGridLines = ws.title == "Thông tin"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- both documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordReport:
    """The Word report and what the page shows beside it (the annex is built on demand)."""

    period_code: str
    period_label: str
    docx: bytes
    placeholders: tuple[str, ...]  # what the office must still write, in order
    targets: str  # "3/7": targets met, department-wide

    @property
    def docx_name(self) -> str:
        return f"bao_cao_dan_van_chinh_quyen_{self.period_code}.docx"

    @property
    def xlsx_name(self) -> str:
        return default_annex_path(Path(self.docx_name)).name


@dataclass(frozen=True)
class Documents(WordReport):
    xlsx: bytes = b""


def _word(fig: Figures, letterhead: Letterhead) -> WordReport:
    docx_bytes, placeholders = build_docx(fig, letterhead)
    met = fig.targets_met.iloc[0]
    return WordReport(period_code=fig.period.code, period_label=fig.period.label, docx=docx_bytes,
                      placeholders=placeholders, targets=f"{_n(met['met'])}/{_n(met['total'])}")


def build_word(db: Path, f: Filters, letterhead: Letterhead = LETTERHEAD) -> WordReport:
    """The Word report for the filters' period (department-wide): a second or two at province scale."""
    return _word(collect(db, report_filters(f), annex=False), letterhead)


def build_annex_file(db: Path, f: Filters, letterhead: Letterhead = LETTERHEAD) -> bytes:
    """The Excel annex for the filters' period: built when asked for (a province's model list
    alone is 50.000 rows, some seconds of openpyxl)."""
    return build_annex(collect(db, report_filters(f)), letterhead)


def build_documents(db: Path, f: Filters, letterhead: Letterhead = LETTERHEAD) -> Documents:
    """The report and its annex for the filters' period (department-wide), from one collection."""
    fig = collect(db, report_filters(f))
    return Documents(**vars(_word(fig, letterhead)), xlsx=build_annex(fig, letterhead))


def default_annex_path(docx_path: Path) -> Path:
    """``bao_cao.docx`` → ``bao_cao_phu_luc.xlsx`` beside it."""
    return docx_path.with_name(f"{docx_path.stem}_phu_luc.xlsx")


def write_report(db: Path, period: str, docx_path: Path, annex_path: Path | None = None,
                 today: date | None = None) -> Documents:
    """Write both files (the annex defaults to the report's name + ``_phu_luc.xlsx``)."""
    annex_path = annex_path or default_annex_path(docx_path)
    for path in (docx_path, annex_path):
        if path.exists() and path.is_dir():
            raise DvcqError(f"'{path}' là một thư mục. Hãy ghi tên tệp, ví dụ bao_cao_2025.docx.", path=str(path))
    documents = build_documents(db, report_filters(period, today))
    for path, data in ((docx_path, documents.docx), (annex_path, documents.xlsx)):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise DvcqError(f"Không ghi được tệp '{path}': {exc.strerror}. Hãy kiểm tra thư mục và quyền ghi, "
                            "hoặc đóng tệp nếu đang mở trong Word/Excel.", path=str(path)) from exc
    return documents
