"""Placeholder until the pages land."""
import streamlit as st

st.set_page_config(page_title="Dân vận chính quyền", layout="wide")
st.title("Công tác dân vận chính quyền")
