"""The compiled knowledge base: SQLite table layout, the compiler, the cache, and the store. All SQL lives here."""
