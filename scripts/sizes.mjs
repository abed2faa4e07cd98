// Measures the release front-end assets: raw, gzip (level 9) and brotli (quality 11) bytes of
// every file in target/site/pkg, and what each resident page downloads.
//
// The site is built with `cargo leptos build --release --split`: every island is lazy
// (`#[island(lazy)]`), so the main module (`portal.wasm`) holds the runtime and each island's
// code is a separate module, loaded only by a page that shows the island, together with the
// shared chunks `__wasm_split_manifest.json` lists for it.
// Usage: node scripts/sizes.mjs [site-root]   (after the release build)
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const siteRoot = process.argv[2] ?? join(import.meta.dirname, "..", "target", "site");
const pkg = join(siteRoot, "pkg");

// The islands on each resident page (their loader names, without the hash suffix).
const PAGES = {
  "/ (home), /track, /apply/commitments": [],
  "/track (answering a 补正 request)": ["document_uploader_loader"],
  "/eligibility": ["screener_island_loader"],
  "/apply (the form)": ["draft_keeper_loader", "document_uploader_loader", "signature_pad_loader"],
  "/apply (confirmation)": ["draft_keeper_loader", "print_button_loader"],
  "/contact": ["contact_form_island_loader"],
  "/marriage (every step), /marriage/manage": [],
  "/marriage/booking/… (confirmation)": ["print_button_loader"],
  "/staff/marriage (the desk, camera check-in)": ["qr_scanner_loader"],
  "any page in kiosk mode (adds the idle timer and the keypad), e.g. / on a kiosk": ["kiosk_idle_loader", "kiosk_keypad_loader"],
};

function measure(name) {
  const data = readFileSync(join(pkg, name));
  const gz = gzipSync(data, { level: 9 }).length;
  const br = brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  }).length;
  return { name, raw: data.length, gz, br };
}

const kb = (n) => (n / 1024).toFixed(1);
const files = readdirSync(pkg).filter((n) => /\.(wasm|js|css)$/.test(n)).sort();
const sizes = Object.fromEntries(files.map((n) => [n, measure(n)]));

console.log("| file | raw | gzip -9 | brotli 11 |");
console.log("|---|---:|---:|---:|");
for (const r of Object.values(sizes)) {
  if (r.name.startsWith("chunk_")) continue;
  console.log(`| ${r.name} | ${kb(r.raw)} KiB | ${kb(r.gz)} KiB | ${kb(r.br)} KiB |`);
}
const chunks = Object.values(sizes).filter((r) => r.name.startsWith("chunk_"));
if (chunks.length) {
  const sum = (k) => chunks.reduce((a, r) => a + r[k], 0);
  console.log(`| ${chunks.length} shared chunks (chunk_*.wasm) | ${kb(sum("raw"))} KiB | ${kb(sum("gz"))} KiB | ${kb(sum("br"))} KiB |`);
}

const manifestPath = join(pkg, "__wasm_split_manifest.json");
if (!existsSync(manifestPath)) process.exit(0);
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const core = ["portal.wasm", "portal.js", "portal.css"];
const splitJs = files.find((n) => n.startsWith("__wasm_split") && n.endsWith(".js"));

console.log("\n| page | files | wasm brotli 11 | JS brotli 11 | CSS brotli 11 |");
console.log("|---|---:|---:|---:|---:|");
for (const [page, islands] of Object.entries(PAGES)) {
  const wanted = new Set(core);
  for (const island of islands) {
    const key = Object.keys(manifest).find((k) => k.startsWith(`${island}_`));
    if (!key) throw new Error(`no split module for ${island}: is it still #[island(lazy)]?`);
    for (const module of manifest[key]) wanted.add(`${module}.wasm`);
    if (splitJs) wanted.add(splitJs);
  }
  const rows = [...wanted].map((n) => sizes[n]).filter(Boolean);
  const br = (ext) => rows.filter((r) => r.name.endsWith(ext)).reduce((a, r) => a + r.br, 0);
  console.log(`| ${page} | ${rows.length} | ${kb(br(".wasm"))} KiB | ${kb(br(".js"))} KiB | ${kb(br(".css"))} KiB |`);
}
