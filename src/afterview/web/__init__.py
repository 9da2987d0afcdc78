"""The web UI (FastAPI + Jinja2 + htmx): `afterview serve`."""
