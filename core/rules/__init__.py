"""The stall rules: which activities look stalled this period, and the words that say why.

- `engine`: the seven rules, `evaluate` and `infer_status` (start here); `risk_words`: the
  risk rule's default phrases.
- `evidence`: what the rules read (`Evidence`) and say (`Flag`).
- `overdue`: the overdue rule; `dates`: the dates updates name.
- `update`: one update's text as the rules read it; `sentences`: its words, sentences, clauses.
- `phrases`: the phrase-matching engine; `compiled`: a config's phrases compiled once.
- `quoting`: the words a flag quotes.
- `config`: the settings and reading them from TOML text; `syntax`: how a phrase is written;
  `template`: the commented default file. Finding and reading the file is the store's
  (`plandesk.store.rules_file`).
"""
