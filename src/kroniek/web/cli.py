"""``kroniek serve``: the newsroom web view and JSON API over a store."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import socket
import sys

import click

from ..errors import KroniekError


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this machine."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


@click.command("serve")
@click.option("--db", envvar="KRONIEK_DB", default="kroniek.db", show_default=True,
              help="Store: a SQLite file path or a postgresql:// URL (env KRONIEK_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. Anything but loopback needs --token.")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--token", envvar="KRONIEK_TOKEN", default=None,
              help="Require this token on every request: 'Authorization: Bearer TOKEN' or ?token=TOKEN "
                   "(env KRONIEK_TOKEN).")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Make one in-process request (e.g. /api/stats), print the response and exit.")
def command(db: str, host: str, port: int, token: str | None, get_path: str | None) -> None:
    """Serve the newsroom web view and its JSON API.

    Pages: /search, /articles/ID, /entities/NAME, /timeline, /quotes; each has a JSON twin under
    /api/ and the API is described at /openapi.json.

    Example:

        kroniek add sample/ --db kroniek.db && kroniek serve --db kroniek.db
    """
    from .app import create_app

    if token is not None and not token.strip():
        raise click.BadParameter("the token must not be empty", param_hint="--token")
    if get_path is None and not is_loopback(host) and not token:
        raise click.UsageError(f"refusing to serve on {host} without --token: anyone on the network could read "
                               "the store. Give --token TOKEN (or KRONIEK_TOKEN), or bind 127.0.0.1.")
    try:
        app = create_app(db, token=token)
    except KroniekError as exc:
        raise click.ClickException(str(exc)) from None
    if get_path is not None:
        r = asyncio.run(_get(app, get_path, token))
        body = r.text
        if r.headers.get("content-type", "").startswith("application/json"):
            body = json.dumps(r.json(), ensure_ascii=False, indent=2)
        click.echo(body)
        sys.exit(0 if r.status_code < 400 else 1)
    import uvicorn

    shown = "localhost" if host in ("127.0.0.1", "::1", "localhost") else host
    click.echo(f"kroniek: serving {db} at http://{shown}:{port}/" + (" (token required)" if token else ""),
               err=True)
    uvicorn.run(app, host=host, port=port, log_level=os.environ.get("KRONIEK_LOG_LEVEL", "warning"),
                access_log=False)


async def _get(app, path: str, token: str | None):
    """One request to ``app`` in process (no socket)."""
    import httpx

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://kroniek") as client:
        return await client.get(path, headers=headers)
