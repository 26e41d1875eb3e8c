"""The resume tokens behind "a reload stays logged in" (dashboard.resume)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from dashboard.resume import COOKIE, Login, Tokens, clear_cookie_script, set_cookie_script

T0 = datetime(2025, 3, 10, 8, 0, 0)
HOUR = timedelta(minutes=60)


def test_a_token_resumes_its_login_and_counts_as_activity() -> None:
    tokens = Tokens()
    token = tokens.issue("vanphong", "password", T0)
    assert tokens.resume(token, T0 + timedelta(minutes=59), HOUR) == Login(
        "vanphong", "password", T0, T0 + timedelta(minutes=59))
    # the resume was activity: another 59 minutes later it still holds
    assert tokens.resume(token, T0 + timedelta(minutes=118), HOUR).username == "vanphong"


def test_activity_in_the_session_keeps_the_token_alive() -> None:
    tokens = Tokens()
    token = tokens.issue("lanhdao", "password", T0)
    tokens.touch(token, T0 + timedelta(minutes=50))
    assert tokens.resume(token, T0 + timedelta(minutes=100), HOUR).last_seen == T0 + timedelta(minutes=100)


def test_an_idle_token_is_dropped() -> None:
    tokens = Tokens()
    token = tokens.issue("lanhdao", "password", T0)
    assert tokens.resume(token, T0 + timedelta(minutes=61), HOUR) is None
    assert len(tokens) == 0
    assert tokens.resume(token, T0 + timedelta(minutes=62), HOUR) is None


def test_a_revoked_unknown_or_empty_token_resumes_nothing() -> None:
    tokens = Tokens()
    token = tokens.issue("quantri", "password", T0)
    other = tokens.issue("quantri", "password", T0)
    tokens.revoke(token)
    assert tokens.resume(token, T0, HOUR) is None
    assert tokens.resume("khong-phai-token", T0, HOUR) is None
    assert tokens.resume("", T0, HOUR) is None
    assert tokens.resume(other, T0, HOUR).username == "quantri"  # another browser's login stays


def test_only_the_tokens_digest_is_kept() -> None:
    tokens = Tokens()
    token = tokens.issue("vanphong", "password", T0)
    assert len(token) >= 43 and token != tokens.issue("vanphong", "password", T0)
    assert token not in repr(tokens.__dict__)


def test_a_full_registry_drops_the_longest_idle_login() -> None:
    tokens = Tokens(capacity=2)
    old = tokens.issue("a", "password", T0)
    recent = tokens.issue("b", "password", T0 + timedelta(minutes=1))
    tokens.touch(old, T0 + timedelta(minutes=2))  # now "b" is the longest idle
    newest = tokens.issue("c", "password", T0 + timedelta(minutes=3))
    assert len(tokens) == 2
    assert [tokens.resume(t, T0 + timedelta(minutes=4), HOUR) is not None for t in (old, recent, newest)] == [
        True, False, True]


def test_the_cookie_scripts() -> None:
    assert set_cookie_script("abc-_1") == (
        "<script>document.cookie = 'dvcq_phien=' + 'abc-_1' + '; Path=/; SameSite=Strict' + "
        "(location.protocol === 'https:' ? '; Secure' : '');</script>")
    assert clear_cookie_script() == (
        "<script>document.cookie = 'dvcq_phien=; Path=/; SameSite=Strict; Max-Age=0';</script>")
    assert COOKIE == "dvcq_phien"
    with pytest.raises(ValueError):
        set_cookie_script("x'; alert(1); '")
