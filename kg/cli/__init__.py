"""The ``kg`` command: thin subcommands over the library.

Each ``kg/cli/cmd_*.py`` module defines ``commands``: a list of click commands,
added to the group here. Errors are turned into one line in :mod:`kg.cli.common`.
"""
from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykg")
def main() -> None:
    """政策图谱 policykg: Chinese policy documents → knowledge graph.

    Example:

        kg extract 方案.txt --json
    """


def _register() -> None:
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if info.name.startswith("cmd_"):
            module = importlib.import_module(f"kg.cli.{info.name}")
            for cmd in getattr(module, "commands", []):
                main.add_command(cmd)


_register()
