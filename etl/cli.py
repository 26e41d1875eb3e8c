"""Command line (contract §3): ``python -m etl VERB ...``. Thin: parse, call the library, print.

Messages are Vietnamese, one line per finding, starting with the file name and the cell.
"""

from __future__ import annotations

import argparse
import errno
import getpass
import os
import sys
from pathlib import Path

from etl.errors import DatabaseBusy, DvcqError, UnusableDatabase
from etl.settings import db_path


def _out(text: str = "") -> None:
    print(text, flush=True)


def _err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _user(args: argparse.Namespace) -> str:
    if getattr(args, "user", None):
        return args.user
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name in some containers
        return "cli"


def cmd_init(args: argparse.Namespace) -> int:
    from etl.load import init_db

    path = db_path(args.db)
    init_db(path)
    _out(f"Đã tạo/cập nhật cơ sở dữ liệu: {path}")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from etl.template import write_template

    output = Path(args.output)
    if output.suffix.lower() in (".xls", ".xlsm", ".ods", ".csv"):  # an .xlsx under another format's name
        raise DvcqError(f"Mẫu báo cáo là tệp .xlsx, không phải {output.suffix}: hãy đặt tên tệp kết thúc bằng .xlsx "
                        f"(ví dụ {output.with_suffix('.xlsx').name}).")
    write_template(output, unit_code=args.unit, period_code=args.period)
    _out(f"Đã ghi mẫu báo cáo: {args.output}")
    return 0


def _print_findings(file_name: str, parsed) -> None:
    for finding in parsed.findings:
        line = finding.line(file_name)
        (_err if finding.is_error else _out)(line)


def _unexpected(file_name: str, exc: Exception, what: str) -> None:
    """A fault of this program on one file, said on that file's line; the batch goes on. Only the
    kind of fault is shown (its text may quote a cell); DVCQ_DEBUG re-raises it."""
    if os.environ.get("DVCQ_DEBUG"):
        raise exc
    _err(f"{file_name}: Lỗi: {what} do lỗi không mong đợi của chương trình ({type(exc).__name__}). "
         "Hãy báo quản trị hệ thống, gửi kèm tệp này.")


def cmd_validate(args: argparse.Namespace) -> int:
    from etl.validate import validate_workbook

    status = 0
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            _err(f"{path.name}: Lỗi: " + (f"'{name}' là thư mục, không phải tệp báo cáo." if path.is_dir()
                                          else f"không tìm thấy tệp '{name}'."))
            status = 1
            continue
        try:
            parsed = validate_workbook(path.read_bytes(), path.name)
        except DvcqError as exc:
            _err(f"{path.name}: Lỗi: {exc.message}")
            status = 1
            continue
        except Exception as exc:  # one file the checks could not finish: the others are still checked
            _unexpected(path.name, exc, "chưa kiểm tra xong")
            status = 1
            continue
        _print_findings(path.name, parsed)
        if parsed.ok:
            counts = ", ".join(f"{k}: {v}" for k, v in _count_labels(parsed).items())
            _out(f"{path.name}: HỢP LỆ — {parsed.unit_name}, kỳ {parsed.period.label}; {counts}; "
                 f"{len(parsed.warnings)} cảnh báo.")
        else:
            _out(f"{path.name}: KHÔNG HỢP LỆ — {len(parsed.errors)} lỗi, {len(parsed.warnings)} cảnh báo.")
            status = 1
    return status


SHEET_LABEL = {
    "indicators": "chỉ tiêu", "petitions": "đơn thư", "reception": "buổi tiếp",
    "models": "mô hình", "training": "lớp tập huấn", "dissemination": "hoạt động tuyên truyền",
}


def _count_labels(parsed) -> dict[str, int]:
    return {SHEET_LABEL.get(k, k): v for k, v in parsed.counts().items()}


def cmd_load(args: argparse.Namespace) -> int:
    from etl.load import load_file

    path_db = db_path(args.db)
    user = _user(args)
    status = 0
    files = list(args.files)
    for index, name in enumerate(files, start=1):
        path = Path(name)
        _out(f"[{index}/{len(files)}] {path.name} ...")
        if not path.is_file():
            _err(f"{path.name}: Lỗi: " + (f"'{name}' là thư mục, không phải tệp báo cáo." if path.is_dir()
                                          else f"không tìm thấy tệp '{name}'."))
            status = 1
            continue
        try:
            outcome = load_file(path_db, path, user)
        except (DatabaseBusy, UnusableDatabase) as exc:  # the next files would meet the same
            _err(f"{path.name}: Lỗi: chưa nạp. {exc.message}")
            for rest in files[index:]:
                _err(f"{Path(rest).name}: Lỗi: chưa nạp (dừng lại vì lỗi cơ sở dữ liệu ở tệp {path.name}).")
            return 1
        except DvcqError as exc:
            _err(f"{path.name}: Lỗi: chưa nạp. {exc.message}")
            status = 1
            continue
        except Exception as exc:  # one file the loader could not finish (nothing of it stored): go on
            _unexpected(path.name, exc, "chưa nạp, không có gì được lưu")
            status = 1
            continue
        _print_findings(path.name, outcome.parsed)
        _out(f"{path.name}: {outcome.message}")
        if not outcome.ok:
            status = 1
    return status


def _existing_db(args: argparse.Namespace) -> Path:
    """The database a command that changes stored submissions works on: it must exist (a mistyped
    --db made an empty database and answered 'Không có lần nộp mã 1')."""
    path = db_path(args.db)
    if not path.is_file():
        raise DvcqError(f"Không tìm thấy cơ sở dữ liệu '{path}'. Hãy kiểm tra --db hoặc biến môi trường DVCQ_DB.")
    return path


def cmd_restore(args: argparse.Namespace) -> int:
    from etl.load import restore

    _out(restore(_existing_db(args), args.submission_id, _user(args)))
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    from etl.load import withdraw

    _out(withdraw(_existing_db(args), args.submission_id, _user(args)))
    return 0


def cmd_remask(args: argparse.Namespace) -> int:
    from etl.remask import remask

    _out(remask(_existing_db(args), _user(args)))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from etl.demo import build_demo
    from etl.load import is_demo_db, mark_demo_db
    from etl.settings import DEMO_DB_PATH

    path = db_path(args.db)
    if path.exists() and not is_demo_db(path):
        _err(
            f"Lỗi: {path} là cơ sở dữ liệu thật (không phải CSDL mẫu) nên không ghi đè. "
            f"Hãy chỉ định tệp khác, ví dụ: python -m etl demo --db {DEMO_DB_PATH.get()}"
        )
        return 1
    summary = build_demo(path, progress=_out)
    mark_demo_db(path)
    from etl.users import DEMO_ACCOUNTS, create_demo_accounts

    made = create_demo_accounts(path)
    if made:
        _out("Tài khoản mẫu: " + ", ".join(f"{u} ({role})" for u, _, role, _ in DEMO_ACCOUNTS if u in made)
             + " — mật khẩu xem README.")
    _out(summary)
    return 0


_ARGPARSE_VI = [
    ("the following arguments are required", "thiếu tham số bắt buộc"),
    ("invalid choice", "lựa chọn không hợp lệ"),
    ("choose from", "chọn một trong"),
    ("unrecognized arguments", "tham số không nhận ra"),
    ("invalid int value", "không phải số nguyên"),
    ("expected one argument", "cần một giá trị"),
    ("argument ", "tham số "),
]


class _Parser(argparse.ArgumentParser):
    """argparse with its error messages in Vietnamese (exit status 2, as argparse)."""

    def error(self, message: str):  # type: ignore[override]
        for english, vietnamese in _ARGPARSE_VI:
            message = message.replace(english, vietnamese)
        self.exit(2, f"{self.prog}: Lỗi: {message}. Xem hướng dẫn: {self.prog} --help\n")


def _vietnamese_help(parser: argparse.ArgumentParser) -> None:
    parser._optionals.title = "tuỳ chọn"
    parser._positionals.title = "tham số"
    parser.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m etl",
        description="Nạp báo cáo công tác dân vận chính quyền (Excel) vào cơ sở dữ liệu DuckDB.",
        add_help=False,
    )
    _vietnamese_help(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    def add(name: str, help_text: str, func, db: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, add_help=False)
        _vietnamese_help(p)
        if db:
            p.add_argument("--db", help="tệp cơ sở dữ liệu (mặc định: biến DVCQ_DB, hoặc data/dvcq.duckdb)")
        p.set_defaults(func=func)
        return p

    add("init", "tạo hoặc cập nhật cấu trúc cơ sở dữ liệu", cmd_init)
    p = add("template", "ghi mẫu báo cáo Excel (trống hoặc điền sẵn đơn vị, kỳ)", cmd_template, db=False)
    p.add_argument("-o", "--output", required=True, help="tệp .xlsx sẽ ghi")
    p.add_argument("--unit", help="mã đơn vị điền sẵn")
    p.add_argument("--period", help="kỳ báo cáo điền sẵn, ví dụ 2025-Q1")
    p = add("validate", "kiểm tra tệp, không lưu gì", cmd_validate, db=False)
    p.add_argument("files", nargs="+", metavar="TỆP")
    p = add("load", "kiểm tra và nạp từng tệp (mỗi tệp nạp trọn vẹn hoặc không nạp gì)", cmd_load)
    p.add_argument("files", nargs="+", metavar="TỆP")
    p.add_argument("--user", help="người nạp (ghi vào lịch sử)")
    p = add("restore", "khôi phục một lần nộp đã bị thay thế", cmd_restore)
    p.add_argument("submission_id", type=int, metavar="MÃ_NỘP")
    p.add_argument("--user")
    p = add("withdraw", "rút một lần nộp khỏi số liệu (vẫn lưu lại)", cmd_withdraw)
    p.add_argument("submission_id", type=int, metavar="MÃ_NỘP")
    p.add_argument("--user")
    p = add("remask", "ẩn lại thông tin cá nhân trong dữ liệu và tệp đã lưu, theo cách nhận biết hiện nay", cmd_remask)
    p.add_argument("--user")
    add("demo", "tạo cơ sở dữ liệu mẫu từ các báo cáo sinh tự động", cmd_demo)
    for name, module in EXTRA_COMMANDS:
        try:
            __import__(module, fromlist=["register"]).register(sub, add)
        except ImportError:
            pass
    return parser


# Verbs contributed by other modules (each module has ``register(subparsers, add)``).
EXTRA_COMMANDS: list[tuple[str, str]] = [
    ("user", "etl.users"),
    ("backup", "etl.backup"),
    ("report", "etl.report"),
]


def _os_error(exc: OSError) -> str:
    name = exc.filename or ""
    if isinstance(exc, FileNotFoundError):
        return (f"không có thư mục hoặc tệp '{name}'. Hãy kiểm tra đường dẫn (thư mục phải có sẵn) rồi chạy lại."
                if name else "không tìm thấy tệp hoặc thư mục. Hãy kiểm tra đường dẫn rồi chạy lại.")
    if isinstance(exc, PermissionError):
        return f"không có quyền đọc/ghi '{name}'. Hãy chọn nơi khác hoặc báo quản trị hệ thống cấp quyền."
    if isinstance(exc, IsADirectoryError):
        return f"'{name}' là một thư mục, không phải tệp. Hãy ghi rõ tên tệp."
    if isinstance(exc, NotADirectoryError):
        return f"một phần của đường dẫn '{name}' là tệp, không phải thư mục. Hãy kiểm tra đường dẫn."
    if exc.errno == errno.ENOSPC:
        return "ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi chạy lại."
    return f"không đọc/ghi được '{name}' (mã lỗi hệ thống {exc.errno}). Hãy kiểm tra đường dẫn rồi chạy lại."


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except DvcqError as exc:
        _err(f"Lỗi: {exc.message}")
        return 1
    except KeyboardInterrupt:
        _err("Đã dừng theo yêu cầu.")
        return 130
    except OSError as exc:  # a file the command was asked to write or read: a reason the user can act on
        _err(f"Lỗi: {_os_error(exc)}")
        return 1
    except Exception as exc:  # the last line of defence: no traceback for users
        _err(f"Lỗi không mong đợi: {type(exc).__name__}: {exc}. Hãy báo quản trị hệ thống.")
        if os.environ.get("DVCQ_DEBUG"):
            raise
        return 2


if __name__ == "__main__":
    sys.exit(main())
