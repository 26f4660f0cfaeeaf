"""Loopback HTTP servers for the fetcher's tests: an allowed one and a "secret" one.

The allowed server listens on 127.0.0.2 (the tests allow that address with
BRIEFING_FETCH__ALLOW_HOSTS); the secret one on 127.0.0.1, which stays forbidden,
and counts every request that reaches it, so a test can prove nothing got through.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALLOWED_HOST = "127.0.0.2"
STORY = "Engineers finished the bridge two months early, the city said. " * 6
QUEBEC = "Le gouvernement du Québec a présenté son budget mardi à l'Assemblée. " * 6


def _page(paragraph: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article><p>{paragraph}</p></article></body></html>"


class _Handler(BaseHTTPRequestHandler):
    hits: list[str]
    secret_base: str = ""
    inflight: list[int]  # [now, most ever]
    lock: threading.Lock

    def do_GET(self) -> None:
        self.hits.append(self.path)
        if self.path == "/story":
            self._send(_page(STORY).encode())
        elif self.path == "/latin1":
            head = '<meta charset="iso-8859-1"><title>Québec</title>'
            # No charset in Content-Type: only the page itself says what it is.
            self._send(_page(QUEBEC, head).encode("latin-1"))
        elif self.path == "/to-secret":
            self._redirect(f"{self.secret_base}/story")
        elif self.path.startswith("/hop/"):
            left = int(self.path.rsplit("/", 1)[1])
            self._redirect("/story" if left == 0 else f"/hop/{left - 1}")
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(60):  # a byte a second for a minute
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
        elif self.path.startswith("/held/"):
            # Held for half a second, counting how many are held at once.
            with self.lock:
                self.inflight[0] += 1
                self.inflight[1] = max(self.inflight)
            time.sleep(0.5)
            with self.lock:
                self.inflight[0] -= 1
            number = self.path.rsplit("/", 1)[1]
            self._send(_page(f"Story number {number}. {STORY}").encode())
        elif self.path == "/big":
            self._send(_page("word " * 400_000).encode())
        else:
            self.send_error(404)

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(
    host: str, secret_base: str = "", inflight: list[int] | None = None
) -> Iterator[tuple[str, list[str]]]:
    """A server on ``host``; yields its base URL and the list of paths it was asked for.

    ``inflight`` ([0, 0]) receives the number of /held/ requests served at once.
    """
    hits: list[str] = []
    attributes = {
        "hits": hits,
        "secret_base": secret_base,
        "inflight": inflight if inflight is not None else [0, 0],
        "lock": threading.Lock(),
    }
    handler = type("Handler", (_Handler,), attributes)
    server_class = type(
        "Server",
        (ThreadingHTTPServer,),
        {"address_family": socket.AF_INET6 if ":" in host else socket.AF_INET},
    )
    server = server_class((host, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    bracketed = f"[{host}]" if ":" in host else host
    try:
        yield f"http://{bracketed}:{server.server_port}", hits
    finally:
        server.shutdown()
        server.server_close()
