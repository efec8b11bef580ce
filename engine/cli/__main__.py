"""`python -m engine.cli`: the `comply` command, for a checkout without the installed script."""

from engine.cli.main import app

app(prog_name="comply")
