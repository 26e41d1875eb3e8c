import streamlit as st
from dashboard import ui
st.title("Chỉ tiêu")
f = ui.filters()
st.metric("Năm", f.year)
st.write(str(f))
