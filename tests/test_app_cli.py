"""``kg app``: options, the sample on first start, private streamlit settings, one-line errors."""
from __future__ import annotations

import socket
import tomllib

from click.testing import CliRunner

from kg.cli import main
from kg.cli.cmd_app import STREAMLIT_FLAGS, import_sample_if_empty, streamlit_command
from kg.launch import APP_SERVER
from tests.conftest import ROOT, SAMPLE


def test_help_lists_options_and_a_chinese_example():
    res = CliRunner().invoke(main, ["app", "--help"])
    assert res.exit_code == 0
    for opt in ("--store", "--port", "--host", "--no-browser"):
        assert opt in res.output
    assert "Example:" in res.output and "kg app --store 图谱库" in res.output


def test_sample_is_imported_into_an_empty_store_once(tmp_path):
    from kg.stores import open_store

    store = tmp_path / "store"
    line = import_sample_if_empty(str(store), SAMPLE)
    assert line and "任务 17" in line
    assert import_sample_if_empty(str(store), SAMPLE) is None  # not again
    with open_store(store) as st:
        assert st.document_ids() == ["dongying_ip_2024"]


def test_streamlit_runs_headless_without_usage_statistics():
    cmd = streamlit_command("127.0.0.1", 8501)
    script = cmd.index(str(APP_SERVER))  # app/server.py, Streamlit's server for app/main.py
    flags = dict(zip(cmd[script + 1::2], cmd[script + 2::2]))
    assert flags["--browser.gatherUsageStats"] == "false"
    assert flags["--server.headless"] == "true"
    assert flags["--server.address"] == "127.0.0.1"
    assert "--server.fileWatcherType" in STREAMLIT_FLAGS
    config = tomllib.loads((ROOT / "app" / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False and config["server"]["headless"] is True


def test_busy_port_is_one_line_error(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        port = s.getsockname()[1]
        res = CliRunner().invoke(main, ["app", "--store", str(tmp_path / "s"), "--port", str(port), "--no-browser"])
    assert res.exit_code == 1
    assert "[E504]" in res.output and "--port" in res.output and "Traceback" not in res.output


def test_remote_store_is_refused(tmp_path):
    res = CliRunner().invoke(main, ["app", "--store", "http://localhost:8890/sparql", "--no-browser"])
    assert res.exit_code == 1 and "[E502]" in res.output


def test_a_missing_sample_is_said_not_silently_skipped(tmp_path):
    import pytest

    from kg.errors import StoreError

    with pytest.raises(StoreError, match=r"E506.*--no-sample"):
        import_sample_if_empty(str(tmp_path / "store"), tmp_path / "missing.txt")
