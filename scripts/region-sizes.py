#!/usr/bin/env python3
"""Measures what the address picker downloads from a running portal, versus embedding the list.

Usage: python3 scripts/region-sizes.py [BASE_URL]   (default http://127.0.0.1:3000)
Fetches /api/regions, every province node and every prefecture node, and reports raw and
gzip -9 sizes; also the size of domain/data/regions.tsv. Standard library only.
"""
import gzip
import json
import pathlib
import statistics
import sys
import urllib.request

base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:3000"


def get(path):
    with urllib.request.urlopen(base + path) as r:
        return r.read()


def stats(bodies):
    raw = [len(b) for b in bodies]
    gz = [len(gzip.compress(b, 9)) for b in bodies]
    return "median %d / max %d B raw, median %d / max %d B gzip" % (
        statistics.median(raw), max(raw), statistics.median(gz), max(gz))


provinces_body = get("/api/regions")
provinces = json.loads(provinces_body)
province_nodes = [get("/api/regions/" + p["code"]) for p in provinces]
prefecture_nodes = [
    get("/api/regions/" + c["code"])
    for node in province_nodes
    for c in json.loads(node)["children"]
    if c["level"] == "prefecture"
]
tsv = (pathlib.Path(__file__).resolve().parent.parent / "domain/data/regions.tsv").read_bytes()
print("whole list (regions.tsv): %d B raw, %d B gzip" % (len(tsv), len(gzip.compress(tsv, 9))))
print("/api/regions: %d B raw, %d B gzip" % (len(provinces_body), len(gzip.compress(provinces_body, 9))))
print("province nodes (%d): %s" % (len(province_nodes), stats(province_nodes)))
print("prefecture nodes (%d): %s" % (len(prefecture_nodes), stats(prefecture_nodes)))
