#!/usr/bin/env python3
"""Turns the raw outputs of scripts/bench.sh into the "Benchmark run" section of
docs/PERFORMANCE.md (between the BENCH markers; appended when the markers are missing).

Usage: scripts/bench-report.py OUTPUT_DIR docs/PERFORMANCE.md
"""
import re
import sys
from pathlib import Path

START = "<!-- BENCH:START (written by scripts/bench.sh; edits here are overwritten) -->"
END = "<!-- BENCH:END -->"
PAGES = [("home", "/"), ("eligibility", "/eligibility"), ("track", "/track"), ("notices", "/notices")]
# DESIGN.md §10: "home and status pages ≥ 2,000 req/s on 2 cores with p99 < 50 ms".
SSR_BUDGET = {"home": True, "track": True}


def ms(value: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s)", value.strip())
    if not m:
        raise ValueError(f"latency {value!r}")
    n, unit = float(m.group(1)), m.group(2)
    return n / 1000 if unit == "us" else n * 1000 if unit == "s" else n


def wrk(path: Path) -> dict:
    text = path.read_text()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sock = re.search(r"Socket errors:.*", text)
    return {
        "rps": rps,
        "p50": ms(lat["50"]),
        "p99": ms(lat["99"]),
        "non2xx": int(errors.group(1)) if errors else 0,
        "socket": sock.group(0) if sock else "",
    }


def criterion(text: str) -> list:
    rows = []
    # Criterion prints "name\n   time: [a unit b unit c unit]" or "name   time: [...]".
    for m in re.finditer(r"^(\S[^\n]*?)\s*(?:\n\s+)?time:\s+\[([\d.]+) (\S+) ([\d.]+) (\S+) ([\d.]+) (\S+)\]", text, re.M):
        rows.append((m.group(1).strip(), float(m.group(4)), m.group(5), float(m.group(2)), float(m.group(6))))
    return rows


def per_second(value: float, unit: str) -> float:
    scale = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}[unit]
    return 1 / (value * scale)


def main(out: Path, doc: Path) -> None:
    machine = (out / "machine.txt").read_text().strip().splitlines()
    lines = [START, "", "## Benchmark run", ""]
    lines += ["Command: `scripts/bench.sh` (writes this section; raw outputs in a temporary directory it names)."]
    lines += [f"- {m}" for m in machine]
    lines += ["- The load generator (wrk, Debian package) and the server share the machine's cores on loopback."]
    lines += ["", "### SSR under load", ""]
    lines += ["`wrk -t2 -c64 -d10s --latency URL` against the release server (`server serve --demo-data`,"]
    lines += ["SQLite, request logging on), then the same against the page's HTML saved as a static file and"]
    lines += ["served by the same server's file handler: the difference is the cost of rendering.", ""]
    lines += ["| page | bytes | SSR req/s | SSR p50 | SSR p99 | static req/s | static p99 | budget (≥ 2,000 req/s, p99 < 50 ms) |"]
    lines += ["|---|---:|---:|---:|---:|---:|---:|---|"]
    for name, path in PAGES:
        ssr = wrk(out / f"ssr-{name}.txt")
        static = wrk(out / f"static-{name}.txt")
        size = int((out / f"bytes-{name}.txt").read_text().strip())
        if name in SSR_BUDGET:
            ok = ssr["rps"] >= 2000 and ssr["p99"] < 50
            verdict = "within" if ok else "**outside**"
        else:
            verdict = "— (not a budgeted page)"
        if ssr["non2xx"] or static["non2xx"]:
            verdict += f"; non-2xx answers: {ssr['non2xx']} / {static['non2xx']}"
        lines.append(
            f"| `{path}` | {size:,} | {ssr['rps']:,.0f} | {ssr['p50']:.2f} ms | {ssr['p99']:.2f} ms | "
            f"{static['rps']:,.0f} | {static['p99']:.2f} ms | {verdict} |"
        )
    rest = int((out / "rss-rest.txt").read_text().strip())
    peak = int((out / "rss-peak.txt").read_text().strip())
    lines += ["", f"Server memory: {rest / 1024:.1f} MiB resident at rest (after one request to each page), "
              f"peak {peak / 1024:.1f} MiB during the runs above (`VmRSS`, `VmHWM` in `/proc/PID/status`)."]

    lines += ["", "### Booking under contention", ""]
    lines += ["`cargo bench --profile perf -p server --bench booking` (2,000 distinct couples, already pre-checked, ask at"]
    lines += ["once for one slot of 5 places through `MarriageDesk::hold`; it fails unless exactly 5 hold):", ""]
    lines += ["| database | result | budget (≥ 1,000 attempts/s on SQLite, 0 overbooking) |", "|---|---|---|"]
    for line in (out / "booking.txt").read_text().splitlines():
        m = re.match(r"booking race, (\w+): (.*= ([\d.]+) attempts/s)", line)
        if m:
            rate = float(m.group(3))
            verdict = ("within" if rate >= 1000 else "**outside**") if m.group(1) == "SQLite" else "—"
            lines.append(f"| {m.group(1)} | {m.group(2)} | {verdict} |")

    lines += ["", "### Eligibility engine", ""]
    lines += ["`cargo bench --profile perf -p domain --features policy-data --bench eligibility -- --warm-up-time 2 --measurement-time 5`:", ""]
    lines += ["| benchmark | time per call (95 % interval) | per second | budget |", "|---|---:|---:|---|"]
    for name, mid, unit, low, high in criterion((out / "eligibility.txt").read_text()):
        rate = per_second(mid, unit)
        budget = ""
        if "evaluate" in name:
            budget = "≥ 100,000 households/s: " + ("within" if rate >= 100_000 else "**outside**")
        lines.append(f"| {name} | {mid} {unit} ({low}–{high}) | {rate:,.0f} | {budget} |")

    lines += ["", "### Front-end sizes", "", "`node scripts/sizes.mjs` over `target/site/pkg` of the release build above:", ""]
    lines += (out / "sizes.md").read_text().rstrip().splitlines()
    lines += ["", "Budget: wasm ≤ 200 KB brotli and CSS ≤ 30 KB brotli for a resident's first page (the page table's wasm and CSS columns).", "", END]

    section = "\n".join(lines) + "\n"
    text = doc.read_text()
    if START in text and END in text:
        before = text[: text.index(START)]
        after = text[text.index(END) + len(END):].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
