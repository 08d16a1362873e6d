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


def main(argv: list[str]) -> int:
    if "--" not in argv:
        print(__doc__, file=sys.stderr)
        return 2
    command = argv[argv.index("--") + 1 :]
    initdb, pg_ctl = find_binary("initdb"), find_binary("pg_ctl")
    if not (initdb and pg_ctl):
        print("PostgreSQL server programs (initdb, pg_ctl) not found.", file=sys.stderr)
        return MISSING

    workdir = Path(tempfile.mkdtemp(prefix="cate-pg-"))
    data, sockets = workdir / "data", workdir / "sockets"
    data.mkdir()
    sockets.mkdir()
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
        for path in (data, sockets):
            shutil.chown(path, "postgres")
    os.chmod(data, 0o700)
    port = free_port()
    quiet = {"stdout": subprocess.DEVNULL}
    started = False
    try:
        subprocess.run(
            as_server_user(
                [
                    initdb,
                    "-D",
                    str(data),
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
            **quiet,
        )
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        subprocess.run(
            as_server_user(
                [
                    pg_ctl,
                    "-D",
                    str(data),
                    "-l",
                    str(workdir / "server.log"),
                    "-w",
                    "-o",
                    options,
                    "start",
                ]
            ),
            check=True,
            **quiet,
        )
        started = True
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:{port}/cate"}
        print(f"Throwaway PostgreSQL cluster on 127.0.0.1:{port}", flush=True)
        return subprocess.run(command, env=env, check=False).returncode
    except KeyboardInterrupt:
        return 130
    finally:
        if started:
            subprocess.run(
                as_server_user([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"]),
                check=False,
                **quiet,
            )
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
