#!/usr/bin/env python3
"""Fails when a log holds a full resident ID number or a mainland mobile number.

Usage: scripts/scan-logs.py FILE...    (exit 1 and the places, masked, on a hit)
       scripts/scan-logs.py --self-test (the patterns catch what they must, and only that)

The end2end suite types real-looking ID and phone numbers into every form; after it,
scripts/test.sh runs this over the server's log (end2end/artifacts/server.log), so a handler that
starts logging a request body or query string fails the test command (DESIGN.md §7: no PII in
logs). An ID number counts when its GB 11643 check character is right and its birth date exists,
which keeps 18-digit runs such as millisecond timestamps followed by digits from matching by chance.
"""
import datetime
import re
import sys

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3})([0-9Xx])(?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9A-Za-z])(1[3-9]\d{9})(?![0-9A-Za-z])")
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def valid_id(match: re.Match) -> bool:
    body = "".join(match.groups()[:3])
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]
    if match.group(4).upper() != check:
        return False
    birth = match.group(2)
    try:
        day = datetime.date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        return False
    return 1850 <= day.year <= 2100


def hits(text: str):
    for m in ID_NUMBER.finditer(text):
        if valid_id(m):
            yield "ID number", m.group(0)
    for m in MOBILE.finditer(text):
        yield "mobile number", m.group(1)


def mask(value: str) -> str:
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def self_test() -> int:
    must = [
        "name=张三 id=441721197503010011 ok",  # a valid ID number
        "body={\"id_number\":\"44172120120901001X\"}",  # check character X
        "mobile=13800138000",
        "to: 19912345678,",
    ]
    must_not = [
        "request_id=1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        "at_ms=1795363200000 latency=13",
        "441721197503010012",  # wrong check character
        "441721197502300017",  # no such day (check character right for the digits)
        "number=SQ20261206-ABC123 masked=138****8000",
        "12800138000",  # no such mobile prefix
        "138001380001",  # twelve digits
    ]
    failed = [s for s in must if not list(hits(s))] + [s for s in must_not if list(hits(s))]
    for s in failed:
        print(f"scan-logs self-test failed on: {s}", file=sys.stderr)
    return 1 if failed else 0


def main(paths) -> int:
    found = 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for n, line in enumerate(f, 1):
                for kind, value in hits(line):
                    found += 1
                    print(f"{path}:{n}: a full {kind} in the log: {mask(value)}")
    if found:
        print(f"{found} personal numbers found in the logs", file=sys.stderr)
        return 1
    print(f"scan-logs: no ID or mobile number in {', '.join(paths)}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args == ["--self-test"]:
        sys.exit(self_test())
    if not args:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(args))
