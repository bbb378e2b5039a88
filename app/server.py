"""``kg app``'s web server: Streamlit's own (``st.App``), serving app/main.py, with one addition: every
page's HTML lists the first screen's widget code for the browser to fetch at once (app/preload.py)."""
from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from app.preload import PreloadElements

app = st.App("main.py", middleware=[Middleware(PreloadElements)])
