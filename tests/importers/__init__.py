"""Tests of plandesk.importers: the two document layouts, and bad input fuzzed."""
