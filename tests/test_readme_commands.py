"""README's command table and the registered `kg` commands are the same set, and each has --help."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.kg_helpers import ROOT

README = ROOT / "README.md"


def table_commands() -> list[str]:
    """Every `kg NAME` in the first column of the table under '## Command line'."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Command line", 1)[1].split("\n## ", 1)[0]
    names: list[str] = []
    for line in section.splitlines():
        if not line.startswith("|") or set(line) <= set("|-: "):
            continue
        first = re.split(r"(?<!\\)\|", line)[1]
        names += [n for n in re.findall(r"`kg ([a-z][a-z-]*)", first) if n not in names]
    return names


def test_the_table_names_every_registered_command_and_no_other():
    listed = set(table_commands())
    registered = set(main.commands)
    assert listed - registered == set(), f"in README's table but not a kg command: {sorted(listed - registered)}"
    assert registered - listed == set(), f"kg commands missing from README's table: {sorted(registered - listed)}"


@pytest.mark.parametrize("name", table_commands())
def test_each_command_in_the_table_has_help(name):
    r = CliRunner().invoke(main, [name, "--help"])
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"Usage: main {name}") or f" {name} " in r.output.splitlines()[0]
    assert "Example:" in r.output
