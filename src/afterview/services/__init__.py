"""Use cases: each one a small function over a unit of work, one transaction each."""
