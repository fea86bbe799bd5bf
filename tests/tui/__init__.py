"""Tests of plandesk.tui: Pilot tests of every key, the app in a real terminal, SVG snapshots."""
