"""``wirewatch serve``: run the API and web app with uvicorn (registered in cli.py)."""

from __future__ import annotations

import ipaddress
from typing import Annotated, Optional

import typer

from ..errors import ConfigError
from ..settings import HELP, load_settings


def is_loopback(host: str) -> bool:
    """True for localhost and 127.0.0.0/8 or ::1 addresses."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; any but loopback needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    db: Annotated[Optional[str], typer.Option("--db", help=HELP["db"], show_default=False)] = None,
    token: Annotated[Optional[str], typer.Option(envvar="WIREWATCH_TOKEN", show_default=False,
                                                 help="Require this token on every request (Authorization: "
                                                      "Bearer, or visit /?token=… once for a cookie).")] = None,
) -> None:
    """Serve the REST API (docs at /docs) and the analyst's web app."""
    if not is_loopback(host) and not token:
        raise ConfigError(f"--host {host}: listening beyond this machine needs --token (or WIREWATCH_TOKEN)")
    import uvicorn

    from .api import create_app

    app = create_app(load_settings(db=db).db, token=token or None)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"wirewatch: serving http://{shown}:{port}/ (API docs at /docs); Ctrl-C stops", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
