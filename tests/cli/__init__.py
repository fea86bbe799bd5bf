"""Tests of plandesk.cli: the commands end to end, the renderers, clean errors, fuzzed arguments."""
