"""Who is using the app: the login form, sessions (timeout, logout), roles, and refusals.

Local accounts live in the database (``etl.users``: argon2 hashes, lockout). When ``[auth]`` is set
in ``.streamlit/secrets.toml``, people may also log in with the organisation's OpenID Connect
provider (``st.login``); their e-mail must belong to an active local account, which gives the role.

Tests (and only tests) may put a :class:`User` in ``st.session_state["user"]`` to run a page
without logging in; such a session is honoured as is (no database check, nothing audited).
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import streamlit as st

from dashboard import resume, ui
from etl import users
from etl.errors import DvcqError
from etl.settings import SESSION_MINUTES

log = logging.getLogger("dvcq")

ROLES = users.ROLES
USER_KEY = "user"
_METHOD = "_auth_method"  # set only for a session that really logged in here (password | oidc)
_LAST_SEEN = "_auth_last_seen"
_CHECKED = "_auth_checked_at"
_NOTICE = "_auth_notice"
_DENIED = "_auth_denied"
_TOKEN = "_auth_token"  # this login's resume token (dashboard.resume)
_COOKIE = "_auth_cookie"  # what the browser's cookie must become on this run: a token, or "" to delete it
RECHECK_SECONDS = 60  # how often a session re-reads its account (disabled accounts are logged out)
DENIED = "Bạn không có quyền mở trang này."


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class User:
    username: str
    role: str
    display_name: str
    login_at: datetime = field(default_factory=_now)

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


# -- the session -----------------------------------------------------------------------------------


def current_user() -> User | None:
    """The logged-in user, or None (then app.py shows the login page).

    A new session (a reload, a bookmark opened in the same browser) takes over the browser's login
    if its cookie still names one (:mod:`dashboard.resume`). Ends the session after
    ``SESSION_MINUTES`` without any interaction, and when the account has been disabled meanwhile
    (re-read every minute).
    """
    state = st.session_state
    user = state.get(USER_KEY)
    if not isinstance(user, User):
        return _resumed() or _from_oidc()
    now = datetime.now()
    last_seen = state.get(_LAST_SEEN) or now
    if now - last_seen > _idle():
        logout("timeout")
        state[_NOTICE] = (f"Phiên làm việc đã hết hạn sau {SESSION_MINUTES.get()} phút không thao tác. "
                          "Hãy đăng nhập lại.")
        return None
    state[_LAST_SEEN] = now
    if state.get(_TOKEN):
        resume.TOKENS.touch(state[_TOKEN], now)
    if state.get(_METHOD) and now - (state.get(_CHECKED) or now) > timedelta(seconds=RECHECK_SECONDS):
        state[_CHECKED] = now
        try:
            still = users.is_active(ui.db_path(), user.username)
        except DvcqError:
            still = True  # the database is busy or gone: keep the session, the page will say why
        if not still:
            logout("account")
            state[_NOTICE] = "Tài khoản của bạn vừa bị vô hiệu. Hãy liên hệ quản trị."
            return None
    return user


def _idle() -> timedelta:
    return timedelta(minutes=float(SESSION_MINUTES.get()))


def _start(account: users.Account, method: str, token: str | None = None) -> User:
    """Make ``account`` this session's user; a password login gets a new resume token (``token``:
    the one a resumed login already has)."""
    user = User(account.username, account.role, account.display_name)
    now = datetime.now()
    state = st.session_state
    state[USER_KEY] = user
    state[_METHOD] = method
    state[_LAST_SEEN] = now
    state[_CHECKED] = now
    if token is None and method == "password":  # st.login keeps its own cookie
        token = resume.TOKENS.issue(account.username, method, now)
        state[_COOKIE] = token
    if token:
        state[_TOKEN] = token
    return user


def _resumed() -> User | None:
    """This browser's login, if its cookie names one this server still holds and the account is
    still active with the same password."""
    token = st.context.cookies.get(resume.COOKIE)
    if not isinstance(token, str):  # no cookie (AppTest has no browser: a mock)
        return None
    login = resume.TOKENS.resume(token, datetime.now(), _idle())
    if login is None:
        return None
    try:
        account = users.get_user(ui.db_path(), login.username)
    except DvcqError:
        return None  # the database is busy or gone: the login form says why
    changed = account is not None and account.password_changed_at >= login.issued.replace(microsecond=0)
    if account is None or not account.active or changed:
        resume.TOKENS.revoke(token)
        st.session_state[_COOKIE] = ""
        return None
    return _start(account, login.method, token)


def sync_cookie(where=st) -> None:
    """Hand the browser the cookie this run decided on (after a login, a logout or a timeout): a
    script in ``where`` (app.py puts it last, out of the way) for this one run."""
    value = st.session_state.pop(_COOKIE, None)
    if value is None:
        return
    script = resume.set_cookie_script(value) if value else resume.clear_cookie_script()
    where.html(script, unsafe_allow_javascript=True)


def logout(reason: str = "user") -> None:
    """End the session (``reason``: user | timeout | account); audited for real sessions."""
    state = st.session_state
    user = state.pop(USER_KEY, None)
    method = state.pop(_METHOD, None)
    token = state.pop(_TOKEN, None)
    for key in (_LAST_SEEN, _CHECKED, _DENIED, "login_password"):
        state.pop(key, None)
    if token:
        resume.TOKENS.revoke(token)
        state[_COOKIE] = ""
    if isinstance(user, User) and method:
        try:
            users.record_logout(ui.db_path(), user.username, reason)
        except DvcqError:
            log.warning("logout of %s not audited: database unavailable", user.username)
    if method == "oidc":
        st.logout()


def refuse(title: str, url_path: str) -> None:
    """A page outside the user's role was asked for (a direct URL): say so, never show it."""
    st.error(DENIED, icon=":material/block:")
    user = st.session_state.get(USER_KEY)
    role = user.role_label if isinstance(user, User) else ""
    st.caption(f"Trang '{title}' không thuộc quyền của vai trò {role}. Hãy chọn một trang trong menu bên trái.")
    denied = st.session_state.setdefault(_DENIED, set())
    if isinstance(user, User) and st.session_state.get(_METHOD) and url_path not in denied:
        denied.add(url_path)
        try:
            users.record_denied(ui.db_path(), user.username, url_path)
        except DvcqError:
            pass


def demo_accounts() -> bool:
    """True while the demo accounts exist (the app then shows the demo banner)."""
    try:
        return bool(ui.data(users.demo_accounts_present))
    except DvcqError:
        return False


# -- the login page --------------------------------------------------------------------------------


def login_page() -> None:
    st.title("Đăng nhập")
    st.caption("Bảng điều khiển công tác dân vận chính quyền — Sở Xây dựng tỉnh Lai Châu")
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(notice, icon=":material/info:")
    db = ui.db_path()
    if not db.exists():
        st.error(f"Chưa có cơ sở dữ liệu tại {db}. Quản trị hệ thống hãy chạy 'python -m etl init' "
                 "(hoặc 'make run' để dùng dữ liệu mẫu).", icon=":material/warning:")
        return
    with ui.guard():
        if users.count_users(db) == 0:
            st.warning(
                "Chưa có tài khoản nào trong cơ sở dữ liệu này. Quản trị hệ thống hãy tạo tài khoản quản trị "
                "đầu tiên trên máy chủ bằng lệnh dưới đây, rồi đăng nhập bằng tài khoản đó:", icon="🔑")
            st.code("python -m etl user add TÊN_ĐĂNG_NHẬP --role quan_tri --name \"Họ tên\"", language="bash")
        if ui.is_demo() or demo_accounts():
            st.warning("CHẾ ĐỘ DEMO — số liệu mẫu sinh tự động, không phải số liệu thật.", icon=":material/science:")
    with st.form("login"):
        username = st.text_input("Tên đăng nhập", key="login_username", autocomplete="username", max_chars=64)
        password = st.text_input("Mật khẩu", key="login_password", type="password",
                                 autocomplete="current-password", max_chars=256)
        submitted = st.form_submit_button("Đăng nhập", type="primary")
    if submitted:
        if not username.strip() or not password:
            st.error("Hãy nhập tên đăng nhập và mật khẩu.", icon=":material/warning:")
        else:
            try:
                account = users.authenticate(db, username, password)
            except DvcqError as exc:
                st.error(exc.message, icon=":material/warning:")
            else:
                _start(account, "password")
                st.session_state.pop("login_password", None)
                st.rerun()
    _oidc_login()


# -- OpenID Connect (optional) ---------------------------------------------------------------------


def oidc_provider() -> tuple[bool, str | None]:
    """(configured?, provider name for st.login) from ``[auth]`` in secrets.toml."""
    try:
        conf = st.secrets.get("auth")
    except Exception:  # no secrets.toml at all
        return False, None
    if not conf or not hasattr(conf, "get"):
        return False, None
    if importlib.util.find_spec("authlib") is None:
        log.warning("[auth] is configured but Authlib is not installed: OIDC login hidden")
        return False, None
    if conf.get("client_id"):
        return True, None
    for name, value in conf.items():
        if hasattr(value, "get") and value.get("client_id"):
            return True, name
    return False, None


def _from_oidc() -> User | None:
    configured, _ = oidc_provider()
    if not configured or not st.user.get("is_logged_in"):
        return None
    email = str(st.user.get("email") or "")
    if st.user.get("email_verified") is False:
        return None
    try:
        account = users.account_by_email(ui.db_path(), email)
    except DvcqError:
        return None
    if account is None:
        return None
    try:
        users.record_login(ui.db_path(), account, "oidc")
    except DvcqError:
        pass
    return _start(account, "oidc")


def _oidc_login() -> None:
    configured, provider = oidc_provider()
    if not configured:
        return
    st.divider()
    if st.user.get("is_logged_in"):
        email = st.user.get("email") or ""
        st.error(f"Tài khoản tổ chức {email} chưa được cấp quyền trong hệ thống này (hoặc email chưa được xác "
                 "minh). Hãy nhờ quản trị tạo tài khoản có email này.", icon=":material/block:")
        st.button("Đăng xuất tài khoản tổ chức", on_click=st.logout)
        return
    st.button("Đăng nhập bằng tài khoản tổ chức", on_click=st.login, args=(provider,) if provider else ())


def require(*roles: str) -> User:
    """A page's own guard (app.py already keeps other roles out): the user, or a refusal and stop."""
    user = current_user()
    if user is None or user.role not in roles:
        st.error(DENIED, icon=":material/block:")
        st.stop()
    return user
