"""The app's pages, routed by app/main.py with st.navigation.

Not named pages/: a pages/ folder beside the entry script makes Streamlit run its old multipage
mode on the first session after start (file names as menu, no page config).
"""
