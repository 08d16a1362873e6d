"""scripts/run_parallel.py, which `make test` runs lint and checks and both suites through."""

import io
import time

import pytest

from scripts.run_parallel import main, parse_jobs, run


def test_every_command_runs_into_its_own_log_and_a_failure_fails_the_run(tmp_path):
    jobs = parse_jobs(
        [
            "good=for i in 1 2 3 4 5 6 7 8; do echo line $i; done; echo '2 passed in 0.1s'",
            "bad=echo first; echo 'E   assert 1 == 2' >&2; exit 4",
        ],
        tmp_path,
    )
    out = io.StringIO()

    status = run(jobs, out)

    assert status == 1
    assert (tmp_path / "good.log").read_text().splitlines()[-1] == "2 passed in 0.1s"
    assert (tmp_path / "bad.log").read_text() == "first\nE   assert 1 == 2\n"
    printed = out.getvalue()
    # The failed command's whole log; of the other only its last lines (pytest's summary).
    assert "bad: FAILED (exit 4)" in printed
    assert "first\nE   assert 1 == 2\n" in printed
    assert "good: passed" in printed
    assert "2 passed in 0.1s" in printed
    assert "line 1\n" not in printed and "line 8\n" in printed
    summary = printed.split("======== summary ========")[1]
    assert summary.index("good") < summary.index("bad")
    assert "FAILED (exit 4)" in summary


def test_the_run_passes_when_every_command_passes(tmp_path):
    assert run(parse_jobs(["a=true", "b=echo done"], tmp_path), io.StringIO()) == 0


def test_a_failure_inside_a_pipeline_counts(tmp_path):
    assert run(parse_jobs(["a=false | cat"], tmp_path), io.StringIO()) == 1


def test_the_progress_line_reports_pytests_last_percentage(tmp_path):
    jobs = parse_jobs(["suite=printf '.... [ 12%%]\\n.... [ 45%%]\\n'; sleep 1.5"], tmp_path)
    out = io.StringIO()

    run(jobs, out, heartbeat=0.5)

    assert "still running: suite 45%" in out.getvalue()


@pytest.mark.parametrize("spec", ["no-equals-sign", "bad name=true", "empty="])
def test_a_malformed_job_is_refused(tmp_path, spec):
    with pytest.raises(SystemExit, match="expected NAME=COMMAND"):
        main(["--logs", str(tmp_path), spec])


def test_stopping_interrupts_the_command_as_ctrl_c_would(tmp_path):
    command = "a=trap 'echo interrupted; exit 7' INT; echo ready; sleep 30 & wait"
    [job] = parse_jobs([command], tmp_path)
    job.start()
    deadline = time.monotonic() + 10
    while "ready" not in job.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.01)  # until bash has set its trap

    job.stop(grace=10)

    assert job.returncode == 7
    assert job.log.read_text() == "ready\ninterrupted\n"
