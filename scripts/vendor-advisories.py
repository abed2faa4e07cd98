#!/usr/bin/env python3
"""Refreshes third_party/rustsec-advisories from a checkout of the RustSec advisory database.

The dependency audit (scripts/audit.sh) checks Cargo.lock against the RustSec advisory
database, which lives on GitHub. Where GitHub cannot be reached (this project's CI machines
reach only crates.io, npm, PyPI and Debian), the audit uses the snapshot kept here instead:

  third_party/rustsec-advisories/crates/<name>/*.md   advisories of every crate in a lock file
  third_party/rustsec-advisories/advised-crates.txt   the name of every crate with an advisory
  third_party/rustsec-advisories/SNAPSHOT             where and when the snapshot was taken

advised-crates.txt lets the audit notice a newly added dependency that has advisories the
snapshot does not carry, and ask for a refresh instead of passing silently.

Usage: scripts/vendor-advisories.py PATH-TO-ADVISORY-DB-CHECKOUT
(e.g. after `git clone https://github.com/rustsec/advisory-db` on a machine that reaches it).
The database is in the public domain (CC0-1.0, its LICENSE.txt is copied alongside).
"""

import pathlib
import re
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "third_party" / "rustsec-advisories"
LOCKS = [ROOT / "Cargo.lock", ROOT / "fuzz" / "Cargo.lock"]


def locked_names():
    names = set()
    for lock in LOCKS:
        if lock.exists():
            names.update(re.findall(r'^name = "([^"]+)"$', lock.read_text(), re.M))
    return names


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    db = pathlib.Path(sys.argv[1])
    crates = db / "crates"
    if not crates.is_dir():
        sys.exit(f"{db} has no crates/ directory: is it a checkout of rustsec/advisory-db?")
    git = ["git", "-C", str(db)]
    commit = subprocess.check_output(git + ["rev-parse", "HEAD"], text=True).strip()
    date = subprocess.check_output(git + ["show", "-s", "--format=%cI", "HEAD"], text=True).strip()

    advised = sorted(p.name for p in crates.iterdir() if p.is_dir())
    wanted = locked_names()
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "crates").mkdir(parents=True)
    copied = 0
    for name in advised:
        if name in wanted:
            shutil.copytree(crates / name, OUT / "crates" / name)
            copied += len(list((OUT / "crates" / name).glob("*.md")))
    shutil.copy(db / "LICENSE.txt", OUT / "LICENSE.txt")
    (OUT / "advised-crates.txt").write_text("\n".join(advised) + "\n")
    (OUT / "SNAPSHOT").write_text(
        "source = https://github.com/rustsec/advisory-db\n"
        f"commit = {commit}\n"
        f"date = {date}\n"
        "license = CC0-1.0 (LICENSE.txt)\n"
    )
    print(f"{copied} advisories of {len(wanted & set(advised))} locked crates; "
          f"{len(advised)} crates have advisories; snapshot {commit[:12]} of {date}")


if __name__ == "__main__":
    main()
