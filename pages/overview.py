import streamlit as st
st.title("Tổng quan")
