"""Pure domain code shared by every layer: no SQL, no files, no environment, no Textual."""
