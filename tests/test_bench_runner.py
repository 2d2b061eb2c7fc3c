"""bench/run.py (make bench) with fake benchmark commands: the target lines, a missing service, a failure,
--only keeping earlier sections, and that every script in bench/ is in its list."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
run = importlib.util.module_from_spec(spec)
sys.modules["bench_run"] = run
spec.loader.exec_module(run)


def script(body: str) -> tuple[str, ...]:
    return ("{python}", "-c", body)


MET = script("print('figures: 12 ms'); print('target: p95 <= 300 ms (p95 12 ms): met')")
NOT_MET = script(
    "print('target: 10,000 joined within 5 s: NOT MET by 1,200 participants')\n"
    "print('samen met ouders: 3 answers')"  # Dutch 'met' (with) is not a target line
)
FAILS = script("import sys; print('lost a vote'); sys.exit(3)")


def probes(**available: str | None):
    names = {"postgresql": run.POSTGRESQL, "redis": run.REDIS, "chromium": run.CHROMIUM_NEED, "wrk": run.WRK}
    return {names[key]: (lambda value=value: value) for key, value in available.items()}


def run_main(tmp_path, argv, benchmarks, **services):
    output = tmp_path / "results.md"
    echoed: list[str] = []
    services = {"postgresql": "15.2", "redis": "7.0", "chromium": None, "wrk": None, **services}
    code = run.main(argv, benchmarks=benchmarks, probes=probes(**services), output=output, echo=echoed.append)
    return code, (output.read_text() if output.exists() else ""), "\n".join(echoed)


@pytest.mark.parametrize(
    ("line", "verdict"),
    [
        ("target: ack p99 <= 50 ms: met", "met"),
        ("ack p99 12.0 ms: met", "met"),
        ("Budget 100 KB (parent question page, 31.2 KB): met", "met"),
        ("  dashboard: p95 120 ms — met", "met"),
        ("  yearly report PDF: slowest 4.20 s ≤ 10 s: met", "met"),
        ("Target (staff pages >= 0.25 of the ceiling): met for every page", "met"),
        ("Target (staff pages >= 0.25 of the ceiling): NOT MET for 2 page(s): map, matrix", "NOT MET"),
        ("target 10 s: NOT MET by 2.10 s", "NOT MET"),
        ("  target (all joined ...): not met", "NOT MET"),
        ("samen met ouders", None),
        ("metres run: 12", None),
        ("the target of 10 s", None),
    ],
)
def test_target_lines_are_recognised(line, verdict):
    found = run.target_lines(line)
    assert found == ([(verdict, line.strip())] if verdict else [])


def test_results_hold_the_machine_commands_outputs_and_a_summary_of_the_targets(tmp_path):
    benchmarks = [run.Benchmark("fast", MET, about="a fake benchmark"), run.Benchmark("slow", NOT_MET)]
    code, results, echoed = run_main(tmp_path, [], benchmarks)
    assert code == 0  # a missed target is reported, not a failure
    assert "target: p95 <= 300 ms (p95 12 ms): met" in echoed  # the output is echoed as it comes
    assert "| cores | " in results and "| Django | " in results and "| PostgreSQL | 15.2 |" in results
    assert re.search(r"\| commit \| ([0-9a-f]{7,}|unknown)", results)  # unknown outside a git checkout
    summary = results.split("## Targets")[1].split("<!--")[0]
    assert "| fast | met | target: p95 <= 300 ms (p95 12 ms): met |" in summary
    assert (
        "| slow | **NOT MET** | target: 10,000 joined within 5 s: NOT MET by 1,200 participants |" in summary
    )
    assert "samen met ouders" not in summary
    assert "| [fast](#fast) | ok |" in results
    # The command exactly as run (the interpreter relative to the repository when it is inside it), and the output.
    assert f"{run.command_line(benchmarks[0])[0]} -c " in results
    assert "```text\nfigures: 12 ms\ntarget: p95" in results
    assert re.search(r"Run \d{4}-\d\d-\d\d \d\d:\d\d UTC, duration [\d.]+ s, load average", results)


def test_a_benchmark_without_its_service_is_not_run_and_is_not_a_failure(tmp_path):
    benchmarks = [
        run.Benchmark("national", script("raise SystemExit(1)"), needs=(run.POSTGRESQL,)),
        run.Benchmark("pages", script("raise SystemExit(1)"), needs=(run.WRK, run.CHROMIUM_NEED)),
        run.Benchmark("fast", MET),
    ]
    code, results, echoed = run_main(tmp_path, [], benchmarks, postgresql=None)
    assert code == 0
    assert "| [national](#national) | not run: needs PostgreSQL |" in results
    assert "| [pages](#pages) | not run: needs wrk and Chromium |" in results
    assert "=== national: not run: needs PostgreSQL" in echoed


def test_a_failing_benchmark_fails_the_run_after_the_others_ran_and_results_are_written(tmp_path):
    benchmarks = [run.Benchmark("broken", FAILS), run.Benchmark("fast", MET)]
    code, results, echoed = run_main(tmp_path, [], benchmarks)
    assert code == 1
    assert "| [broken](#broken) | failed (exit 3) |" in results
    assert "| [fast](#fast) | ok |" in results  # it still ran
    assert "lost a vote" in results
    assert "Failed: broken." in echoed


def test_a_benchmark_that_outlives_the_timeout_is_stopped_and_failed(tmp_path):
    benchmarks = [run.Benchmark("hangs", script("import time; print('started'); time.sleep(60)"))]
    code, results, _ = run_main(tmp_path, ["--timeout", "1"], benchmarks)
    assert code == 1
    assert "failed (stopped after the timeout of 1 s)" in results
    assert "started" in results


def test_only_runs_the_named_benchmarks_and_keeps_the_earlier_sections_of_the_others(tmp_path):
    benchmarks = [run.Benchmark("fast", MET), run.Benchmark("slow", NOT_MET)]
    assert run_main(tmp_path, [], benchmarks)[0] == 0
    changed = [run.Benchmark("fast", script("print('target: 1 s: NOT MET by 1 s')")), benchmarks[1]]
    code, results, echoed = run_main(tmp_path, ["--skip", "slow"], changed)
    assert code == 0
    assert "NOT MET by 1 s" in results  # fast ran again
    assert "NOT MET by 1,200 participants" in results  # slow's section and target are kept
    assert "| [slow](#slow) | ok (an earlier run) |" in results
    assert "=== slow" not in echoed
    code, results, _ = run_main(tmp_path, ["--only", "nosuch"], benchmarks)
    assert code == 2


def test_a_benchmark_never_run_is_not_kept_as_an_earlier_run(tmp_path):
    benchmarks = [run.Benchmark("fast", MET), run.Benchmark("slow", NOT_MET)]
    for _ in range(2):
        code, results, _ = run_main(tmp_path, ["--only", "fast"], benchmarks)
        assert code == 0
        assert "| [slow](#slow) | not run: not selected | – |" in results


def test_list_names_every_benchmark_with_what_it_needs(tmp_path):
    benchmarks = [run.Benchmark("national", MET, needs=(run.POSTGRESQL,))]
    code, results, echoed = run_main(tmp_path, ["--list"], benchmarks)
    assert code == 0 and results == ""
    assert re.search(r"national\s+needs: PostgreSQL\s+.* -c ", echoed)


def test_every_script_in_bench_is_run_by_make_bench():
    """A new bench/*.py must be added to bench/run.py's list, or named there as a helper (modules starting
    with an underscore are helpers too)."""
    scripts = {path.name for path in (ROOT / "bench").glob("*.py") if not path.name.startswith("_")}
    listed = {part.removeprefix("bench/") for b in run.BENCHMARKS for part in b.command}
    missing = scripts - listed - set(run.HELPERS)
    assert not missing, f"not in bench/run.py's BENCHMARKS: {sorted(missing)}"
    assert len({b.name for b in run.BENCHMARKS}) == len(run.BENCHMARKS)
    assert all(need in run.PROBES for b in run.BENCHMARKS for need in b.needs)
