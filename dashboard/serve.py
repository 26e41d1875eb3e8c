"""Start the app's Streamlit server: ``python -m dashboard.serve [options of streamlit run]``.

The same as ``streamlit run app.py``, with one difference. Streamlit decides on its first session
whether the app uses the old ``pages/`` folder discovery, from the folder's existence, and that
session runs through it: a deep link (``/don-thu``) opened first after a start got Streamlit's
"Page not found" dialog, because the folder's file names are not the app's URLs. app.py declares
its pages with ``st.navigation`` (which clears the flag on its first run anyway), so the flag is
cleared before the server starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str]) -> int:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
