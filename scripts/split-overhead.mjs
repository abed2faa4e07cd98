// What code splitting costs one island's page, in brotli bytes (docs/PERFORMANCE.md, "What the
// split costs /eligibility"). For the island's own module and the shared chunks it loads:
//   - as built: every file compressed alone, as the browser downloads them;
//   - the same files without custom sections (producers, target_features: metadata that no
//     browser reads, repeated in every file);
//   - merged into one module by binaryen's wasm-merge (what a splitter that made fewer, larger
//     chunks could reach), and that merged module after wasm-opt -Oz;
//   - all files concatenated and compressed as one stream: a floor for any merging.
// Usage: node scripts/split-overhead.mjs [island-loader-prefix] [site-root]
//        (after `cargo leptos build --release --split`; default: screener_island_loader)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const island = process.argv[2] ?? "screener_island_loader";
const pkg = join(process.argv[3] ?? join(import.meta.dirname, "..", "target", "site"), "pkg");
const br = (d) =>
  brotliCompressSync(d, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: d.length },
  }).length;

function leb(b, i) {
  let r = 0;
  let s = 0;
  for (;;) {
    const x = b[i++];
    r |= (x & 0x7f) << s;
    s += 7;
    if (x < 0x80) return [r >>> 0, i];
  }
}

/** The module without its custom sections (id 0). */
function withoutCustom(b) {
  const parts = [b.subarray(0, 8)];
  let i = 8;
  while (i < b.length) {
    const start = i;
    const id = b[i++];
    const [size, body] = leb(b, i);
    i = body + size;
    if (id !== 0) parts.push(b.subarray(start, i));
  }
  return Buffer.concat(parts);
}

const manifest = JSON.parse(readFileSync(join(pkg, "__wasm_split_manifest.json"), "utf8"));
const key = Object.keys(manifest).find((k) => k.startsWith(`${island}_`));
if (!key) throw new Error(`no split module for ${island}`);
const names = manifest[key];
const files = names.map((m) => readFileSync(join(pkg, `${m}.wasm`)));
const sum = (xs) => xs.reduce((a, x) => a + x, 0);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const main = br(readFileSync(join(pkg, "portal.wasm")));

const rows = [
  [`as built: ${files.length} files, each compressed alone`, sum(files.map(br))],
  ["the same files without custom sections", sum(files.map((f) => br(withoutCustom(f))))],
];
const work = mkdtempSync(join(tmpdir(), "split-overhead-"));
try {
  const args = names.flatMap((m) => [join(pkg, `${m}.wasm`), m]);
  const merged = join(work, "merged.wasm");
  execFileSync("wasm-merge", [...args, "--all-features", "-o", merged]);
  rows.push(["merged into one module (wasm-merge)", br(readFileSync(merged))]);
  const opt = join(work, "merged-oz.wasm");
  execFileSync("wasm-opt", ["-Oz", "--all-features", "--strip-producers", "--strip-target-features", merged, "-o", opt]);
  rows.push(["merged, then wasm-opt -Oz", br(readFileSync(opt))]);
} catch (e) {
  rows.push([`wasm-merge/wasm-opt failed: ${String(e.message).split("\n")[0]}`, NaN]);
} finally {
  rmSync(work, { recursive: true, force: true });
}
rows.push(["concatenated, one stream (a floor for any merging)", br(Buffer.concat(files))]);

console.log(`| ${island}: its module and shared chunks | brotli 11 | with the main module (${kib(main)}) |`);
console.log("|---|---:|---:|");
for (const [what, bytes] of rows) console.log(`| ${what} | ${kib(bytes)} | ${kib(bytes + main)} |`);
