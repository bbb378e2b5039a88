"""A non-editable install (a wheel in a fresh venv) has the app and the bundled sample (issue 12, item 3).

The wheel is built from a copy of the source tree without build isolation (setuptools and wheel of this
environment; nothing downloaded) and installed into a ``venv --system-site-packages`` (the dependencies come
from this environment, so the install takes seconds). ``kg app`` run from that venv, outside the source tree,
must import the sample into an empty store.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with policykg installed from its wheel."""
    pytest.importorskip("wheel", reason="building a wheel without isolation needs the wheel package")
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__",
                                                             ".pytest_cache", ".hypothesis", "data", "tests", "bench"))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "POLICYKG_STORE")}
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(tmp / "dist")], check=True, env=env, cwd=tmp)
    wheels = list((tmp / "dist").glob("policykg-*.whl"))
    assert len(wheels) == 1
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(tmp / "venv")
    py = tmp / "venv" / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index",
                    "--force-reinstall", str(wheels[0])], check=True, env=env, cwd=tmp)
    return tmp / "venv" / "bin"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "POLICYKG_STORE")}


def test_the_wheel_holds_the_sample_and_kg_uses_the_installed_copy(installed, tmp_path):
    out = subprocess.run([str(installed / "python"), "-c",
                          "import kg; from kg.cli.cmd_app import SAMPLE, APP_MAIN; "
                          "print(kg.__file__); print(SAMPLE.is_file(), APP_MAIN.is_file())"],
                         capture_output=True, text=True, env=_env(), cwd=tmp_path, check=True).stdout.split("\n")
    assert out[0].startswith(str(installed.parent)), out  # the venv's copy, not the source tree
    assert out[1] == "True True"


def test_kg_app_from_the_wheel_imports_the_sample(installed, tmp_path):
    proc = subprocess.Popen([str(installed / "kg"), "app", "--store", "图谱库", "--port", str(_free_port()),
                             "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env=_env(), cwd=tmp_path)
    lines = []
    try:
        for line in proc.stdout:  # the sample line comes before streamlit starts, the URL line after
            lines.append(line)
            if "policykg app:" in line or "Error" in line:
                break
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    text = "".join(lines)
    assert "已导入示例文件" in text and "dongying_ip_2024.txt" in text, text
    assert (tmp_path / "图谱库").is_dir()


def test_spacy_finds_the_policykg_component_of_the_wheel(installed, tmp_path):
    """issue 13 item 6: ``spacy.blank("zh").add_pipe("policykg")`` after ``pip install``, through the entry point."""
    code = ("import spacy, sys; from kg.cli.cmd_app import SAMPLE\n"
            "nlp = spacy.blank('zh'); nlp.add_pipe('policykg')\n"
            "doc = nlp(SAMPLE.read_text(encoding='utf-8'))\n"
            "print(sys.modules['extract'].__file__)\n"
            "print(len(doc.spans['tasks']), len(doc.spans['units']), len(doc.spans['people']), len(doc.spans['targets']))")
    out = subprocess.run([str(installed / "python"), "-c", code], capture_output=True, text=True, env=_env(),
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split("\n")
    assert lines[0].startswith(str(installed.parent)), lines
    assert lines[1] == "17 72 24 22"
