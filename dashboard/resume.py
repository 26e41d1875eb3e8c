"""Staying logged in across a reload: one random token per login, kept by the browser in a session
cookie and by this server process in memory.

A reload (F5) or a bookmark opened in the same browser starts a new Streamlit session, which knows
nobody. The token lets that session take over the login, as long as the browser has not been idle
for longer than the session timeout, the user has not logged out, and the server has not been
restarted since. Only the token's SHA-256 is kept here, never the token, and nothing is written to
the database: a lost token dies with the process, and a logout or a timeout drops it at once.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

COOKIE = "dvcq_phien"
MAX_TOKENS = 5_000  # far above a department's users × browsers; the idle ones go first


@dataclass
class Login:
    username: str
    method: str
    issued: datetime
    last_seen: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Tokens:
    """The logins a token can resume (thread-safe: every Streamlit session runs in its own thread)."""

    def __init__(self, capacity: int = MAX_TOKENS) -> None:
        self._lock = threading.Lock()
        self._logins: dict[str, Login] = {}
        self._capacity = capacity

    def issue(self, username: str, method: str, now: datetime) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            while len(self._logins) >= self._capacity:  # drop the longest idle
                del self._logins[min(self._logins, key=lambda k: self._logins[k].last_seen)]
            self._logins[_digest(token)] = Login(username, method, now, now)
        return token

    def resume(self, token: str, now: datetime, idle: timedelta) -> Login | None:
        """The login behind ``token`` if it was seen within ``idle``; an expired one is dropped."""
        if not token:
            return None
        key = _digest(token)
        with self._lock:
            login = self._logins.get(key)
            if login is None:
                return None
            if now - login.last_seen > idle:
                del self._logins[key]
                return None
            login.last_seen = now
            return Login(login.username, login.method, login.issued, login.last_seen)

    def touch(self, token: str, now: datetime) -> None:
        with self._lock:
            login = self._logins.get(_digest(token))
            if login is not None:
                login.last_seen = max(login.last_seen, now)

    def revoke(self, token: str) -> None:
        with self._lock:
            self._logins.pop(_digest(token), None)

    def __len__(self) -> int:
        with self._lock:
            return len(self._logins)


TOKENS = Tokens()


def set_cookie_script(token: str) -> str:
    """The script that hands ``token`` to the browser: a session cookie (gone when the browser
    closes), sent only to this site, over HTTPS only when the app is served over HTTPS."""
    return ("<script>document.cookie = '" + COOKIE + "=' + " + _js_string(token)
            + " + '; Path=/; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');</script>")


def clear_cookie_script() -> str:
    return f"<script>document.cookie = '{COOKIE}=; Path=/; SameSite=Strict; Max-Age=0';</script>"


def _js_string(text: str) -> str:
    if not all(c.isalnum() or c in "-_" for c in text):  # token_urlsafe's alphabet
        raise ValueError("a token has only letters, digits, '-' and '_'")
    return f"'{text}'"
