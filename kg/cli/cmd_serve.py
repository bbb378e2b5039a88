"""``kg serve``: a read-only SPARQL 1.1 endpoint over the store."""
from __future__ import annotations

import re
import signal

import click

from kg.cli.common import one_line_errors
from kg.cli.store_options import open_from_options, store_options
from kg.errors import StoreError


@click.command("serve")
@store_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback by default; the endpoint has no authentication).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port (0 takes a free one).")
@click.option("--timeout", type=click.FloatRange(min=0.01), default=30.0, show_default=True,
              help="Seconds a query may run before it is stopped and answered 503.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10000, show_default=True,
              help="Most rows (or triples) a query returns; a cut result has X-Result-Truncated.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Query worker processes (default: 4 per CPU, at most 8).")
@click.option("--allow-service", is_flag=True,
              help="Run SERVICE (federated) clauses: the endpoint then fetches from any URL a query names.")
@click.option("--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
              help="Let web pages from ORIGIN (e.g. http://yasgui.intranet) query from a browser; repeatable, "
                   "'*' for any. Off by default.")
@click.option("--per-client", type=click.IntRange(min=1), default=None,
              help="Queries one client (IP) may run at once; its others wait in line (default: workers / 2).")
@click.option("--quiet", is_flag=True, help="Do not log each request on stderr.")
@one_line_errors
def serve(store: str, update_url: str | None, user: str | None, password: str | None, host: str, port: int,
          timeout: float, max_rows: int, workers: int | None, allow_service: bool, cors_origins: tuple[str, ...],
          per_client: int | None, quiet: bool) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint (JSON/XML/CSV/TSV, Turtle/N-Triples/JSON-LD).

    Updates are refused (403), malformed queries answered 400, slow queries stopped at --timeout (503),
    SERVICE refused (400) unless --allow-service; no CORS headers unless --cors-origin.

    Example:

    \b
        kg serve --store 图谱库 --port 7878
        curl http://127.0.0.1:7878/sparql -H 'Accept: text/csv' \\
          --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    from kg.serve import is_loopback, make_server

    remote = bool(re.match(r"^https?://", store, re.IGNORECASE))
    opened = open_from_options(store, update_url, user, password, read_only=True)
    try:
        n_graphs = len(opened.graphs())
    except Exception:
        opened.close()
        raise
    if remote:
        target = opened
    else:
        opened.close()  # the query workers open the directory read-only themselves
        target = store
    try:
        server = make_server(target, host=host, port=port, timeout=timeout, max_rows=max_rows,
                             workers=workers, log=not quiet, allow_service=allow_service,
                             cors_origins=cors_origins, per_client=per_client)
    except OSError as e:
        raise StoreError(f"cannot listen on {host}:{port} ({e.strerror or e}); choose another --port",
                         code="E332") from None
    click.echo(f"SPARQL endpoint: {server.url}", nl=True)
    click.echo(f"  store {store} ({n_graphs} graphs), timeout {timeout:g} s, at most {max_rows} rows; "
               f"Ctrl-C stops it", err=True)
    if not is_loopback(host):
        click.echo(f"  warning: listening on {host}: other machines can query this store (no authentication)",
                   err=True)
    if allow_service:
        click.echo("  warning: --allow-service: queries can make this machine fetch from any URL", err=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill PID` stops it cleanly (workers included)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.server_close()
        if remote:
            opened.close()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


commands = [serve]
