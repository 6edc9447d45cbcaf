"""The README's two commands are the ones CI and users run."""
import re

from tests.conftest import ROOT


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    command = re.search(r"TEST_COMMAND='([^']+)'", ci).group(1)
    assert command in (ROOT / "README.md").read_text()


def test_readme_lists_every_cli_command():
    from kg.cli import main

    readme = (ROOT / "README.md").read_text()
    for name in main.commands:
        assert f"kg {name}" in readme, f"README does not document 'kg {name}'"
