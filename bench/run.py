"""Run the benchmarks in bench/ one after another and write bench/results.md (what `make bench` does).

    .venv/bin/python bench/run.py                       # every benchmark
    .venv/bin/python bench/run.py --list                # what would run, with what it needs
    .venv/bin/python bench/run.py --only policy_report page_weight
    .venv/bin/python bench/run.py --skip reach_generate reach_dashboard

Each benchmark is declared below (BENCHMARKS): a name, its command line and what it needs (PostgreSQL,
Redis, Chromium, wrk). They run sequentially — each has the machine to itself, as far as this runner
goes — and their output is echoed as it comes and captured. bench/results.md then gets the machine
(cores, memory, the versions of Python, Django, PostgreSQL, Redis, Chromium and wrk), the date, and per
benchmark the command exactly as run, its duration, the load average before and after, and its output;
at the top, a summary and a table of the targets the scripts reported.

A target line is a line of a script's output that says "NOT MET" (or "not met"), or says "met" and
names a "target" or "budget" (or ends in ": met"): `target p95 <= 300 ms: met`,
`target 10 s: NOT MET by 2.1 s` (or ending in "— met"). Scripts print one per target: missing a target
is a result, not a failure; a script exits non-zero only when the measurement itself failed.

A benchmark whose service is missing is listed as "not run: needs PostgreSQL" (not a failure). A
benchmark that exits non-zero (or outlives --timeout) is marked failed, and the runner exits 1 after
writing results.md. With --only or --skip, the sections of the benchmarks not run this time are kept
from the earlier bench/results.md (with their own date), so one benchmark can be re-run alone.

PostgreSQL is looked for at $BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres);
the national-scale data goes into $BENCH_DATABASE_URL (default .../ouderpartner_bench).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", POSTGRES_URL.rsplit("/", 1)[0] + "/ouderpartner_bench"
)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
MAX_OUTPUT_LINES = 400  # per benchmark in results.md (the head and the tail are kept); the echo is whole

POSTGRESQL, REDIS, CHROMIUM_NEED, WRK = "PostgreSQL", "Redis", "Chromium", "wrk"


@dataclass(frozen=True)
class Benchmark:
    name: str
    command: tuple[str, ...]  # {python}, {postgres} and {bench_database} are filled in
    needs: tuple[str, ...] = ()
    about: str = ""


BENCHMARKS: list[Benchmark] = [
    Benchmark(
        "theme_suggestions",
        ("{python}", "bench/theme_suggestions.py"),
        about="theme suggestions for 100, 1,000 and 5,000 answers",
    ),
    Benchmark(
        "poster_render",
        ("{python}", "bench/poster_render.py"),
        about="a distribution's printable poster (PDF) in 4, 8 and 14 languages",
    ),
    Benchmark(
        "policy_report",
        ("{python}", "bench/policy_report.py"),
        about="the demo's yearly LEA progress report (PDF), target 10 s",
    ),
    Benchmark(
        "page_weight",
        ("{python}", "bench/page_weight.py"),
        needs=(CHROMIUM_NEED,),
        about="bytes on the wire of the main pages on a first visit; the phone budget (item 6)",
    ),
    Benchmark(
        "page_load",
        ("{python}", "bench/page_load.py"),
        needs=(WRK,),
        about="page throughput with wrk against the minimal view's ceiling: SQLite, one process (item 2)",
    ),
    Benchmark(
        "page_load_postgres",
        ("{python}", "bench/page_load.py", "--postgres", "{postgres}", "--workers", "2", "--redis"),
        needs=(WRK, POSTGRESQL, REDIS),
        about="page throughput: PostgreSQL, two uvicorn processes, Redis (item 2)",
    ),
    Benchmark(
        "live_session",
        ("{python}", "bench/live_session.py", "--participants", "10000", "--compare-bare"),
        about="10,000 phones in a live meeting over WebSockets: one process, SQLite, against a bare ASGI app (item 5)",
    ),
    Benchmark(
        "live_session_max",
        ("{python}", "bench/live_session.py", "--find-max", "-n", "6000", "--step", "1000"),
        about="the largest number of phones in one meeting that meets the target, one process (item 5)",
    ),
    Benchmark(
        "live_session_redis",
        (
            "{python}",
            "bench/live_session.py",
            "--participants",
            "10000",
            "--redis",
            "--workers",
            "2",
            "--postgres",
            "{postgres}",
        ),
        needs=(POSTGRESQL, REDIS),
        about="10,000 phones in a live meeting: two processes, Redis channel layer, PostgreSQL (item 5)",
    ),
    Benchmark(
        "reach_generate",
        ("{python}", "bench/reach_generate.py", "--database", "{bench_database}"),
        needs=(POSTGRESQL,),
        about="national-scale reach data: 342 municipalities, ~2 million activities (item 4)",
    ),
    Benchmark(
        "national_generate",
        ("{python}", "bench/national_generate.py", "--database", "{bench_database}"),
        needs=(POSTGRESQL,),
        about="national-scale voice, live and policy data on top: ~1 million responses (item 4)",
    ),
    Benchmark(
        "reach_dashboard",
        ("{python}", "bench/reach_dashboard.py", "--database", "{bench_database}"),
        needs=(POSTGRESQL,),
        about="the reach dashboard of the largest workspace on that data, with EXPLAIN (item 4)",
    ),
    Benchmark(
        "national_dashboards",
        ("{python}", "bench/national_dashboards.py", "--database", "{bench_database}"),
        needs=(POSTGRESQL,),
        about="the largest workspace's dashboards and reports as whole requests, the yearly PDF (item 4)",
    ),
]
# Scripts in bench/ that are not benchmarks of their own (the test checks every other one is listed).
HELPERS = {
    "run.py": "this runner",
    "bare_asgi.py": "the bare ASGI ceiling that live_session.py --compare-bare starts",
}


# --- Services and the machine --------------------------------------------------------------------------


def _run_quietly(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return (done.stdout or done.stderr).strip()


def probe_postgresql() -> str | None:
    """The server's version when PostgreSQL answers at POSTGRES_URL, else None."""
    try:
        import psycopg
    except ImportError:
        return None
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=5) as connection:
            return str(connection.execute("SHOW server_version").fetchone()[0])
    except Exception:
        return None


def probe_redis() -> str | None:
    """redis-server's version (the benchmarks start their own server), else None."""
    if not shutil.which("redis-server"):
        return None
    found = re.search(r"v=(\S+)", _run_quietly(["redis-server", "--version"]))
    return found.group(1) if found else "unknown version"


def probe_chromium() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return None
    return _run_quietly([CHROMIUM, "--version"]) or "unknown version"


def probe_wrk() -> str | None:
    if not shutil.which("wrk"):
        return None
    found = re.search(r"wrk (\S+)", _run_quietly(["wrk", "--version"]))
    return found.group(1) if found else "unknown version"


PROBES: dict[str, Callable[[], str | None]] = {
    POSTGRESQL: probe_postgresql,
    REDIS: probe_redis,
    CHROMIUM_NEED: probe_chromium,
    WRK: probe_wrk,
}


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine(services: dict[str, str | None]) -> list[tuple[str, str]]:
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import django

        django_version = django.get_version()
    except ImportError:
        django_version = "not installed"
    commit = _run_quietly(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]) or "unknown"
    if _run_quietly(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"]):
        commit += " (with uncommitted changes)"
    rows = [
        ("commit", commit),
        ("cores", str(os.cpu_count())),
        ("processor", cpu),
        ("memory", memory or "unknown"),
        ("operating system", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("Django", django_version),
    ]
    rows += [(name, version or "not available") for name, version in services.items()]
    return rows


# --- Running ---------------------------------------------------------------------------------------------


def command_line(benchmark: Benchmark) -> list[str]:
    python = sys.executable
    try:  # as it would be typed in the repository (.venv/bin/python), not this machine's full path
        python = os.path.relpath(Path(sys.executable).absolute(), ROOT)
        if python.startswith(".."):
            python = sys.executable
    except ValueError:
        pass
    values = {"python": python, "postgres": POSTGRES_URL, "bench_database": BENCH_DATABASE_URL}
    return [part.format(**values) for part in benchmark.command]


TARGET_NOT_MET = re.compile(r"\bnot met\b", re.IGNORECASE)
TARGET_MET = re.compile(r"\bmet\b", re.IGNORECASE)
TARGET_WORD = re.compile(r"\b(target|budget)s?\b", re.IGNORECASE)
ENDS_MET = re.compile(r"[:—–-]\s*met\b\W*$", re.IGNORECASE)


def target_lines(output: str) -> list[tuple[str, str]]:
    """(verdict, line) for every line that reports a target: ("NOT MET", …) or ("met", …)."""
    found = []
    for raw in output.splitlines():
        line = raw.strip()
        if TARGET_NOT_MET.search(line):
            found.append(("NOT MET", line))
        elif TARGET_MET.search(line) and (TARGET_WORD.search(line) or ENDS_MET.search(line)):
            found.append(("met", line))
    return found


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Result:
    name: str
    command: str
    needs: tuple[str, ...]
    about: str
    status: str  # "ok", "failed (exit 1)", "not run: needs PostgreSQL", …
    date: str = ""
    seconds: float | None = None
    load_before: str = ""
    load_after: str = ""
    output: str = ""
    targets: list[tuple[str, str]] = field(default_factory=list)
    kept: bool = False  # from an earlier results.md

    @property
    def failed(self) -> bool:
        return self.status.startswith("failed")


def run_one(benchmark: Benchmark, timeout: float, echo: Callable[[str], None]) -> Result:
    command = command_line(benchmark)
    shown = shlex.join(command)
    result = Result(benchmark.name, shown, benchmark.needs, benchmark.about, status="ok")
    result.date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    result.load_before = load_average()
    echo(f"\n=== {benchmark.name}: {shown}  (load average {result.load_before})")
    lines: list[str] = []
    started = time.monotonic()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    try:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            bufsize=1,
            start_new_session=True,
        )
    except OSError as error:
        result.status = f"failed ({error})"
        result.seconds = 0.0
        result.load_after = load_average()
        return result
    timed_out = False
    assert process.stdout is not None
    # The reading is in this thread; a watchdog ends the whole process group after the timeout.
    import threading

    def watchdog() -> None:
        nonlocal timed_out
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _kill_group(process)

    guard = threading.Thread(target=watchdog, daemon=True)
    guard.start()
    for line in process.stdout:
        line = ANSI.sub("", line.rstrip("\n")).split("\r")[-1]
        lines.append(line)
        echo(line)
    code = process.wait()
    guard.join(timeout=5)
    result.seconds = time.monotonic() - started
    result.load_after = load_average()
    # Paths in tracebacks and warnings are written relative to the repository: no machine's folders.
    result.output = "\n".join(lines).replace(str(ROOT) + os.sep, "")
    result.targets = target_lines(result.output)
    if timed_out:
        result.status = f"failed (stopped after the timeout of {timeout:g} s)"
    elif code != 0:
        result.status = f"failed (exit {code})"
    echo(
        f"=== {benchmark.name}: {result.status} in {result.seconds:.1f} s (load average {result.load_after})"
    )
    return result


def _kill_group(process: subprocess.Popen) -> None:
    import signal

    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=15)
            return
        except subprocess.TimeoutExpired:
            continue


# --- results.md ----------------------------------------------------------------------------------------

SECTION_START = re.compile(r"^<!-- bench-result (\{.*\}) -->$", re.MULTILINE)
SECTION_END = "<!-- /bench-result -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _fence(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    if seconds < 120:
        return f"{seconds:.1f} s"
    return f"{seconds / 60:.1f} min"


def _shortened(output: str) -> str:
    lines = output.splitlines()
    if len(lines) <= MAX_OUTPUT_LINES:
        return output
    head, tail = lines[: MAX_OUTPUT_LINES // 2], lines[-MAX_OUTPUT_LINES // 2 :]
    left_out = len(lines) - len(head) - len(tail)
    return "\n".join([*head, f"[… {left_out} lines left out here; the run echoed them …]", *tail])


def section(result: Result) -> str:
    meta = {
        "name": result.name,
        "status": result.status,
        "date": result.date,
        "seconds": result.seconds,
        "load_before": result.load_before,
        "load_after": result.load_after,
        "targets": result.targets,
    }
    parts = [f"<!-- bench-result {json.dumps(meta, ensure_ascii=False)} -->", f"## {result.name}", ""]
    if result.about:
        parts += [result.about[0].upper() + result.about[1:] + ".", ""]
    needs = ", ".join(result.needs) or "nothing beyond the test requirements"
    parts += [f"Needs: {needs}. Result: **{result.status}**."]
    if result.date:
        parts[-1] += (
            f" Run {result.date}, duration {_duration(result.seconds)}, load average (1, 5, 15 min) "
            f"before {result.load_before}, after {result.load_after}."
        )
    parts += ["", "```sh", result.command, "```", ""]
    if result.output:
        fence = _fence(result.output)
        parts += [f"{fence}text", _shortened(result.output), fence, ""]
    parts += [SECTION_END]
    return "\n".join(parts)


def earlier_sections(path: Path) -> dict[str, tuple[dict, str]]:
    """name -> (metadata, section text) from an earlier results.md."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    found = {}
    for match in SECTION_START.finditer(text):
        end = text.find(SECTION_END, match.end())
        if end < 0:
            continue
        try:
            meta = json.loads(match.group(1))
        except json.JSONDecodeError:
            continue
        found[meta.get("name", "")] = (meta, text[match.start() : end + len(SECTION_END)])
    return found


def write_results(
    path: Path,
    results: list[Result],
    machine_rows: list[tuple[str, str]],
    started: str,
    load_at_start: str,
    kept_text: dict[str, str],
) -> None:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` (`bench/run.py`), started {started}. Each benchmark ran alone, one after "
        "another, on the machine below; its command is given exactly as run from the repository, so the "
        "figures can be reproduced with `make bench` or `.venv/bin/python bench/run.py --only NAME`. "
        "The load average is printed beside each run: other work on the machine makes figures noisy.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *[f"| {_cell(key)} | {_cell(value)} |" for key, value in machine_rows],
        f"| load average at the start (1, 5, 15 min) | {load_at_start} |",
        "",
        "## Summary",
        "",
        "| benchmark | result | duration | load before → after | run |",
        "|---|---|---|---|---|",
    ]
    for result in results:
        load = f"{result.load_before} → {result.load_after}" if result.load_before else "–"
        lines.append(
            f"| [{result.name}](#{result.name}) | {_cell(result.status)}{' (an earlier run)' if result.kept else ''} | "
            f"{_duration(result.seconds)} | {load} | {result.date or '–'} |"
        )
    targets = [(result.name, verdict, line) for result in results for verdict, line in result.targets]
    lines += ["", "## Targets", ""]
    if targets:
        lines += ["| benchmark | verdict | as the script reported it |", "|---|---|---|"]
        lines += [
            f"| {name} | {'**NOT MET**' if verdict == 'NOT MET' else 'met'} | {_cell(line)} |"
            for name, verdict, line in targets
        ]
    else:
        lines.append("No benchmark reported a target in this run.")
    lines.append("")
    for result in results:
        lines += [kept_text.get(result.name) or section(result), ""]
    path.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


# --- The command line ----------------------------------------------------------------------------------


def main(
    argv: Sequence[str] | None = None,
    *,
    benchmarks: list[Benchmark] | None = None,
    probes: dict[str, Callable[[], str | None]] | None = None,
    output: Path | None = None,
    echo: Callable[[str], None] | None = None,
) -> int:
    benchmarks = BENCHMARKS if benchmarks is None else benchmarks
    probes = PROBES if probes is None else probes
    output = output or RESULTS
    echo = echo or (lambda line: print(line, flush=True))
    names = [benchmark.name for benchmark in benchmarks]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--list", action="store_true", help="list the benchmarks and what they need")
    parser.add_argument("--only", nargs="+", metavar="NAME", default=[], help="run only these")
    parser.add_argument("--skip", nargs="+", metavar="NAME", default=[], help="run all but these")
    parser.add_argument(
        "--timeout", type=float, default=3600, help="seconds before a benchmark is stopped (failed)"
    )
    args = parser.parse_args(argv)
    unknown = [name for name in [*args.only, *args.skip] if name not in names]
    if unknown:
        echo(f"Unknown benchmark(s): {', '.join(unknown)}. Known: {', '.join(names)}.")
        return 2
    if args.list:
        width = max(map(len, names))
        for benchmark in benchmarks:
            needs = ", ".join(benchmark.needs) or "-"
            echo(f"{benchmark.name:<{width}}  needs: {needs:<22} {shlex.join(command_line(benchmark))}")
        return 0

    selected = [b for b in benchmarks if (not args.only or b.name in args.only) and b.name not in args.skip]
    services = {name: probe() for name, probe in probes.items()}
    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_at_start = load_average()
    earlier = earlier_sections(output) if (args.only or args.skip) else {}
    results: list[Result] = []
    kept_text: dict[str, str] = {}
    for benchmark in benchmarks:
        command = shlex.join(command_line(benchmark))
        if benchmark not in selected:
            if earlier.get(benchmark.name, ({}, ""))[0].get("date"):  # it ran then
                meta, text = earlier[benchmark.name]
                kept = Result(
                    benchmark.name,
                    command,
                    benchmark.needs,
                    benchmark.about,
                    status=meta.get("status", "?"),
                    date=meta.get("date", ""),
                    seconds=meta.get("seconds"),
                    load_before=meta.get("load_before", ""),
                    load_after=meta.get("load_after", ""),
                    targets=[tuple(t) for t in meta.get("targets", [])],
                    kept=True,
                )
                results.append(kept)
                kept_text[benchmark.name] = text
            else:
                results.append(
                    Result(benchmark.name, command, benchmark.needs, benchmark.about, "not run: not selected")
                )
            continue
        missing = [need for need in benchmark.needs if not services.get(need)]
        if missing:
            status = "not run: needs " + " and ".join(missing)
            echo(f"\n=== {benchmark.name}: {status}")
            results.append(Result(benchmark.name, command, benchmark.needs, benchmark.about, status))
            continue
        results.append(run_one(benchmark, args.timeout, echo))

    write_results(output, results, machine(services), started, load_at_start, kept_text)
    failed = [result.name for result in results if result.failed and not result.kept]
    not_met = [
        (result.name, line)
        for result in results
        if not result.kept
        for v, line in result.targets
        if v != "met"
    ]
    echo(f"\nWrote {os.path.relpath(output, ROOT) if output.is_relative_to(ROOT) else output}.")
    for name, line in not_met:
        echo(f"  target not met ({name}): {line}")
    if failed:
        echo(f"Failed: {', '.join(failed)}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
