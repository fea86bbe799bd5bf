"""Plans kept as tables (Word, Excel, CSV): every format is read into `Grid`s, and one shared
reader finds the header, the role of each column and the plan in them."""
