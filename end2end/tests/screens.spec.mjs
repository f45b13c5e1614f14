// Every screen at phone width (390×844) without sideways scrolling, and without a
// serious or critical axe-core finding at phone and at tablet size (768×1024), visited
// as the account that uses it. The routes are found by following the app's own links
// (first event, first guest, every document, every office list), so a new screen
// reached from these pages is checked too.
import AxeBuilder from '@axe-core/playwright';

import { AppShell } from './fixtures/app-shell.mjs';
import { expect, test } from './fixtures/test.mjs';

const PHONE = { width: 390, height: 844 };
const TABLET = { width: 768, height: 1024 };

/** Waits until the screen has loaded its data (no "Memuat…" left). */
async function settled(page) {
  await expect(page.getByRole('main').getByRole('heading', { level: 1 }).first()).toBeVisible();
  await expect(page.getByRole('main').getByText(/^Memuat/)).toHaveCount(0);
}

/** Serious and critical axe findings, as `rule: targets` lines. */
async function axeFindings(page) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
}

/** How far the page scrolls sideways, and the widest element that makes it. */
async function overflow(page) {
  return page.evaluate(() => {
    const el = document.scrollingElement;
    const extra = el.scrollWidth - el.clientWidth;
    let widest = '';
    if (extra > 0) {
      let max = el.clientWidth;
      for (const n of document.querySelectorAll('main *')) {
        const r = n.getBoundingClientRect();
        if (r.right > max + 0.5) {
          max = r.right;
          widest = `${n.tagName.toLowerCase()}${n.className ? `.${String(n.className).split(' ').join('.')}` : ''} → ${Math.round(r.right)}px`;
        }
      }
    }
    return { extra, widest };
  });
}

/** Visits each path at phone width, then checks it again at tablet width. */
async function checkAll(page, paths) {
  const problems = [];
  for (const path of paths) {
    await page.setViewportSize(PHONE);
    await page.goto(path);
    try {
      await settled(page);
    } catch {
      problems.push(`${path}: no heading, or still loading`);
      continue;
    }
    const { extra, widest } = await overflow(page);
    if (extra > 0) problems.push(`${path} @390: scrolls ${extra}px sideways (${widest})`);
    for (const f of await axeFindings(page)) problems.push(`${path} @390: ${f}`);
    await page.setViewportSize(TABLET);
    await settled(page);
    for (const f of await axeFindings(page)) problems.push(`${path} @768: ${f}`);
  }
  return problems;
}

/** The hrefs of the links in the main area matching `re`, each once. */
async function links(page, re) {
  const hrefs = await page.getByRole('main').locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  return [...new Set(hrefs.filter((h) => re.test(h)))];
}

test.describe.configure({ timeout: 300_000 });

test('signed out: the sign-in and the public service information', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const problems = await checkAll(page, ['/', '/info']);
  expect(problems).toEqual([]);
});

test('a companion\'s screens', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const app = new AppShell(page);
  await app.signIn('pendamping1');
  await page.goto('/reses');
  await expect(page.getByTestId('event-card').first()).toBeVisible({ timeout: 30_000 });
  const event = (await links(page, /^\/reses\/[0-9a-f-]{36}$/))[0];
  expect(event).toBeTruthy();
  await page.goto(`${event}/hadir`);
  await expect(page.getByTestId('guest-row').first()).toBeVisible();
  const guest = (await links(page, /\/hadir\/[0-9a-f-]{36}$/))[0];
  expect(guest).toBeTruthy();
  await page.goto(`${event}/aspirasi`);
  await settled(page);
  const aspiration = (await links(page, /\/aspirasi\/[0-9a-f-]{36}$/))[0];
  const paths = [
    '/', '/reses', event, `${event}/hadir`, guest, `${event}/pindai`, `${event}/tambahan`, `${event}/tambahan/baru`,
    `${event}/aspirasi`, `${event}/aspirasi/baru`, ...(aspiration ? [aspiration] : []), `${event}/dokumentasi`,
    '/info', '/sinkronisasi', '/akun/kata-sandi', '/akun/pin',
  ];
  expect(await checkAll(page, paths)).toEqual([]);
});

test('the office\'s screens, every list and every printed document', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const app = new AppShell(page);
  await app.signIn('staf');
  await page.goto('/kantor');
  await settled(page);
  const lists = await links(page, /^\/kantor\/data\//);
  expect(lists.length).toBeGreaterThanOrEqual(8);
  await page.goto('/kantor/data/kegiatan');
  await expect(page.getByTestId('tabel-row').first()).toBeVisible({ timeout: 30_000 });
  const event = (await links(page, /^\/kantor\/kegiatan\/[0-9a-f-]{36}$/))[0];
  expect(event).toBeTruthy();
  await page.goto(event);
  await settled(page);
  const docs = await links(page, /\/cetak\//);
  expect(docs.length).toBeGreaterThanOrEqual(4);
  const paths = [
    '/', '/kantor', ...lists, '/kantor/laporan', event, `${event}/impor`, `${event}/laporan`, ...docs,
    '/reses', '/pengaduan', '/pengaduan/baru', '/pengaturan', '/sinkronisasi',
  ];
  expect(await checkAll(page, paths)).toEqual([]);
});

test('the permit service\'s screens, the letter included', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const app = new AppShell(page);
  await app.signIn('kesra');
  await page.goto('/izin');
  await expect(page.getByTestId('izin-table')).toBeVisible({ timeout: 30_000 });
  const permits = await links(page, /^\/izin\/[0-9a-f-]{36}$/);
  const complaintsPage = '/pengaduan';
  await page.goto(complaintsPage);
  await settled(page);
  const complaints = await links(page, /^\/pengaduan\/[0-9a-f-]{36}$/);
  const paths = ['/izin', '/izin/baru', ...permits.slice(0, 2), '/pengaduan', ...complaints.slice(0, 1), '/pengaturan'];
  for (const p of permits.slice(0, 4)) paths.push(`${p}/surat`);
  paths.push(`${permits[0]}/ubah`);
  expect(await checkAll(page, paths)).toEqual([]);
});

test('the administrator\'s screen', async ({ page }) => {
  await page.setViewportSize(PHONE);
  const app = new AppShell(page);
  await app.signIn('admin');
  expect(await checkAll(page, ['/admin', '/'])).toEqual([]);
});
