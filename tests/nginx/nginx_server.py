#!/usr/bin/env python3
# Copyright (c) 2026 the amperity-cpp developers. Distributed under the Boost Software License 1.0.
"""A real nginx (Debian's) serving canned Amperity API answers over TLS on loopback.

The end-to-end benchmark (scripts/bench-client) and the integration tests of TLS session
resumption and idle-connection health run the client against it: a server we did not write,
whose access log says which connection served each request and whether its TLS session was
resumed.

Three server blocks, each on its own loopback port, all with TLS session tickets on:

    main   TLS 1.2 and 1.3, keep-alive for 75 s (nginx's default)
    idle   TLS 1.2 and 1.3, keep-alive for 1 s: idle connections are closed under the client
    tls12  TLS 1.2 only

Routes (under /api, answered by nginx's `return`, the request body discarded):

    POST /api/workflow/runs              201, a scheduled run (examples/data)
    GET  /api/workflow/runs              200, a page of two runs, no continuation
    GET  /api/workflow/runs/{id}         200, a run
    POST /api/workflow/runs/{id}/stop    200, a run

Access log fields, space separated (see LOG_FIELDS): server port, connection serial number,
request count on that connection, TLS protocol, "r" when the TLS session was resumed (else
"."), method, URI, status.

As a program it is a helper for tests written in other languages: it prints one JSON line
({"ports": {...}, "ca_file": ..., "access_log": ..., "error_log": ...}), then reads commands
from stdin, one per line, and answers each with one JSON line:

    restart   stop nginx and start it again on the same ports, with new session-ticket keys
              (every ticket issued before is rejected from then on)
    log       {"lines": [...]}: the access log so far, parsed (see parse_log)

It stops nginx and exits at the end of stdin.

Needs nginx (Debian: nginx-light) and the openssl command; scripts/bootstrap installs both.
"""

import argparse
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = HERE.parent.parent
RUN_JSON = SOURCE / "examples" / "data" / "run-workflow-response.json"

LOG_FIELDS = ("port", "connection", "requests", "protocol", "reused", "method", "uri", "status")

CONFIG = """\
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log notice;
events {{ worker_connections 4096; }}
http {{
    log_format amperity '$server_port $connection $connection_requests $ssl_protocol '
                        '$ssl_session_reused $request_method $uri $status';
    access_log {dir}/access.log amperity;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    fastcgi_temp_path {dir}/tmp/fastcgi;
    uwsgi_temp_path {dir}/tmp/uwsgi;
    scgi_temp_path {dir}/tmp/scgi;
    default_type application/json;
    keepalive_requests 1000000;
    ssl_certificate {dir}/cert.pem;
    ssl_certificate_key {dir}/key.pem;
    ssl_session_tickets on;
    ssl_session_ticket_key {dir}/ticket.key;
    server {{
        listen 127.0.0.1:{main} ssl;
        ssl_protocols TLSv1.2 TLSv1.3;
        keepalive_timeout 75s;
        include {dir}/routes.conf;
    }}
    server {{
        listen 127.0.0.1:{idle} ssl;
        ssl_protocols TLSv1.2 TLSv1.3;
        keepalive_timeout 1s;
        include {dir}/routes.conf;
    }}
    server {{
        listen 127.0.0.1:{tls12} ssl;
        ssl_protocols TLSv1.2;
        keepalive_timeout 75s;
        include {dir}/routes.conf;
    }}
}}
"""

ROUTES = """\
location = /api/workflow/runs {{
    if ($request_method = POST) {{ return 201 '{scheduled}'; }}
    return 200 '{page}';
}}
location ~ ^/api/workflow/runs/[^/]+/stop$ {{ return 200 '{stopped}'; }}
location ~ ^/api/workflow/runs/[^/]+$ {{ return 200 '{run}'; }}
location / {{ return 404 '{{"message":"no such route"}}'; }}
"""


def nginx_string(document):
    """A JSON document as the inside of an nginx single-quoted string (no variables in it)."""
    text = json.dumps(document, separators=(",", ":"))
    if "$" in text:
        raise ValueError("a canned answer must not contain '$' (nginx would expand it)")
    return text.replace("\\", "\\\\").replace("'", "\\'")


def free_ports(count):
    """Ports the kernel handed out just now (bound and released; nginx binds them next)."""
    sockets, ports = [], []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
        ports.append(s.getsockname()[1])
    for s in sockets:
        s.close()
    return ports


def run_quiet(argv):
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({done.returncode}):\n{done.stdout}")


def make_certificates(d):
    """A CA and a localhost/127.0.0.1 leaf it signed, with the openssl command."""
    run_quiet(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
               "-nodes", "-days", "2", "-subj", "/CN=amperity-cpp nginx test CA",
               "-addext", "basicConstraints=critical,CA:TRUE",
               "-addext", "keyUsage=critical,keyCertSign,cRLSign",
               "-keyout", str(d / "ca.key"), "-out", str(d / "ca.pem")])
    run_quiet(["openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
               "-subj", "/CN=localhost", "-keyout", str(d / "key.pem"), "-out", str(d / "leaf.csr")])
    (d / "leaf.ext").write_text("basicConstraints=CA:FALSE\n"
                                "extendedKeyUsage=serverAuth\n"
                                "subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    run_quiet(["openssl", "x509", "-req", "-in", str(d / "leaf.csr"), "-CA", str(d / "ca.pem"),
               "-CAkey", str(d / "ca.key"), "-CAcreateserial", "-days", "2",
               "-extfile", str(d / "leaf.ext"), "-out", str(d / "cert.pem")])


def parse_log(text):
    """The access log as a list of dicts keyed by LOG_FIELDS (numbers as int)."""
    lines = []
    for raw in text.splitlines():
        parts = raw.split(" ")
        if len(parts) != len(LOG_FIELDS):
            raise ValueError(f"unexpected access log line: {raw!r}")
        entry = dict(zip(LOG_FIELDS, parts))
        for key in ("port", "connection", "requests", "status"):
            entry[key] = int(entry[key])
        entry["reused"] = entry["reused"] == "r"
        lines.append(entry)
    return lines


class Nginx:
    """nginx on loopback for the lifetime of the object (a context manager)."""

    def __init__(self, directory=None):
        if shutil.which("nginx") is None and not os.path.exists("/usr/sbin/nginx"):
            raise RuntimeError("nginx is not installed; scripts/bootstrap installs it "
                               "(Debian: nginx-light)")
        self._own_dir = directory is None
        self.dir = pathlib.Path(directory or tempfile.mkdtemp(prefix="amperity-nginx-"))
        (self.dir / "tmp").mkdir(parents=True, exist_ok=True)
        make_certificates(self.dir)
        main, idle, tls12 = free_ports(3)
        self.ports = {"main": main, "idle": idle, "tls12": tls12}
        run = json.loads(RUN_JSON.read_text())
        running = dict(run, state="running")
        stopped = dict(run, state="stopping")
        page = {"data": [running, dict(run, id="wf-123456A-78901-2bcd3f")]}
        (self.dir / "routes.conf").write_text(ROUTES.format(
            scheduled=nginx_string(run), page=nginx_string(page), stopped=nginx_string(stopped),
            run=nginx_string(running)))
        (self.dir / "nginx.conf").write_text(CONFIG.format(dir=self.dir, **self.ports))
        self.ca_file = self.dir / "ca.pem"
        self.access_log = self.dir / "access.log"
        self.error_log = self.dir / "error.log"
        self._process = None
        self.start()

    def nginx(self):
        return shutil.which("nginx") or "/usr/sbin/nginx"

    def start(self):
        # 80 bytes of fresh key material: every ticket issued before this start is rejected.
        (self.dir / "ticket.key").write_bytes(os.urandom(80))
        self._process = subprocess.Popen(
            [self.nginx(), "-p", str(self.dir), "-c", str(self.dir / "nginx.conf"),
             "-e", str(self.error_log)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        for port in self.ports.values():
            while True:
                if self._process.poll() is not None:
                    raise RuntimeError("nginx exited at start:\n" + self.error_text())
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"nginx did not listen on {port} within 10 s:\n"
                                           + self.error_text())
                    time.sleep(0.02)

    def stop(self):
        if self._process is None:
            return
        self._process.send_signal(signal.SIGQUIT)  # graceful: finish, then exit
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def restart(self):
        self.stop()
        self.start()

    def error_text(self):
        return self.error_log.read_text() if self.error_log.exists() else "(no error log)"

    def log(self):
        return parse_log(self.access_log.read_text() if self.access_log.exists() else "")

    def base_url(self, block="main"):
        return f"https://localhost:{self.ports[block]}/api"

    def describe(self):
        return {"ports": self.ports, "ca_file": str(self.ca_file),
                "access_log": str(self.access_log), "error_log": str(self.error_log)}

    def close(self):
        self.stop()
        if self._own_dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", help="working directory (default: a temporary one, removed)")
    args = parser.parse_args()
    try:
        server = Nginx(args.dir)
    except RuntimeError as e:
        print(json.dumps({"error": str(e)}), flush=True)
        return 1
    with server:
        print(json.dumps(server.describe()), flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "restart":
                server.restart()
                print(json.dumps({"restarted": True}), flush=True)
            elif command == "log":
                print(json.dumps({"lines": server.log()}), flush=True)
            elif command:
                print(json.dumps({"error": f"unknown command {command!r}"}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
