"""``wirewatch serve``: run the API and web app with uvicorn (registered in cli.py)."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated, Optional

import typer

from ..errors import ConfigError
from ..settings import HELP, load_settings

#: How ``serve --workers N`` hands the store and token to its worker processes (each builds its own app).
DB_ENV, TOKEN_ENV = "WIREWATCH_SERVE_DB", "WIREWATCH_SERVE_TOKEN"


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
    workers: Annotated[int, typer.Option("--workers", min=1, help="Server processes sharing the port and the store "
                                         "(SQLite readers never block each other; about one per core).")] = 1,
) -> None:
    """Serve the REST API (docs at /docs) and the analyst's web app."""
    if not is_loopback(host) and not token:
        raise ConfigError(f"--host {host}: listening beyond this machine needs --token (or WIREWATCH_TOKEN)")
    import uvicorn

    from ..store import Store
    from .api import create_app

    db_url = load_settings(db=db).db
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"wirewatch: serving http://{shown}:{port}/ with {workers} process{'es' if workers > 1 else ''} "
               f"(API docs at /docs); Ctrl-C stops", err=True)
    if workers == 1:
        uvicorn.run(create_app(db_url, token=token or None), host=host, port=port, log_level="warning")
        return
    with Store(db_url):  # create or migrate the store once, before the workers open it
        pass
    os.environ[DB_ENV], os.environ[TOKEN_ENV] = db_url, token or ""
    uvicorn.run(f"{__name__}:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


def app_from_env():
    """The app of one ``serve --workers N`` process: the store and token its parent put in the environment."""
    from .api import create_app

    return create_app(os.environ[DB_ENV], token=os.environ.get(TOKEN_ENV) or None)
