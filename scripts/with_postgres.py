#!/usr/bin/env python
"""Runs a command against a throwaway PostgreSQL cluster, then removes the cluster.

    python scripts/with_postgres.py -- pytest ...

The cluster lives in a temporary directory, listens on 127.0.0.1 only, and is stopped and
deleted afterwards, also when the command fails or is interrupted. PostgreSQL refuses to run as
root, so as root the server runs as the unprivileged `postgres` user. Exits 3 when PostgreSQL's
server programs are not installed, so the caller can decide whether that is fatal (it is in CI).
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

MISSING = 3


def find_binary(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True):
        return str(candidate)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class Cluster:
    """A throwaway cluster in a temporary directory, on 127.0.0.1 at a free port.

    Also used by the tests that start their own cluster (tests/cate_portal/test_serving.py),
    which stop and start it. Raises FileNotFoundError when PostgreSQL's programs are missing.
    """

    def __init__(self) -> None:
        self.initdb, self.pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
        if not (self.initdb and self.pg_ctl):
            raise FileNotFoundError("PostgreSQL server programs (initdb, pg_ctl) not found.")
        self.workdir = Path(tempfile.mkdtemp(prefix="cate-pg-"))
        self.data, self.sockets = self.workdir / "data", self.workdir / "sockets"
        self.port = free_port()
        self.started = False

    def url(self, name: str = "cate") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _pg_ctl(self, *args: str) -> None:
        options = (
            f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        command = [self.pg_ctl, "-D", str(self.data), "-l", str(self.workdir / "server.log")]
        subprocess.run(
            as_server_user([*command, "-w", "-o", options, *args]),
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self.data.mkdir()
        self.sockets.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
            for path in (self.data, self.sockets):
                shutil.chown(path, "postgres")
        os.chmod(self.data, 0o700)
        subprocess.run(
            as_server_user(
                [
                    self.initdb,
                    "-D",
                    str(self.data),
                    "-A",
                    "trust",
                    "-U",
                    "postgres",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self._pg_ctl("start")
        self.started = True

    def stop_server(self) -> None:
        """Stops the server, cutting every connection; `start_server` starts it again."""
        self._pg_ctl("-m", "fast", "stop")

    def start_server(self) -> None:
        self._pg_ctl("start")

    def remove(self) -> None:
        if self.started:
            subprocess.run(
                as_server_user(
                    [self.pg_ctl, "-D", str(self.data), "-m", "immediate", "-w", "stop"]
                ),
                check=False,
                stdout=subprocess.DEVNULL,
            )
        shutil.rmtree(self.workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1 :]
    try:
        cluster = Cluster()
    except FileNotFoundError as missing:
        print(missing, file=sys.stderr)
        return MISSING
    # A plain `kill` (a CI timeout) removes the cluster too: the command is killed and the
    # `finally` below runs.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        cluster.start()
        env = {**os.environ, "DATABASE_URL": cluster.url()}
        print(f"Throwaway PostgreSQL cluster on 127.0.0.1:{cluster.port}", flush=True)
        return subprocess.run(command, env=env, check=False).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        cluster.remove()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
