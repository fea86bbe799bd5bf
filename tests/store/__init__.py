"""Tests of plandesk.store: the service on real databases, migrations, backups, the rules file."""
