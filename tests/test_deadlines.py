from datetime import date

import pytest

from etl.deadlines import CaseFacts, Deadline, DeadlineRuleError, RuleSet
from etl.holidays import WorkCalendar

HEADER = (
    "rule_id,kind,step,attempt,complexity,remote_area,within_competence,limit_days,"
    "day_type,counted_from,effective_from,effective_to,legal_basis\n"
)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.from_csv()


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet.from_csv()


def test_default_rule_file_loads(rules):
    assert [r.rule_id for r in rules.rules] == [
        "KN-THU-LY", "KN-L1", "KN-L1-PT", "KN-L1-VX", "KN-L1-PT-VX",
        "KN-L2", "KN-L2-PT", "KN-L2-VX", "KN-L2-PT-VX", "KN-CHUYEN",
        "TC-XU-LY", "TC-GQ", "TC-CHUYEN",
        "KNG-TRA-LOI", "KNG-CHUYEN", "PA-TRA-LOI", "PA-CHUYEN",
    ]


def test_khieu_nai_first_complex_remote_lands_in_the_30_4_break(rules, cal):
    # 03/03/2025 + 60 days = Friday 02/05/2025, the swapped day of the 30/4-4/5 break;
    # 03 and 04/05 are the weekend, so the deadline is Monday 05/05/2025.
    case = CaseFacts(
        kind="khieu_nai", received_date=date(2025, 2, 24), accepted_date=date(2025, 3, 3),
        complexity="phuc_tap", remote_area=True,
    )
    assert rules.resolution_deadline(case, cal) == Deadline(
        due_date=date(2025, 5, 5),
        rule_id="KN-L1-PT-VX",
        limit_days=60,
        day_type="calendar",
        counted_from="accept",
        start_date=date(2025, 3, 3),
        legal_basis="Luật Khiếu nại 2011, Điều 28 (vụ việc phức tạp ở vùng sâu, vùng xa)",
    )


@pytest.mark.parametrize(
    "attempt, complexity, remote, rule_id, days",
    [
        (1, "binh_thuong", False, "KN-L1", 30),
        (1, "phuc_tap", False, "KN-L1-PT", 45),
        (1, "dac_biet_phuc_tap", False, "KN-L1-PT", 45),
        (1, "binh_thuong", True, "KN-L1-VX", 45),
        (1, "dac_biet_phuc_tap", True, "KN-L1-PT-VX", 60),
        (2, "binh_thuong", False, "KN-L2", 45),
        (2, "phuc_tap", False, "KN-L2-PT", 60),
        (2, "binh_thuong", True, "KN-L2-VX", 60),
        (2, "phuc_tap", True, "KN-L2-PT-VX", 70),
    ],
)
def test_khieu_nai_limits(rules, cal, attempt, complexity, remote, rule_id, days):
    case = CaseFacts(
        kind="khieu_nai", received_date=date(2025, 6, 2), accepted_date=date(2025, 6, 9),
        attempt=attempt, complexity=complexity, remote_area=remote,
    )
    deadline = rules.resolution_deadline(case, cal)
    assert (deadline.rule_id, deadline.limit_days, deadline.day_type) == (
        rule_id, days, "calendar"
    )


def test_calendar_deadline_on_a_sunday_moves_to_monday(rules, cal):
    # 06/06/2025 + 30 days = Sunday 06/07/2025.
    case = CaseFacts(kind="khieu_nai", received_date=date(2025, 6, 2),
                     accepted_date=date(2025, 6, 6))
    assert rules.resolution_deadline(case, cal).due_date == date(2025, 7, 7)


def test_calendar_deadline_on_1_5_moves_to_the_next_working_day(rules, cal):
    # 01/04/2024 + 30 days = Wednesday 01/05/2024, a holiday -> Thursday 02/05/2024.
    case = CaseFacts(kind="to_cao", received_date=date(2024, 3, 25),
                     accepted_date=date(2024, 4, 1))
    assert rules.resolution_deadline(case, cal).due_date == date(2024, 5, 2)


def test_calendar_deadline_on_30_4_2025_moves_past_the_break(rules, cal):
    # 31/03/2025 + 30 days = 30/04/2025; 1/5, 2/5 off, 3-4/5 weekend -> 05/05/2025.
    case = CaseFacts(kind="to_cao", received_date=date(2025, 3, 24),
                     accepted_date=date(2025, 3, 31))
    assert rules.resolution_deadline(case, cal).due_date == date(2025, 5, 5)


def test_to_cao_with_a_30_day_extension(rules, cal):
    # 02/06/2025 + (30 + 30) days = Friday 01/08/2025, a working day.
    case = CaseFacts(
        kind="to_cao", received_date=date(2025, 5, 26), accepted_date=date(2025, 6, 2),
        complexity="phuc_tap", extension_days=30,
    )
    assert rules.resolution_deadline(case, cal) == Deadline(
        due_date=date(2025, 8, 1),
        rule_id="TC-GQ",
        limit_days=60,
        day_type="calendar",
        counted_from="accept",
        start_date=date(2025, 6, 2),
        legal_basis=(
            "Luật Tố cáo 2018, Điều 30; cộng 30 ngày gia hạn theo quyết định gia hạn "
            "(Luật Tố cáo 2018, Điều 30)"
        ),
    )
    without = CaseFacts(kind="to_cao", received_date=date(2025, 5, 26),
                        accepted_date=date(2025, 6, 2))
    assert rules.resolution_deadline(without, cal).due_date == date(2025, 7, 2)


def test_extension_days_are_ignored_for_khieu_nai(rules, cal):
    case = CaseFacts(kind="khieu_nai", received_date=date(2025, 6, 2),
                     accepted_date=date(2025, 6, 6), extension_days=30)
    deadline = rules.resolution_deadline(case, cal)
    assert (deadline.due_date, deadline.limit_days) == (date(2025, 7, 7), 30)


def test_kien_nghi_answer_spans_tet_2025(rules, cal):
    # Working days after 20/01/2025: 21, 22, 23, 24 Jan, then 3, 4, 5, 6, 7, 10 Feb.
    case = CaseFacts(kind="kien_nghi", received_date=date(2025, 1, 20))
    assert rules.resolution_deadline(case, cal) == Deadline(
        due_date=date(2025, 2, 10),
        rule_id="KNG-TRA-LOI",
        limit_days=10,
        day_type="working",
        counted_from="receipt",
        start_date=date(2025, 1, 20),
        legal_basis="Luật Tiếp công dân 2013, Điều 28 (cần đối chiếu)",
    )


def test_phan_anh_counts_the_make_up_saturday(rules, cal):
    # 25/4 (1), Saturday 26/4 make-up (2), 28 (3), 29 (4), 5/5 (5), 6, 7, 8, 9, 12/5 (10).
    case = CaseFacts(kind="phan_anh", received_date=date(2025, 4, 24))
    deadline = rules.resolution_deadline(case, cal)
    assert (deadline.due_date, deadline.rule_id) == (date(2025, 5, 12), "PA-TRA-LOI")


def test_not_within_competence_is_a_transfer(rules, cal):
    def due(kind: str, received: date) -> tuple[date, str, int]:
        d = rules.resolution_deadline(
            CaseFacts(kind=kind, received_date=received, within_competence=False), cal
        )
        return d.due_date, d.rule_id, d.limit_days

    # 12, 13 Feb, Tết Bính Ngọ 14-22 Feb, then 23, 24, 25 Feb 2026.
    assert due("to_cao", date(2026, 2, 11)) == (date(2026, 2, 25), "TC-CHUYEN", 5)
    assert due("khieu_nai", date(2025, 1, 20)) == (date(2025, 2, 10), "KN-CHUYEN", 10)
    assert due("kien_nghi", date(2025, 1, 20)) == (date(2025, 2, 10), "KNG-CHUYEN", 10)
    assert due("phan_anh", date(2025, 1, 20)) == (date(2025, 2, 10), "PA-CHUYEN", 10)


def test_counts_from_receipt_when_there_is_no_thu_ly_date(rules, cal):
    # 26/05/2025 + 30 days = Wednesday 25/06/2025.
    case = CaseFacts(kind="to_cao", received_date=date(2025, 5, 26))
    assert rules.resolution_deadline(case, cal) == Deadline(
        due_date=date(2025, 6, 25),
        rule_id="TC-GQ",
        limit_days=30,
        day_type="calendar",
        counted_from="receipt",
        start_date=date(2025, 5, 26),
        legal_basis="Luật Tố cáo 2018, Điều 30 (tính từ ngày nhận do chưa có ngày thụ lý)",
    )


def test_acceptance_deadline(rules, cal):
    khieu_nai = CaseFacts(kind="khieu_nai", received_date=date(2025, 1, 20))
    assert rules.acceptance_deadline(khieu_nai, cal) == Deadline(
        due_date=date(2025, 2, 10),
        rule_id="KN-THU-LY",
        limit_days=10,
        day_type="working",
        counted_from="receipt",
        start_date=date(2025, 1, 20),
        legal_basis="Luật Khiếu nại 2011, Điều 27",
    )
    # 7 working days after 22/01/2025: 23, 24 Jan, then 3, 4, 5, 6, 7 Feb.
    to_cao = CaseFacts(kind="to_cao", received_date=date(2025, 1, 22), within_competence=False)
    deadline = rules.acceptance_deadline(to_cao, cal)
    assert (deadline.due_date, deadline.rule_id) == (date(2025, 2, 7), "TC-XU-LY")
    assert rules.acceptance_deadline(CaseFacts("kien_nghi", date(2025, 1, 20)), cal) is None
    assert rules.acceptance_deadline(CaseFacts("phan_anh", date(2025, 1, 20)), cal) is None
    outside = CaseFacts("khieu_nai", date(2025, 1, 20), within_competence=False)
    assert rules.acceptance_deadline(outside, cal) is None


def test_max_extension_days(rules):
    assert [rules.max_extension_days(kind, complexity) for kind, complexity in [
        ("to_cao", "binh_thuong"), ("to_cao", "phuc_tap"), ("to_cao", "dac_biet_phuc_tap"),
        ("khieu_nai", "dac_biet_phuc_tap"), ("kien_nghi", "phuc_tap"), ("phan_anh", "binh_thuong"),
    ]] == [0, 30, 60, 0, 0, 0]


def test_no_rule_before_the_law_took_effect(rules, cal):
    case = CaseFacts(kind="to_cao", received_date=date(2018, 12, 31))
    with pytest.raises(DeadlineRuleError) as info:
        rules.resolution_deadline(case, cal)
    assert str(info.value) == (
        "Không có quy tắc thời hạn giải quyết cho đơn tố cáo, bình thường, thuộc thẩm quyền "
        "nhận ngày 31/12/2018. Hãy bổ sung quy tắc vào tệp deadline_rules.csv."
    )
    assert isinstance(info.value, ValueError)


def test_invalid_case_facts(rules, cal):
    bad = [
        (CaseFacts("khieu_nai_x", date(2025, 1, 2)),
         "Loại đơn 'khieu_nai_x' không hợp lệ; hãy dùng một trong: "
         "khieu_nai, to_cao, kien_nghi, phan_anh."),
        (CaseFacts("khieu_nai", date(2025, 1, 2), complexity="rat_kho"),
         "Mức độ phức tạp 'rat_kho' không hợp lệ; "
         "hãy dùng một trong: binh_thuong, phuc_tap, dac_biet_phuc_tap."),
        (CaseFacts("khieu_nai", date(2025, 1, 2), attempt=3),
         "Lần giải quyết khiếu nại '3' không hợp lệ; hãy dùng 1 hoặc 2."),
        (CaseFacts("to_cao", date(2025, 1, 2), extension_days=-5),
         "Số ngày gia hạn phải không âm (nhận được -5)."),
    ]
    for case, message in bad:
        with pytest.raises(DeadlineRuleError) as info:
            rules.resolution_deadline(case, cal)
        assert str(info.value) == message


def write_rules(tmp_path, body: str):
    path = tmp_path / "deadline_rules.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_rule_selection_by_effective_date(tmp_path, cal):
    path = write_rules(
        tmp_path,
        "OLD,khieu_nai,giai_quyet,1,*,*,1,30,calendar,accept,2012-07-01,2026-06-30,"
        "\"Luật Khiếu nại 2011, Điều 28\"\n"
        "NEW,khieu_nai,giai_quyet,1,*,*,1,20,working,accept,2026-07-01,,"
        "\"Luật 136/2025/QH15 (giả định cho kiểm thử)\"\n",
    )
    rules = RuleSet.from_csv(path)

    def due(received: date) -> tuple[str, date]:
        d = rules.resolution_deadline(
            CaseFacts("khieu_nai", received, accepted_date=date(2026, 7, 6)), cal
        )
        return d.rule_id, d.due_date

    # 06/07/2026 + 30 days = Wednesday 05/08/2026.
    assert due(date(2026, 6, 30)) == ("OLD", date(2026, 8, 5))
    # 20 working days after Monday 06/07/2026: 7 Jul .. 3 Aug 2026.
    assert due(date(2026, 7, 1)) == ("NEW", date(2026, 8, 3))


def test_later_rule_supersedes_an_open_ended_one(tmp_path, cal):
    path = write_rules(
        tmp_path,
        "SPECIFIC,to_cao,giai_quyet,*,phuc_tap,*,1,30,calendar,accept,2019-01-01,,A\n"
        "GENERIC,to_cao,giai_quyet,*,*,*,1,30,calendar,accept,2019-01-01,,B\n"
        "LATER,to_cao,giai_quyet,*,*,*,1,40,calendar,accept,2026-07-01,,C\n",
    )
    rules = RuleSet.from_csv(path)

    def rule_for(received: date, complexity: str) -> str:
        return rules.find_rule(CaseFacts("to_cao", received, complexity=complexity),
                               "giai_quyet").rule_id

    assert rule_for(date(2025, 1, 2), "phuc_tap") == "SPECIFIC"
    assert rule_for(date(2025, 1, 2), "binh_thuong") == "GENERIC"
    assert rule_for(date(2026, 7, 1), "phuc_tap") == "LATER"


def test_two_equal_rules_are_an_error(tmp_path, cal):
    path = write_rules(
        tmp_path,
        "A,to_cao,giai_quyet,*,*,*,1,30,calendar,accept,2019-01-01,,A\n"
        "B,to_cao,giai_quyet,*,*,*,1,45,calendar,accept,2019-01-01,,B\n",
    )
    rules = RuleSet.from_csv(path)
    with pytest.raises(DeadlineRuleError) as info:
        rules.resolution_deadline(CaseFacts("to_cao", date(2025, 1, 2)), cal)
    assert str(info.value) == (
        "Các quy tắc 'A' và 'B' cùng áp dụng cho giải quyết đơn tố cáo, bình thường, "
        "thuộc thẩm quyền; hãy sửa tệp deadline_rules.csv để chỉ còn một quy tắc."
    )


@pytest.mark.parametrize(
    "row, message",
    [
        ("X,to_cao,giai_quyet,*,*,*,1,30,lich,accept,2019-01-01,,A\n",
         "Tệp deadline_rules.csv, dòng 2: cột day_type có giá trị 'lich' không hợp lệ; "
         "hãy dùng một trong: calendar, working."),
        ("X,to_cao,giai_quyet,*,*,*,1,0,calendar,accept,2019-01-01,,A\n",
         "Tệp deadline_rules.csv, dòng 2: cột limit_days có giá trị '0' không hợp lệ; "
         "hãy ghi một số nguyên dương."),
        ("X,to_cao,giai_quyet,*,*,*,1,30,calendar,accept,01/01/2019,,A\n",
         "Tệp deadline_rules.csv, dòng 2: cột effective_from có ngày '01/01/2019' "
         "không đúng dạng YYYY-MM-DD."),
        ("X,to_cao,giai_quyet,*,*,*,1,30,calendar,accept,2019-01-01,2018-01-01,A\n",
         "Tệp deadline_rules.csv, dòng 2: ngày hết hiệu lực (effective_to) trước ngày "
         "có hiệu lực (effective_from)."),
        ("X,to_cao,giai_quyet,*,*,*,1,30,calendar,accept,2019-01-01,,\n",
         "Tệp deadline_rules.csv, dòng 2: thiếu căn cứ pháp lý (cột legal_basis)."),
        ("X,to_cao,giai_quyet,*,*,*,1,30,calendar,accept,2019-01-01,,A\n"
         "X,to_cao,chuyen_don,*,*,*,0,5,working,receipt,2019-01-01,,A\n",
         "Tệp deadline_rules.csv, dòng 3: mã quy tắc 'X' bị trùng."),
    ],
)
def test_rule_file_errors(tmp_path, row, message):
    with pytest.raises(DeadlineRuleError) as info:
        RuleSet.from_csv(write_rules(tmp_path, row))
    assert str(info.value) == message


def test_resolution_due_gives_what_resolution_deadline_gives(cal):
    """The fast path for many cases: the same date, basis and rule for every combination of facts
    (fresh rule sets: a first call finds the rule, later ones reuse it), the same errors."""
    import itertools

    fast, slow = RuleSet.from_csv(), RuleSet.from_csv()
    checked = 0
    for kind, within, attempt, complexity, remote, extension, received, accepted in itertools.product(
            ("khieu_nai", "to_cao", "kien_nghi", "phan_anh"), (True, False), (1, 2),
            ("binh_thuong", "phuc_tap", "dac_biet_phuc_tap"), (False, True), (0, 30),
            (date(2025, 4, 25), date(2025, 12, 24)), (None, date(2025, 12, 29))):
        if accepted and accepted < received:
            continue
        case = CaseFacts(kind, received, accepted, within, attempt, complexity, remote, extension)
        expected = slow.resolution_deadline(case, cal)
        for _ in range(2):
            assert fast.resolution_due(cal, kind, received, accepted, within, attempt, complexity, remote,
                                       extension) == (expected.due_date, expected.legal_basis, expected.rule_id)
        checked += 1
    assert checked == 4 * 2 * 2 * 3 * 2 * 2 * 2 * 2
    for kind, complexity, attempt, extension, words in (
            ("khong_ro", "phuc_tap", 1, 0, "Loại đơn"), ("khieu_nai", "rat_kho", 1, 0, "Mức độ"),
            ("khieu_nai", "phuc_tap", 3, 0, "Lần giải quyết"), ("to_cao", "phuc_tap", 1, -1, "gia hạn")):
        with pytest.raises(DeadlineRuleError, match=words):
            fast.resolution_due(cal, kind, date(2025, 3, 3), None, True, attempt, complexity, False, extension)
