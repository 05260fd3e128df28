"""Running Prism as a child process on loopback: a free port, waiting until it answers, and
stopping its whole process group. Shared by tests/spec/prism_smoke.py and
tests/interop/prism_cli.py."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
from pathlib import Path
from typing import Callable

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_until_up(proc: subprocess.Popen, probe: Callable[[], None], log: Path,
                  deadline: float) -> None:
    """Calls probe() until it stops raising a connection error; fails if Prism exits."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"prism exited early with status {proc.returncode}:\n{log.read_text()}")
        try:
            probe()
            return
        except (urllib.error.URLError, ConnectionError, socket.timeout, OSError):
            time.sleep(0.25)
    raise RuntimeError(f"prism did not answer within the timeout:\n{log.read_text()}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    # Prism runs in its own process group (start_new_session): end that group only.
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
