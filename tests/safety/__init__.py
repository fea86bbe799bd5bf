"""Cross-cutting safety: real processes racing and killed; hostile text and secrets everywhere."""
