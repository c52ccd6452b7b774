"""The `ivi` command (`ivi.cli.main`), one module per command group."""
