"""Tests of plandesk.exports: escaping, the word diff, the summary document and its files."""
