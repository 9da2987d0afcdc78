"""The outside world: the database, and later mail and documents."""
