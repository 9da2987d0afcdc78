"""Alembic migrations of afterview's database, applied on first use (see store.py)."""
