"""Tests of plandesk.core: the pure domain (refs, statuses, text helpers, the stall rules)."""
