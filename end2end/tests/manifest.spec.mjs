import { expect, test } from './fixtures/test.mjs';

/** Width and height from a PNG's IHDR chunk. */
function pngSize(buf) {
  expect(buf.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(buf.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

test('the web manifest makes the app installable', async ({ page, request }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBe('/manifest.webmanifest');

  const res = await request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toBe('application/manifest+json');
  const m = await res.json();
  expect(m.name).toContain('Reses');
  expect(m.short_name.length).toBeLessThanOrEqual(16);
  expect(m.description.length).toBeGreaterThan(20);
  expect(m.lang).toBe('id');
  expect(m.id).toBe('/');
  expect(m.start_url).toBe('/');
  expect(m.scope).toBe('/');
  expect(m.display).toBe('standalone');
  expect(m.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
  expect(m.background_color).toMatch(/^#[0-9a-f]{6}$/i);

  const sizes = new Set();
  let maskable = false;
  for (const icon of m.icons) {
    const r = await request.get(icon.src);
    expect(r.status(), icon.src).toBe(200);
    expect(r.headers()['content-type']).toBe('image/png');
    const { width, height } = pngSize(await r.body());
    expect(`${width}x${height}`).toBe(icon.sizes);
    sizes.add(icon.sizes);
    if (icon.purpose.split(' ').includes('maskable')) {
      maskable = true;
      expect(width).toBeGreaterThanOrEqual(512);
    }
  }
  expect(sizes.has('192x192')).toBe(true);
  expect(sizes.has('512x512')).toBe(true);
  expect(maskable).toBe(true);

  // The browser itself parses it without complaint (DevTools protocol).
  const cdp = await page.context().newCDPSession(page);
  const { errors, url } = await cdp.send('Page.getAppManifest');
  expect(url).toMatch(/manifest\.webmanifest$/);
  expect(errors).toEqual([]);
});

test('the page declares its language, theme colour and a phone viewport', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', /^#/);
  await expect(page.locator('meta[name="viewport"]')).toHaveAttribute('content', /width=device-width/);
  await expect(page).toHaveTitle(/Reses/);
});
