/**
 * Real headless Chromium for tests, through playwright-core (no bundled browser download):
 * the Debian `chromium` package at /usr/bin/chromium, a fresh empty profile per launch, and
 * every request, console message and page error recorded.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.NNINIT_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
];

/** Why the browser tests cannot run here, or null when they can. */
export async function browserUnavailable(): Promise<string | null> {
  if (!existsSync(CHROMIUM_PATH))
    return `Chromium not found at ${CHROMIUM_PATH} (install the Debian package: apt-get install -y chromium; or set NNINIT_CHROMIUM)`;
  try {
    await import("playwright-core");
  } catch {
    return "playwright-core is not installed (npm install --save-dev playwright-core)";
  }
  return null;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Every request the browser made, in order (data: URLs are not requests). */
  requests: string[];
  consoleErrors: string[];
  consoleWarnings: string[];
  pageErrors: string[];
  close(): Promise<void>;
}

/** Launches Chromium with a new empty user-data-dir and one page whose activity is recorded. */
export async function launch(viewport = { width: 1366, height: 900 }): Promise<BrowserSession> {
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(join(tmpdir(), "nninit-chromium-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      deviceScaleFactor: 1,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  const consoleWarnings: string[] = [];
  const pageErrors: string[] = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
    else if (m.type() === "warning") consoleWarnings.push(m.text());
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  return {
    context,
    page,
    requests,
    consoleErrors,
    consoleWarnings,
    pageErrors,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
