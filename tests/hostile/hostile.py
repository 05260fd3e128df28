#!/usr/bin/env python3
"""ctest hostile.*: the `amperity` CLI against hostile and quirky servers on loopback.

Every case starts a raw-socket server (plain or TLS, this process, one thread per connection)
that answers with exactly the bytes the case scripts, including what no well-behaved server
sends: garbage status lines, lying Content-Lengths, chunk-extension and trailer floods, interim
1xx floods, redirects to another host, tokens echoed back, endless headers, expired or
misnamed certificates, TLS 1.0/1.1 only (a real `openssl s_server`). Then one CLI process runs
one command against it, and the case asserts:

- the exit status (and so the error code the library gave),
- bounded time (a wall-clock ceiling per case, generous: the point is "bounded", not "fast"),
- bounded memory: the CLI's peak RSS (wait4) stays under the baseline of a normal call plus
  2 x max_response_bytes (16 MiB) plus a small constant, whatever the server sent,
- the requests the server saw (never a second run-workflow once one was written; a token
  never sent to a host it was redirected to),
- that no 12-character piece of any secret (access token, client secret, the OAuth tokens the
  server issued) appears in stdout or stderr.

    tests/hostile/hostile.py --cli path/to/amperity [--only SUBSTRING] [--list]

Exit status 0 when every case passed, 1 otherwise; prints one line per case.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

TENANT = "acme"
TOKEN = "hostile-token-" + secrets.token_hex(16)
CLIENT_ID = "hostile-client"
CLIENT_SECRET = "hostile-secret-" + secrets.token_hex(16)
MIB = 1 << 20
MAX_RESPONSE = 16 * MIB  # client_options::max_response_bytes default

EXIT = {"ok": 0, "usage": 2, "refused": 3, "api": 4, "transport": 5, "unknown": 6,
        "timeout": 7, "limit": 9}


def workflow(wf_id: str, state: str = "running", **extra) -> dict:
    wf = {"id": wf_id, "state": state, "type": "courier.group/run", "name": "Daily load",
          "tenant": TENANT, "created_at": "2026-06-19T04:00:18.764Z"}
    wf.update(extra)
    return wf


def response(status: int, body: bytes | str | dict = b"", reason: str = "X",
             headers: list[tuple[str, str]] | None = None, length: bool = True) -> bytes:
    if isinstance(body, dict):
        body = json.dumps(body)
    if isinstance(body, str):
        body = body.encode()
    head = f"HTTP/1.1 {status} {reason}\r\n"
    hs = list(headers or [])
    if not any(k.lower() == "content-type" for k, _ in hs) and body:
        hs.append(("Content-Type", "application/json"))
    if length:
        hs.append(("Content-Length", str(len(body))))
    for k, v in hs:
        head += f"{k}: {v}\r\n"
    return head.encode() + b"\r\n" + body


def ok_workflow(wf_id: str = "wf-1", status: int = 200, **kw) -> bytes:
    return response(status, workflow(wf_id), "OK", **kw)


def error_body(status: int, message: str, **extra) -> dict:
    d = {"status": status, "message": message}
    d.update(extra)
    return d


# ---- the server ------------------------------------------------------------------------------

@dataclass
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    connection: int


CLOSE = object()  # a responder yields it to close the connection at once


class Server:
    """A loopback server; `respond(req, n)` returns what to send for the n-th request (0-based)
    as an iterable of bytes (sent), floats (sleeps) and CLOSE."""

    def __init__(self, respond: Callable[[Request, int], Iterable], tls: ssl.SSLContext | None,
                 silent: bool = False, greeting: bytes = b"", abrupt: bool = False) -> None:
        self.respond = respond
        self.tls = tls
        self.silent = silent  # accept and never answer (a stalled TLS handshake)
        self.greeting = greeting  # sent at once on accept, then the connection is closed
        self.abrupt = abrupt  # TLS: close without close_notify (a truncation, to the client)
        self.requests: list[Request] = []
        self.connections = 0
        self.lock = threading.Lock()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stopping = False
        self.threads: list[threading.Thread] = []
        t = threading.Thread(target=self.accept_loop, daemon=True)
        t.start()

    def accept_loop(self) -> None:
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
                index = self.connections
            t = threading.Thread(target=self.serve, args=(conn, index), daemon=True)
            t.start()
            self.threads.append(t)

    def serve(self, conn: socket.socket, index: int) -> None:
        conn.settimeout(30)
        try:
            if self.silent:
                while conn.recv(65536):
                    pass
                return
            if self.greeting:
                conn.sendall(self.greeting)
                return
            if self.tls:
                try:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                except (ssl.SSLError, OSError):
                    return
            buf = b""
            while True:
                while b"\r\n\r\n" not in buf:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                head, _, buf = buf.partition(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    k, _, v = line.partition(":")
                    headers[k.strip().lower()] = v.strip()
                n = int(headers.get("content-length", "0"))
                while len(buf) < n:
                    data = conn.recv(65536)
                    if not data:
                        return
                    buf += data
                body, buf = buf[:n], buf[n:]
                req = Request(method, target, headers, body, index)
                with self.lock:
                    self.requests.append(req)
                    number = len(self.requests) - 1
                for item in self.respond(req, number):
                    if item is CLOSE:
                        if self.tls and not self.abrupt:
                            try:
                                conn.settimeout(2)
                                conn = conn.unwrap()  # close_notify: a clean end of stream
                            except (ssl.SSLError, OSError):
                                pass
                        return
                    if isinstance(item, float):
                        time.sleep(item)
                    else:
                        conn.sendall(item)
        except (OSError, ValueError):
            return
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def stop(self) -> None:
        self.stopping = True
        self.sock.close()


# ---- certificates (openssl from Debian) ------------------------------------------------------

class Certificates:
    """A CA and leaf certificates for every TLS case, made with the openssl command."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                 "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
                 "-subj", "/CN=hostile-test-ca",
                 "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        (directory / "index.txt").write_text("")
        (directory / "serial").write_text("1000\n")
        (directory / "ca.cnf").write_text(
            "[ca]\ndefault_ca = d\n[d]\ndir = .\ndatabase = index.txt\nnew_certs_dir = .\n"
            "serial = serial\ndefault_md = sha256\npolicy = p\ncopy_extensions = copy\n"
            "unique_subject = no\n[p]\ncommonName = supplied\n")

    def run(self, *args: str) -> None:
        subprocess.run(["openssl", *args], cwd=self.dir, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def leaf(self, name: str, san: str, start: str | None = None, end: str | None = None,
             self_signed: bool = False) -> tuple[Path, Path]:
        key, pem = self.dir / f"{name}.key", self.dir / f"{name}.pem"
        if self_signed:
            self.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                     "-nodes", "-keyout", key.name, "-out", pem.name, "-days", "30",
                     "-subj", f"/CN={name}", "-addext", f"subjectAltName={san}")
            return pem, key
        self.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                 "-keyout", key.name, "-out", f"{name}.csr", "-subj", f"/CN={name}",
                 "-addext", f"subjectAltName={san}")
        dates = []
        if start:
            dates += ["-startdate", start]
        dates += ["-enddate", end] if end else ["-days", "30"]
        self.run("ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key",
                 "-in", f"{name}.csr", "-out", pem.name, "-notext", *dates)
        return pem, key

    def context(self, name: str, san: str, **kw) -> ssl.SSLContext:
        pem, key = self.leaf(name, san, **kw)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(pem, key)
        return ctx


# ---- cases -----------------------------------------------------------------------------------

@dataclass
class Case:
    name: str
    category: str
    respond: Callable[[Request, int], Iterable] | None
    exit: str
    command: list[str] = field(default_factory=lambda: ["workflow", "get", "wf-1"])
    oauth: bool = False
    tls: str = "good"  # good | none | expired | future | selfsigned | wrongsan | iponly | stall
    host: str = "127.0.0.1"
    timeout: float = 20.0  # --timeout given to the CLI
    max_seconds: float = 25.0
    requests: int | None = None  # API requests the server must have seen (exactly)
    max_requests: int | None = None
    starts: int | None = None  # POST /workflow/runs seen
    token_requests: int | None = None
    stderr_has: str | None = None
    stdout_has: str | None = None
    check: Callable[["Server"], str | None] | None = None  # extra assertion; a message on failure
    extra_env: dict[str, str] = field(default_factory=dict)
    s_server: list[str] | None = None  # run `openssl s_server` with these flags instead
    abrupt: bool = False  # TLS close without close_notify


def api(req: Request) -> bool:
    return not req.target.endswith("/oauth2/token")


def issued_tokens(server: Server) -> list[str]:
    return getattr(server, "issued", [])


def with_token_endpoint(respond, expires_in="3600"):
    """OAuth: the token endpoint (raw JSON value `expires_in`, or None to leave it out) plus
    the API responder, which gets API requests numbered from 0."""
    state = {"api": 0, "issued": []}

    def r(req: Request, n: int):
        if req.target.endswith("/oauth2/token"):
            tok = "issued-" + secrets.token_hex(20)
            state["issued"].append(tok)
            body = '{"access_token": "%s", "token_type": "Bearer"%s}' % (
                tok, "" if expires_in is None else f', "expires_in": {expires_in}')
            yield response(200, body, "OK")
            return
        i = state["api"]
        state["api"] += 1
        yield from respond(req, i)

    r.state = state
    return r


def chunked(body: bytes, ext: str = "") -> bytes:
    return b"%x%s\r\n" % (len(body), ext.encode()) + body + b"\r\n0\r\n\r\n"


def head(status: int = 200, extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status} OK\r\nContent-Type: application/json\r\n{extra}").encode()


def flood(prefix: bytes, unit: bytes, total: int = 256 * MIB) -> Iterator[bytes]:
    yield prefix
    block = unit * max(1, (256 * 1024) // len(unit))
    sent = 0
    while sent < total:
        yield block
        sent += len(block)


def always(*items) -> Callable[[Request, int], Iterable]:
    return lambda req, n: items


def first_then(first: Iterable, then: Iterable) -> Callable[[Request, int], Iterable]:
    return lambda req, n: first if n == 0 else then


def page(ids: list[str], next_token: str | None) -> bytes:
    body = {"data": [workflow(i) for i in ids]}
    if next_token is not None:
        body["next_token"] = next_token
    return response(200, body, "OK")


def pages_by_token(table: dict[str | None, tuple[list[str], str | None]]):
    def r(req: Request, n: int):
        token = None
        if "next_token=" in req.target:
            token = req.target.split("next_token=", 1)[1].split("&", 1)[0]
        ids, nxt = table.get(token, ([], None))
        yield page(ids, nxt)
    return r


def endless_pages(req: Request, n: int):
    yield page([f"wf-{n}"], f"t{n + 1}")


def start_body() -> list[str]:
    return ["workflow", "start", "--config-id", "cg-1"]


def cases() -> list[Case]:
    wf_ok = ok_workflow()
    c: list[Case] = []
    add = c.append
    # -- status line garbage ---------------------------------------------------------------
    for name, raw in [("not_http", b"garbage\r\n\r\n"), ("bad_status_code", b"HTTP/1.1 abc OK\r\n\r\n"),
                      ("status_999", b"HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n"),
                      ("http2_preface", b"HTTP/2 200\r\n\r\n"), ("binary", bytes(range(256))),
                      ("empty_then_close", b"")]:
        add(Case(f"status_line.{name}", "status line", always(raw, CLOSE),
                 "transport", max_requests=4))
    add(Case("status_line.no_reason_phrase", "status line",
             always(b"HTTP/1.1 200 \r\nContent-Length: %d\r\n\r\n" % len(json.dumps(workflow("wf-1"))),
                    json.dumps(workflow("wf-1")).encode()), "ok", requests=1))
    # -- HTTP/1.0 and close-delimited bodies -------------------------------------------------
    body = json.dumps(workflow("wf-1")).encode()
    add(Case("http10.close_delimited", "http/1.0",
             always(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + body, CLOSE),
             "ok", requests=1, stdout_has="wf-1"))
    add(Case("http10.close_delimited_truncated", "http/1.0",
             always(b"HTTP/1.0 200 OK\r\n\r\n" + body[:20], CLOSE), "transport", max_requests=4))
    add(Case("http10.close_delimited_without_close_notify", "http/1.0",
             always(b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + body, CLOSE),
             "transport", abrupt=True, max_requests=4, stderr_has="truncated"))
    add(Case("http11.close_delimited", "http/1.0",
             always(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + body, CLOSE), "ok",
             requests=1))
    # -- Content-Length lies -----------------------------------------------------------------
    add(Case("content_length.longer_than_body", "content-length",
             always(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (len(body) + 50) + body, CLOSE),
             "transport", max_requests=4))
    add(Case("content_length.shorter_than_body", "content-length",
             always(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % (len(body) - 5) + body),
             "transport", max_requests=4))
    add(Case("content_length.with_transfer_encoding", "content-length",
             always(b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + chunked(body)), "transport", max_requests=4))
    add(Case("content_length.two_different", "content-length",
             always(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\nContent-Length: 2\r\n\r\n" % len(body)
                    + body), "transport", max_requests=4))
    add(Case("content_length.negative", "content-length",
             always(b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n" + body, CLOSE), "transport",
             max_requests=4))
    add(Case("content_length.not_a_number", "content-length",
             always(b"HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n" + body, CLOSE), "transport",
             max_requests=4))
    add(Case("content_length.huge", "content-length",
             always(b"HTTP/1.1 200 OK\r\nContent-Length: 99999999999\r\n\r\n", 5.0), "transport",
             requests=1, stderr_has="max_response_bytes"))
    # -- chunked encoding --------------------------------------------------------------------
    add(Case("chunked.ok", "chunked",
             always(head(200, "Transfer-Encoding: chunked\r\n\r\n") + chunked(body)), "ok", requests=1))
    for name, raw in [("size_not_hex", b"zz\r\n"), ("size_overflow", b"fffffffffffffffffffff\r\n"),
                      ("size_negative", b"-5\r\n"), ("missing_crlf", b"5\r\nabcdefgh")]:
        add(Case(f"chunked.{name}", "chunked",
                 always(head(200, "Transfer-Encoding: chunked\r\n\r\n") + raw, CLOSE), "transport",
                 max_requests=4))
    add(Case("chunked.extension_flood", "chunked",
             always(*flood(head(200, "Transfer-Encoding: chunked\r\n\r\n") + b"5;", b"x")),
             "transport", requests=1, stderr_has="too large"))
    add(Case("chunked.trailer_flood", "chunked",
             always(*flood(head(200, "Transfer-Encoding: chunked\r\n\r\n") + b"2\r\n{}\r\n0\r\n",
                           b"X-Trailer: yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\r\n")),
             "transport", requests=1, stderr_has="too large"))
    add(Case("chunked.body_flood", "chunked",
             always(*flood(head(200, "Transfer-Encoding: chunked\r\n\r\n"),
                           b"10000\r\n" + b"a" * 0x10000 + b"\r\n")),
             "transport", requests=1, stderr_has="too large"))
    # -- header floods and slow servers --------------------------------------------------------
    add(Case("header.flood", "headers",
             always(*flood(b"HTTP/1.1 200 OK\r\n", b"X-Flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n")),
             "transport", requests=1, stderr_has="too large"))
    add(Case("header.endless_status_line", "headers",
             always(*flood(b"HTTP/1.1 200 ", b"O")), "transport", requests=1, stderr_has="too large"))
    add(Case("header.one_huge_field", "headers",
             always(*flood(b"HTTP/1.1 200 OK\r\nX-Big: ", b"b")), "transport", requests=1,
             stderr_has="too large"))
    add(Case("header.slowloris", "slow",
             always(b"HTTP/1.1 200 OK\r\n", *[y for _ in range(400) for y in (b"X-S: y\r\n", 0.05)]),
             "timeout", timeout=3, max_seconds=8))
    add(Case("header.slow_status_line", "slow",
             always(*[y for i in range(200) for y in (b"H", 0.05)]), "timeout", timeout=3,
             max_seconds=8))
    # -- unrequested Content-Encoding ----------------------------------------------------------
    import gzip
    add(Case("content_encoding.gzip", "content-encoding",
             always(response(200, gzip.compress(body), "OK",
                             [("Content-Encoding", "gzip"), ("Content-Type", "application/json")])),
             "transport", requests=1, stderr_has="Content-Encoding"))
    add(Case("content_encoding.br", "content-encoding",
             always(response(200, body, "OK", [("Content-Encoding", "br")])), "transport",
             requests=1, stderr_has="Content-Encoding"))
    add(Case("content_encoding.identity", "content-encoding",
             always(response(200, body, "OK", [("Content-Encoding", "identity")])), "ok",
             requests=1))
    # -- extra bytes after a keep-alive response (the pooled connection) ----------------------
    two_pages = {None: (["wf-a"], "p2"), "p2": (["wf-b"], None)}
    tbl = pages_by_token(two_pages)
    add(Case("keepalive.junk_after_response", "keep-alive",
             lambda req, n: [b"".join(tbl(req, n)) + (b"JUNK" if n == 0 else b"")],
             "ok", command=["workflow", "list", "--all", "--json"], requests=2,
             stdout_has="wf-b",
             check=lambda s: None if len({r.connection for r in s.requests}) == 2
             else "the connection with unread bytes was reused"))
    add(Case("keepalive.second_response_pipelined", "keep-alive",
             lambda req, n: [b"".join(tbl(req, n)) + (page(["wf-evil"], None) if n == 0 else b"")],
             "ok", command=["workflow", "list", "--all", "--json"], requests=2, stdout_has="wf-b",
             check=lambda s: None if len({r.connection for r in s.requests}) == 2
             else "the connection with a pipelined extra response was reused"))
    add(Case("keepalive.server_closes_after_response", "keep-alive",
             lambda req, n: [b"".join(tbl(req, n)), CLOSE],
             "ok", command=["workflow", "list", "--all", "--json"], requests=2, stdout_has="wf-b"))
    add(Case("keepalive.reused_when_clean", "keep-alive", tbl, "ok",
             command=["workflow", "list", "--all", "--json"], requests=2,
             check=lambda s: None if len({r.connection for r in s.requests}) == 1
             else "a clean keep-alive connection was not reused"))
    # -- interim 1xx responses ---------------------------------------------------------------
    cont = b"HTTP/1.1 100 Continue\r\n\r\n"
    hints = b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
    add(Case("interim.100_then_200", "1xx", always(cont + wf_ok), "ok", requests=1,
             stdout_has="wf-1"))
    add(Case("interim.103_then_200", "1xx", always(hints + wf_ok), "ok", requests=1))
    add(Case("interim.16_then_200", "1xx", always(hints * 16 + wf_ok), "ok", requests=1))
    add(Case("interim.flood", "1xx", always(*flood(b"", hints, 8 * MIB)), "transport",
             requests=1, stderr_has="interim"))
    add(Case("interim.101_switching", "1xx",
             always(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", CLOSE),
             "transport", requests=1))
    add(Case("interim.100_then_201_start", "1xx",
             always(cont + ok_workflow("wf-started", 201)), "ok", command=start_body(),
             starts=1, stdout_has="wf-started"))
    add(Case("interim.103_then_201_start_crlf_split", "1xx",
             always(hints[:10], 0.05, hints[10:], 0.05, ok_workflow("wf-started", 201)), "ok",
             command=start_body(), starts=1))
    add(Case("interim.pooled_connection_answers_right_call", "1xx",
             lambda req, n: [hints + b"".join(tbl(req, n))],
             "ok", command=["workflow", "list", "--all", "--json"], requests=2, stdout_has="wf-b"))
    add(Case("interim.flood_on_start", "1xx", always(*flood(b"", hints, 8 * MIB)), "unknown",
             command=start_body(), starts=1))
    # -- redirects: never followed, the token never sent elsewhere ----------------------------
    for status in (301, 302, 307, 308):
        add(Case(f"redirect.{status}", "redirect", None, "transport", requests=1,
                 stderr_has=str(status)))
    # -- secrets echoed back ----------------------------------------------------------------
    add(Case("echo.token_in_401_message", "echo",
             always(response(401, error_body(401, f"bad token Bearer {TOKEN}"), "Unauthorized")),
             "api", requests=1))
    add(Case("echo.token_in_request_id", "echo",
             always(response(403, error_body(403, "no", request_id=TOKEN), "Forbidden")), "api",
             requests=1))
    add(Case("echo.token_in_plain_body", "echo",
             always(response(400, f"Authorization: Bearer {TOKEN}", "Bad",
                             [("Content-Type", "text/plain")])), "api", requests=1))
    add(Case("echo.token_straddling_excerpt_cut", "echo",
             always(response(400, "x" * (512 - 20) + TOKEN, "Bad",
                             [("Content-Type", "text/plain")])), "api", requests=1))
    add(Case("echo.token_prefix_only", "echo",
             always(response(400, error_body(400, "token starts " + TOKEN[:20] + "..."), "Bad")),
             "api", requests=1))
    add(Case("echo.token_in_deprecation_header", "echo",
             always(response(200, workflow("wf-1"), "OK", [("Deprecation", f"Bearer {TOKEN}")])),
             "ok", requests=1))
    add(Case("echo.token_in_workflow_name", "echo",
             always(response(200, workflow("wf-1", name=f"leak {TOKEN}"), "OK")), "ok",
             command=["workflow", "get", "wf-1"], requests=1))
    add(Case("echo.token_in_invalid_2xx", "echo",
             always(response(200, {"id": 5, "state": TOKEN}, "OK")), "transport", requests=1))
    add(Case("echo.oauth_token_in_error", "echo", None, "api", oauth=True, requests=2,
             token_requests=2))
    add(Case("echo.client_secret_in_error", "echo",
             with_token_endpoint(lambda req, i: [response(
                 400, error_body(400, f"client_secret={CLIENT_SECRET}"), "Bad")]),
             "api", oauth=True, requests=1))
    # -- Retry-After --------------------------------------------------------------------------
    busy = lambda ra: first_then([response(503, error_body(503, "busy"), "Busy",
                                           [("Retry-After", ra)])], [wf_ok])
    add(Case("retry_after.huge", "retry-after", busy("99999999999999999999"), "transport",
             timeout=10, max_seconds=8, requests=1, stderr_has="no time left"))
    add(Case("retry_after.past_date", "retry-after", busy("Sun, 06 Nov 1994 08:49:37 GMT"),
             "ok", requests=2))
    add(Case("retry_after.malformed", "retry-after", busy("soon, please"), "ok", requests=2))
    add(Case("retry_after.on_start_429", "retry-after",
             first_then([response(429, error_body(429, "slow"), "Too Many", [("Retry-After", "0")])],
                        [ok_workflow("wf-s", 201)]), "ok", command=start_body(), starts=2,
             stdout_has="wf-s"))
    # -- TLS ------------------------------------------------------------------------------------
    add(Case("tls.stalled_handshake", "tls", None, "timeout", tls="stall", timeout=3,
             max_seconds=8))
    for name, exit_, host in [("expired", "transport", "127.0.0.1"),
                              ("not_yet_valid", "transport", "127.0.0.1"),
                              ("self_signed_leaf", "transport", "127.0.0.1"),
                              ("wrong_san", "transport", "127.0.0.1"),
                              ("ip_address_certificate", "ok", "127.0.0.1"),
                              ("ip_certificate_by_name", "transport", "localhost")]:
        tls = {"expired": "expired", "not_yet_valid": "future", "self_signed_leaf": "selfsigned",
               "wrong_san": "wrongsan", "ip_address_certificate": "iponly",
               "ip_certificate_by_name": "iponly"}[name]
        add(Case(f"tls.{name}", "tls", always(wf_ok), exit_, tls=tls, host=host,
                 requests=1 if exit_ == "ok" else 0,
                 stderr_has=None if exit_ == "ok" else "certificate"))
    for proto in ("tls1", "tls1_1"):
        add(Case(f"tls.{proto}_only_server", "tls", None, "transport",
                 s_server=[f"-{proto}", "-cipher", "DEFAULT@SECLEVEL=0"], max_seconds=15))
    add(Case("tls.plain_http_server_behind_https", "tls", always(wf_ok), "transport", tls="plainsrv",
             requests=0))
    # -- OAuth expires_in -----------------------------------------------------------------------
    list_all = ["workflow", "list", "--all", "--json"]
    for name, value, exit_, toks in [("3600", "3600", "ok", 1), ("1e10", "10000000000", "ok", 1),
                                     ("huge_int", "9223372036854775807", "ok", 1),
                                     ("missing", None, "ok", 1), ("zero", "0", "api", 1),
                                     ("negative", "-5", "api", 1), ("1e300", "1e300", "api", 1),
                                     ("string", '"3600"', "api", 1)]:
        add(Case(f"oauth.expires_in_{name}", "oauth",
                 with_token_endpoint(pages_by_token(two_pages), value), exit_, oauth=True,
                 command=list_all, token_requests=toks,
                 requests=2 if exit_ == "ok" else 0,
                 stderr_has=None if exit_ == "ok" else "expires_in"))
    add(Case("oauth.token_url_without_path", "oauth", None, "ok", oauth=True,
             requests=1, token_requests=1))
    add(Case("oauth.401_on_start_one_refresh_one_start", "oauth", None, "ok", oauth=True,
             command=start_body(), starts=2, token_requests=2))
    # -- pagination -----------------------------------------------------------------------------
    add(Case("pages.cycle_a_b_a", "pagination",
             pages_by_token({None: (["wf-0"], "A"), "A": (["wf-a"], "B"), "B": (["wf-b"], "A")}),
             "transport", command=list_all, requests=3, stderr_has="cycle"))
    add(Case("pages.cycle_a_a", "pagination",
             pages_by_token({None: (["wf-0"], "A"), "A": (["wf-a"], "A")}), "transport",
             command=list_all, requests=2, stderr_has="cycle"))
    add(Case("pages.max_pages", "pagination", endless_pages, "limit",
             command=list_all + ["--max-pages", "3"], requests=3, stdout_has="wf-2",
             stderr_has="page limit"))
    add(Case("pages.max_items", "pagination", endless_pages, "limit",
             command=list_all + ["--max-items", "2"], requests=2, stderr_has="item limit"))
    add(Case("pages.max_items_exact_end", "pagination", pages_by_token(two_pages), "ok",
             command=list_all + ["--max-items", "2"], requests=2))
    # -- paths ------------------------------------------------------------------------------------
    add(Case("paths.dot_dot_id", "paths", always(wf_ok), "refused",
             command=["workflow", "get", ".."], requests=0, stderr_has="dot segment"))
    add(Case("paths.dot_id", "paths", always(wf_ok), "refused",
             command=["workflow", "stop", "."], requests=0, stderr_has="dot segment"))
    add(Case("paths.slash_in_id_encoded", "paths", always(wf_ok), "ok",
             command=["workflow", "get", "a/../b"], requests=1,
             check=lambda s: None if s.requests[0].target.endswith("/workflow/runs/a%2F..%2Fb")
             else "target " + s.requests[0].target))
    # -- run-workflow is never started twice ------------------------------------------------------
    add(Case("start.reset_after_request", "start", always(CLOSE), "unknown", command=start_body(),
             starts=1))
    add(Case("start.503", "start", always(response(503, error_body(503, "x"), "Busy")), "unknown",
             command=start_body(), starts=1))
    add(Case("start.garbage_status", "start", always(b"garbage\r\n\r\n", CLOSE), "unknown",
             command=start_body(), starts=1))
    add(Case("start.too_large", "start",
             always(*flood(head(201, "Transfer-Encoding: chunked\r\n\r\n") + b"5;", b"x")),
             "unknown", command=start_body(), starts=1))
    add(Case("start.redirect_307", "start",
             always(response(307, b"", "Temporary Redirect", [("Location", "https://127.0.0.1:1/x")])),
             "unknown", command=start_body(), starts=1))
    return c


# ---- running a case ----------------------------------------------------------------------------

def pieces_of(secret: str, n: int = 12) -> list[str]:
    return [secret[i:i + n] for i in range(0, max(1, len(secret) - n + 1))]


@dataclass
class Outcome:
    code: int
    seconds: float
    rss_kib: int
    stdout: str
    stderr: str


def run_cli(cli: str, args: list[str], env: dict[str, str], wall: float) -> Outcome:
    start = time.monotonic()
    proc = subprocess.Popen([cli, *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out: dict[str, bytes] = {}

    def drain(name, stream):
        out[name] = stream.read()

    readers = [threading.Thread(target=drain, args=(k, s)) for k, s in
               (("out", proc.stdout), ("err", proc.stderr))]
    for t in readers:
        t.start()
    killer = threading.Timer(wall + 30, proc.kill)
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    for t in readers:
        t.join()
    return Outcome(proc.returncode, time.monotonic() - start, usage.ru_maxrss,
                   out["out"].decode("utf-8", "replace"), out["err"].decode("utf-8", "replace"))


def prepare(case: Case, certs: Certificates, ctxs: dict) -> tuple[Server | None, subprocess.Popen | None, int, str]:
    """Starts what the case talks to; returns (server, s_server process, port, CA file)."""
    ca = str(certs.dir / "ca.pem")
    if case.s_server:
        port = free_port()
        pem, key = certs.dir / "good.pem", certs.dir / "good.key"
        proc = subprocess.Popen(["openssl", "s_server", "-accept", f"127.0.0.1:{port}", "-cert",
                                 str(pem), "-key", str(key), "-www", "-quiet", *case.s_server],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        wait_for_port(port)
        return None, proc, port, ca
    respond = case.respond
    if case.name.startswith("redirect."):
        status = int(case.name.split(".")[1])
        other = Server(always(ok_workflow()), ctxs["good"])
        case._other = other  # type: ignore[attr-defined]
        respond = always(response(status, b"", "Moved",
                                  [("Location", f"https://localhost:{other.port}/api/workflow/runs/wf-1")]))
    if case.name == "echo.oauth_token_in_error":
        def echo_issued(req, i):
            tok = state["issued"][-1]
            yield response(401, error_body(401, f"token {tok} is not valid"), "Unauthorized")
        respond = with_token_endpoint(echo_issued)
        state = respond.state
    if case.name == "oauth.token_url_without_path":
        def root_token(req, n):
            if req.target == "/" and req.method == "POST":
                yield response(200, '{"access_token": "root-%s", "expires_in": 60}' % secrets.token_hex(8), "OK")
            else:
                yield ok_workflow()
        respond = root_token
    if case.name == "oauth.401_on_start_one_refresh_one_start":
        def start_401(req, i):
            yield (response(401, error_body(401, "expired"), "Unauthorized") if i == 0
                   else ok_workflow("wf-started", 201))
        respond = with_token_endpoint(start_401)
    tls = None if case.tls in ("none", "plainsrv") else ctxs.get(case.tls)
    server = Server(respond or always(CLOSE), tls, silent=case.tls == "stall",
                    greeting=b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                    if case.tls == "plainsrv" else b"", abrupt=case.abrupt)
    return server, None, server.port, ca


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"openssl s_server did not listen on {port}")


def judge(case: Case, o: Outcome, server: Server | None, baseline_kib: int,
          check_memory: bool) -> list[str]:
    problems = []
    want = EXIT[case.exit]
    if o.code != want:
        problems.append(f"exit {o.code}, expected {want} ({case.exit})")
    if o.seconds > case.max_seconds:
        problems.append(f"took {o.seconds:.1f} s (bound {case.max_seconds} s)")
    bound = baseline_kib + 2 * MAX_RESPONSE // 1024 + 8 * 1024
    if check_memory and o.rss_kib > bound:
        problems.append(f"peak RSS {o.rss_kib // 1024} MiB (bound {bound // 1024} MiB)")
    text = o.stdout + o.stderr
    secrets_held = [TOKEN, CLIENT_SECRET] + (server.respond.state["issued"]
                                             if server and hasattr(server.respond, "state") else [])
    for s in secrets_held:
        for p in pieces_of(s):
            if p in text:
                problems.append(f"a piece of a secret appears in the output: ...{p[:4]}...")
                break
    if server:
        api_reqs = [r for r in server.requests if api(r)]
        token_reqs = [r for r in server.requests if not api(r)]
        if case.name == "oauth.token_url_without_path":
            token_reqs = [r for r in server.requests if r.target == "/"]
            api_reqs = [r for r in server.requests if r.target != "/"]
        if case.requests is not None and len(api_reqs) != case.requests:
            problems.append(f"server saw {len(api_reqs)} API requests, expected {case.requests}")
        if case.max_requests is not None and len(api_reqs) > case.max_requests:
            problems.append(f"server saw {len(api_reqs)} API requests, at most {case.max_requests}")
        if case.token_requests is not None and len(token_reqs) != case.token_requests:
            problems.append(f"server saw {len(token_reqs)} token requests, expected "
                            f"{case.token_requests}")
        starts = [r for r in api_reqs if r.method == "POST" and r.target.endswith("/workflow/runs")]
        if case.starts is not None and len(starts) != case.starts:
            problems.append(f"server saw {len(starts)} run-workflow requests, expected {case.starts}")
        if case.check:
            msg = case.check(server)
            if msg:
                problems.append(msg)
        other = getattr(case, "_other", None)
        if other is not None and other.connections:
            problems.append(f"the redirect target got {other.connections} connections")
    if case.stderr_has and case.stderr_has.lower() not in o.stderr.lower():
        problems.append(f"stderr lacks {case.stderr_has!r}")
    if case.stdout_has and case.stdout_has not in o.stdout:
        problems.append(f"stdout lacks {case.stdout_has!r}")
    if o.code != 0 and len([l for l in o.stderr.splitlines() if l.startswith("amperity: ")]) < 1:
        problems.append("no `amperity: ` error line on stderr")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--only", default="")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--sanitized", action="store_true",
                    help="the CLI is built with ASan: skip the memory bound (shadow memory and "
                         "quarantine make RSS meaningless there)")
    args = ap.parse_args()
    all_cases = cases()
    if args.list:
        for c in all_cases:
            print(f"{c.category:18} {c.name}")
        print(f"{len(all_cases)} cases")
        return 0
    if not shutil.which("openssl"):
        print("SKIP: the openssl command is needed for the certificates (apt-get install openssl)")
        return 77
    selected = [c for c in all_cases if args.only in c.name]
    with tempfile.TemporaryDirectory(prefix="amperity-hostile-") as tmp:
        certs = Certificates(Path(tmp))
        san = "DNS:localhost,IP:127.0.0.1"
        ctxs = {
            "good": certs.context("good", san),
            "expired": certs.context("expired", san, start="20200101000000Z",
                                     end="20200201000000Z"),
            "future": certs.context("future", san, start="20350101000000Z",
                                    end="20360101000000Z"),
            "selfsigned": certs.context("selfsigned", san, self_signed=True),
            "wrongsan": certs.context("wrongsan", "DNS:api.example.com"),
            "iponly": certs.context("iponly", "IP:127.0.0.1"),
        }
        # Baseline memory: a normal call.
        server = Server(always(ok_workflow()), ctxs["good"])
        env = base_env(server.port, str(certs.dir / "ca.pem"), "127.0.0.1", False)
        baseline = run_cli(args.cli, ["workflow", "get", "wf-1", "--ca-file",
                                      str(certs.dir / "ca.pem")], env, 20)
        server.stop()
        if baseline.code != 0:
            print(f"FAIL baseline call: exit {baseline.code}: {baseline.stderr.strip()}")
            return 1
        print(f"baseline: a normal get peaks at {baseline.rss_kib // 1024} MiB RSS; bound for "
              f"every case: +{2 * MAX_RESPONSE // MIB + 8} MiB")
        failed = 0
        by_category: dict[str, int] = {}
        for case in selected:
            server, proc, port, ca = prepare(case, certs, ctxs)
            env = base_env(port, ca, case.host, case.oauth, plain=case.tls in ("none",))
            if case.name == "oauth.token_url_without_path":
                env["AMPERITY_TOKEN_URL"] = f"https://127.0.0.1:{port}"
            env.update(case.extra_env)
            try:
                o = run_cli(args.cli, case.command + ["--timeout", str(case.timeout), "--ca-file", ca], env,
                            case.max_seconds)
            finally:
                if server:
                    server.stop()
                if proc:
                    proc.kill()
                    proc.wait()
                other = getattr(case, "_other", None)
                if other:
                    other.stop()
            problems = judge(case, o, server, baseline.rss_kib, not args.sanitized)
            by_category[case.category] = by_category.get(case.category, 0) + 1
            status = "ok  " if not problems else "FAIL"
            print(f"{status} {case.name:48} exit {o.code:3} {o.seconds:5.1f} s "
                  f"{o.rss_kib // 1024:4} MiB" + ("" if not problems else "  " + "; ".join(problems)))
            if problems:
                failed += 1
                print("     stderr: " + o.stderr.strip().replace("\n", "\n             "))
        print(f"{len(selected) - failed}/{len(selected)} cases passed; by category: " +
              ", ".join(f"{k} {v}" for k, v in by_category.items()))
        return 1 if failed else 0


def base_env(port: int, ca: str, host: str, oauth: bool, plain: bool = False) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AMPERITY_")}
    scheme = "http" if plain else "https"
    env["AMPERITY_BASE_URL"] = f"{scheme}://{host}:{port}/api"
    env["AMPERITY_TENANT"] = TENANT
    if oauth:
        env["AMPERITY_CLIENT_ID"] = CLIENT_ID
        env["AMPERITY_CLIENT_SECRET"] = CLIENT_SECRET
    else:
        env["AMPERITY_ACCESS_TOKEN"] = TOKEN
    return env


if __name__ == "__main__":
    sys.exit(main())
