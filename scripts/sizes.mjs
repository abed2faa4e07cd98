// Measures the release front-end assets: raw, gzip (level 9) and brotli (quality 11) bytes of
// every file in target/site/pkg, as the browser would download them.
// Usage: node scripts/sizes.mjs [site-root]   (after `cargo leptos build --release`)
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const siteRoot = process.argv[2] ?? join(import.meta.dirname, "..", "target", "site");
const pkg = join(siteRoot, "pkg");
const rows = [];
for (const name of readdirSync(pkg).sort()) {
  if (!/\.(wasm|js|css)$/.test(name)) continue;
  const data = readFileSync(join(pkg, name));
  const gz = gzipSync(data, { level: 9 }).length;
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;
  rows.push({ name, raw: statSync(join(pkg, name)).size, gz, br });
}
const kb = (n) => (n / 1024).toFixed(1);
console.log("| file | raw | gzip -9 | brotli 11 |");
console.log("|---|---:|---:|---:|");
for (const r of rows) console.log(`| ${r.name} | ${kb(r.raw)} KiB | ${kb(r.gz)} KiB | ${kb(r.br)} KiB |`);
const total = rows.reduce((a, r) => ({ raw: a.raw + r.raw, gz: a.gz + r.gz, br: a.br + r.br }), { raw: 0, gz: 0, br: 0 });
console.log(`| **total** | ${kb(total.raw)} KiB | ${kb(total.gz)} KiB | ${kb(total.br)} KiB |`);
