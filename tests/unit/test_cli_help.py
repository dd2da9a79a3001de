"""The CLI explains itself (issue 18, point 6): help on every option of every command,
-h as well as --help, --version, a command list that is not cut off, shell completion."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest

from newsflow.ops.cli import LAZY_COMMANDS, main
from tests.conftest import ROOT


def commands(command: click.Command, path: str = "newsflow") -> Iterator[tuple[str, click.Command]]:
    """Every command of the tree, the lazy ones imported (``LazyGroup.get_command``)."""
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, f"{path} {name}"
            yield from commands(sub, f"{path} {name}")


ALL = list(commands(main))


def test_the_tree_holds_every_command() -> None:
    names = {path for path, _ in ALL}
    assert {"newsflow search", "newsflow dev kafka start", "newsflow dlq replay", "newsflow serve",
            "newsflow run", "newsflow dev opensearch stop"} <= names


@pytest.mark.parametrize(("path", "command"), ALL, ids=[path for path, _ in ALL])
def test_every_command_and_option_has_help(path: str, command: click.Command) -> None:
    assert command.help, f"{path} has no help"
    ctx = click.Context(command, info_name=path)
    for parameter in command.get_params(ctx):
        if isinstance(parameter, click.Option):
            assert parameter.help, f"{path} {'/'.join(parameter.opts)} has no help"


def newsflow(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsflow.ops.cli", *args], cwd=ROOT,
                          env={**os.environ, "COLUMNS": "80", **env}, capture_output=True,
                          text=True, timeout=60)


def test_version_and_h_as_well_as_help() -> None:
    from importlib.metadata import version

    shown = newsflow("--version")
    assert shown.returncode == 0 and shown.stdout.strip() == f"newsflow {version('newsflow')}"
    for args in ((), ("search",), ("dev", "kafka", "start"), ("dlq", "list")):
        short, long = newsflow(*args, "-h"), newsflow(*args, "--help")
        assert short.returncode == long.returncode == 0, short.stderr
        assert short.stdout == long.stdout and "-h, --help" in short.stdout


def test_the_command_list_is_not_cut_off_in_80_columns() -> None:
    for args in ((), ("dev",), ("dlq",), ("dev", "kafka")):
        listed = newsflow(*args, "--help").stdout
        entries = listed.split("\nCommands:\n", 1)[1]
        assert "..." not in entries, listed
    listed = newsflow("--help").stdout
    assert "(what `make\n           run` calls)" in listed or "(what `make run` calls)" in listed


def test_shell_completion_as_the_readme_says() -> None:
    script = newsflow(_NEWSFLOW_COMPLETE="bash_source")
    assert script.returncode == 0 and "_newsflow_completion" in script.stdout
    readme = (ROOT / "README.md").read_text()
    assert "_NEWSFLOW_COMPLETE=bash_source" in readme and "_NEWSFLOW_COMPLETE=zsh_source" in readme


def test_the_command_list_gives_each_lazy_command_its_own_first_sentence() -> None:
    """`newsflow --help` lists the commands it has not imported by the sentence LAZY_COMMANDS
    holds: it is the command's own, and the list is the one the imported commands give."""
    from click.utils import make_default_short_help

    ctx = click.Context(main, info_name="newsflow")
    for name, (_, _, sentence) in LAZY_COMMANDS.items():
        command = main.get_command(ctx, name)
        assert command is not None and command.help, name
        assert sentence == make_default_short_help(command.help, max_length=10_000), name
        assert command.short_help == sentence, name


#: Run in a fresh interpreter: the CLI with these arguments, then the modules it imported.
IMPORTED = """
import sys
from newsflow.ops.cli import main
try:
    main(sys.argv[1:], prog_name="newsflow")
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


def imported(*args: str) -> set[str]:
    result = subprocess.run([sys.executable, "-c", IMPORTED, *args], cwd=ROOT,
                            env={**os.environ, "COLUMNS": "80"}, capture_output=True,
                            text=True, timeout=60)
    assert "Usage:" in result.stdout, result.stderr
    return set(result.stderr.splitlines()[-1].split())


def roots(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} | {m for m in modules if m.startswith("newsflow.")}


def test_help_imports_only_what_the_command_needs() -> None:
    """Each command is imported when it is asked for: `newsflow --help` needs neither the
    settings (pydantic_settings) nor Kafka's client, `newsflow search --help` the index's
    code but not Kafka's, `newsflow dev kafka start --help` neither."""
    heavy = {"pydantic", "pydantic_settings", "aiokafka", "mode", "faust", "newsflow.settings"}
    assert roots(imported("--help")) & heavy == set()
    assert roots(imported("dev", "kafka", "start", "--help")) & heavy == set()
    search = roots(imported("search", "--help"))
    assert "newsflow.services.indexer.backends.base" in search
    assert search & {"aiokafka", "mode", "faust"} == set()
    assert roots(imported("topics", "--help")) & heavy == set()
