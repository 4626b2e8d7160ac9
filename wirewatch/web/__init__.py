"""The REST API and the analyst's web app (FastAPI, Jinja2 pages, offline static assets)."""
