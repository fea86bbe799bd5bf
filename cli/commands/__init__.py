"""The `plandesk` commands, one module per concern; `cli.root` combines their Typer apps."""
