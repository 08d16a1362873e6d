#!/usr/bin/env python
"""Runs several named commands side by side, each into its own log, then reports on each.

    python scripts/run_parallel.py --logs test-results/logs \\
        checks="make lint checks" sqlite="make test-sqlite" postgres="make test-postgres"

`make test` uses it to run lint and checks, the SQLite suite and the PostgreSQL suite at once
(one alone leaves a core of the two idle much of the time). Their outputs would interleave, so
each command writes to `<logs>/<name>.log` only; this prints a line when each one ends, a
progress line every minute (pytest's last "[ 45%]" in each log), then, in the order given, the
full log of every command that failed and the last lines of every other one, and a table.

Exits 0 when every command exited 0, else 1 (130 when interrupted). Stopping it (Ctrl-C,
SIGTERM) interrupts every command's whole process group as Ctrl-C would, and kills what has
not ended 30 seconds later. Commands run through bash with `-o pipefail`.
"""

import argparse
import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PROGRESS = re.compile(rb"\[\s*(\d+)%\]")
#: Lines shown of a command that passed: pytest's summary, or what the target printed last.
TAIL_LINES = 6
HEARTBEAT_SECONDS = 60
STOP_GRACE_SECONDS = 30
BASH = shutil.which("bash") or "/bin/bash"


@dataclass
class Job:
    """One named command, its log (a path) and, once started, its process."""

    name: str
    command: str
    log: Path
    process: subprocess.Popen | None = None
    started: float = 0.0
    ended: float | None = None
    returncode: int | None = None
    announced: bool = False
    handle: object = field(default=None, repr=False)

    def start(self) -> None:
        self.handle = self.log.open("wb")
        self.started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603 (the commands the caller gives, as make would)
            [BASH, "-o", "pipefail", "-c", self.command],
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            # Python writes to a file in 8 KB blocks: unbuffered, the log (and the progress
            # read from it) is up to date.
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,  # its own process group, stopped as a whole
        )

    def poll(self) -> bool:
        """True once the command has ended (then returncode and ended are set)."""
        if self.returncode is None and self.process.poll() is not None:
            self.returncode = self.process.returncode
            self.ended = time.monotonic()
            self.handle.close()
        return self.returncode is not None

    def signal(self, signum: int) -> None:
        """Sends `signum` to the command's whole process group, if it still runs."""
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signum)

    def stop(self, grace: float = STOP_GRACE_SECONDS) -> None:
        """Interrupts the command as Ctrl-C would (pytest reports, with_postgres.py removes its
        cluster), and kills it if it has not ended after `grace` seconds."""
        self.signal(signal.SIGINT)
        try:
            self.process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.signal(signal.SIGKILL)
            self.process.wait()
        self.poll()

    def progress(self) -> str:
        """pytest's last progress figure in the log ("45%"), or "" when it printed none yet."""
        try:
            with self.log.open("rb") as log:
                log.seek(max(0, self.log.stat().st_size - 4096))
                found = PROGRESS.findall(log.read())
        except OSError:
            return ""
        return f"{int(found[-1])}%" if found else ""

    def elapsed(self) -> str:
        seconds = int((self.ended or time.monotonic()) - self.started)
        return f"{seconds // 60}:{seconds % 60:02}"


def parse_jobs(specs: list[str], logs: Path) -> list[Job]:
    jobs = []
    for spec in specs:
        name, separator, command = spec.partition("=")
        if not separator or not re.fullmatch(r"[\w-]+", name) or not command.strip():
            raise SystemExit(f"run_parallel: expected NAME=COMMAND, got {spec!r}")
        jobs.append(Job(name=name, command=command, log=logs / f"{name}.log"))
    return jobs


def report(jobs: list[Job], out=sys.stdout) -> None:
    """Prints each job's log (in full when it failed, its last lines otherwise), then a table."""
    for job in jobs:
        status = "passed" if job.returncode == 0 else f"FAILED (exit {job.returncode})"
        out.write(f"\n======== {job.name}: {status} in {job.elapsed()} ({job.log}) ========\n")
        try:
            text = job.log.read_text(encoding="utf-8", errors="replace")
        except OSError as error:  # a command removed its own log: say so, report the rest
            text = f"(log unreadable: {error})\n"
        if job.returncode == 0:
            text = "\n".join(text.rstrip("\n").splitlines()[-TAIL_LINES:]) + "\n"
        out.write(text)
    out.write("\n======== summary ========\n")
    for job in jobs:
        status = "passed" if job.returncode == 0 else f"FAILED (exit {job.returncode})"
        out.write(f"{job.name:<10} {status:<18} {job.elapsed():>6}  {job.log}\n")
    out.flush()


def run(jobs: list[Job], out=sys.stdout, heartbeat: float = HEARTBEAT_SECONDS) -> int:
    for job in jobs:
        job.log.parent.mkdir(parents=True, exist_ok=True)
        job.start()
        out.write(f"started {job.name}: {job.command}  (log: {job.log})\n")
    out.flush()
    next_beat = time.monotonic() + heartbeat
    try:
        while True:
            ended = [job.poll() for job in jobs]  # every job polled: no short-circuit
            done = all(ended)
            for job in jobs:
                if job.ended and not job.announced:
                    job.announced = True
                    status = "passed" if job.returncode == 0 else "FAILED"
                    out.write(f"{job.name} {status} after {job.elapsed()}\n")
                    out.flush()
            if done:
                break
            if time.monotonic() >= next_beat:
                next_beat += heartbeat
                running = [
                    f"{job.name} {job.progress() or '…'} ({job.elapsed()})"
                    for job in jobs
                    if job.ended is None
                ]
                out.write("still running: " + ", ".join(running) + "\n")
                out.flush()
            time.sleep(0.2)
    except KeyboardInterrupt:
        for job in jobs:
            job.signal(signal.SIGINT)
        for job in jobs:
            job.stop()
        report(jobs, out)
        return 130
    report(jobs, out)
    return 0 if all(job.returncode == 0 for job in jobs) else 1


def _interrupt(_signum, _frame):
    # SIGTERM (a CI runner cancelling the build) stops the commands as Ctrl-C does.
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=Path, default=Path("test-results/logs"))
    parser.add_argument("jobs", nargs="+", metavar="NAME=COMMAND")
    args = parser.parse_args(argv)
    jobs = parse_jobs(args.jobs, args.logs)
    signal.signal(signal.SIGTERM, _interrupt)
    return run(jobs)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
