// Playwright: the real app from the real server (release build) in Debian's Chromium.
// The server gets its own copy of dist/ (tests change sw.js to simulate a new version)
// and a fresh SQLite file under end2end/.tmp on every run. The browser reaches it
// through relay.mjs, which the tests switch off to be really offline (the service
// worker included); the tests' own API calls go to the server directly.
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT || 8181);
/** The server itself, behind the relay the browser uses. */
export const SERVER_PORT = PORT + 1;
export const SERVER = `http://127.0.0.1:${SERVER_PORT}`;
/** The relay's switch: POST /offline, /online. */
export const RELAY_CONTROL = `http://127.0.0.1:${PORT + 2}`;
export const TMP = new URL('./.tmp/', import.meta.url).pathname;

export const chromiumArgs = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
];

export default defineConfig({
  testDir: './tests',
  // One server, one shared dist copy: run the files one after another.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROME_BIN || '/usr/bin/chromium',
      args: chromiumArgs,
    },
    serviceWorkers: 'allow',
    trace: 'off',
  },
  webServer: [
    {
      command: [
        `rm -rf ${TMP} && mkdir -p ${TMP} && cp -r ../dist ${TMP}dist &&`,
        `exec ../target/release/reses-server --port ${SERVER_PORT} --dist ${TMP}dist`,
        `--database-url sqlite://${TMP}e2e.db --log warn --demo`,
      ].join(' '),
      url: `${SERVER}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
    },
    {
      command: `exec node relay.mjs ${PORT} ${SERVER_PORT} ${PORT + 2}`,
      url: `http://127.0.0.1:${PORT}/api/health`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
});
