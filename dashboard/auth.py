"""Who is using the app. (Interim version: replaced by the login/roles work.)"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

ROLES = {"lanh_dao": "Lãnh đạo Sở", "van_phong": "Văn phòng Sở", "quan_tri": "Quản trị"}


@dataclass(frozen=True)
class User:
    username: str
    role: str
    display_name: str


def current_user() -> User | None:
    user = st.session_state.get("user")
    if isinstance(user, User):
        return user
    return User("khach", "quan_tri", "Khách")


def login_page() -> None:
    st.title("Đăng nhập")


def logout() -> None:
    st.session_state.pop("user", None)
