// End-to-end suite: Debian's chromium (never a downloaded browser), four projects — mobile
// 375×812, kiosk 1080×1920 portrait, desktop, and mobile with JavaScript disabled.
//
// By default Playwright starts the release server built by `cargo leptos build --release` on a
// free port with a fresh data directory; set PORTAL_BASE_URL to test a running portal instead.
import { defineConfig, devices } from "@playwright/test";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const root = path.resolve(__dirname, "..");
const port = Number(process.env.PORTAL_E2E_PORT ?? 3917);
const externalBaseURL = process.env.PORTAL_BASE_URL;
const baseURL = externalBaseURL ?? `http://127.0.0.1:${port}`;
const cacheDir =
  process.env.PORTAL_CACHE_DIR ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "civil-portal");
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(cacheDir, "target");
const serverBin = process.env.PORTAL_BIN ?? path.join(targetDir, "release", "server");
export const artifactsDir = path.join(__dirname, "artifacts");
fs.mkdirSync(artifactsDir, { recursive: true });
// One id per run, inherited by the worker processes (which evaluate this file again): the clock
// lock of support.ts is per run, so a lock left by an interrupted run never blocks the next.
process.env.PORTAL_E2E_RUN ??= `${Date.now()}-${process.pid}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-e2e-"));

const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "./tests",
  outputDir: "./test-results",
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: process.env.CI ? 2 : undefined,
  reporter: [["list"], ["json", { outputFile: path.join(artifactsDir, "results.json") }]],
  use: {
    baseURL,
    locale: "zh-CN",
    launchOptions: chromiumLaunch,
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "mobile",
      use: { ...devices["Pixel 7"], viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 },
    },
    {
      name: "kiosk",
      use: { viewport: { width: 1080, height: 1920 }, hasTouch: true, isMobile: false },
    },
    {
      name: "desktop",
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } },
    },
    {
      name: "nojs",
      use: { ...devices["Pixel 7"], viewport: { width: 375, height: 812 }, javaScriptEnabled: false },
    },
  ],
  webServer: externalBaseURL
    ? undefined
    : {
        command: `"${serverBin}" serve --demo-data --test-clock --listen 127.0.0.1:${port} >> "${path.join(artifactsDir, "server.log")}" 2>&1`,
        url: `${baseURL}/healthz`,
        reuseExistingServer: false,
        timeout: 60_000,
        env: {
          PORTAL_DATA_DIR: dataDir,
          LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? path.join(root, "target", "site"),
          PORTAL_LOG_FORMAT: "json",
          // Debug for the portal, its HTTP layer and the database driver: the log scan after
          // the run (scripts/scan-logs.py) then also covers every request line and anything a
          // debug statement would print, not only what production's "info" shows.
          PORTAL_LOG: "info,server=debug,app=debug,tower_http=debug,sqlx=debug",
        },
      },
});
