// Official documents on A4: each printed to PDF by Chromium, then measured with
// poppler: the page count, and no ink within 10 mm of any edge of any sheet.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { TMP } from '../playwright.config.mjs';
import { AppShell } from './fixtures/app-shell.mjs';
import { apiAs } from './fixtures/server-api.mjs';
import { expect, test } from './fixtures/test.mjs';

const DPI = 50;
const MARGIN_MM = 10;

/** Pages of a PDF, and for each the darkest pixel found in the 10 mm border. */
function measure(pdf) {
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))[1]);
  const prefix = pdf.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-gray', '-r', String(DPI), pdf, prefix]);
  const border = Math.floor((MARGIN_MM / 25.4) * DPI);
  const dir = prefix.slice(0, prefix.lastIndexOf('/'));
  const base = prefix.slice(prefix.lastIndexOf('/') + 1);
  const darkest = [];
  for (const f of readdirSync(dir).filter((n) => n.startsWith(`${base}-`) && n.endsWith('.pgm')).sort()) {
    const buf = readFileSync(join(dir, f));
    // P5 header: "P5\n<w> <h>\n<max>\n"
    const header = buf.subarray(0, 40).toString('latin1').split(/\s+/);
    const [w, h] = [Number(header[1]), Number(header[2])];
    const start = buf.length - w * h;
    let min = 255;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (x >= border && x < w - border && y >= border && y < h - border) continue;
        min = Math.min(min, buf[start + y * w + x]);
      }
    }
    darkest.push(min);
  }
  return { pages, darkest };
}

async function printToPdf(page, name) {
  const dir = join(TMP, 'print');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.pdf`);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path, format: 'A4', preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  return measure(path);
}

test('every document prints on A4 with margins on every sheet and the office signatories', async ({ page, baseURL }) => {
  test.setTimeout(240_000);
  const app = new AppShell(page);
  await app.signIn('staf');
  // The office's settings, as staff keep them.
  await page.goto('/pengaturan');
  await page.getByLabel('Nama Sekretaris DPRD').fill('Drs. Bambang Sutrisno, M.Si.');
  await page.getByLabel('NIP Sekretaris DPRD').fill('19700101 199503 1 001');
  await page.getByLabel('Nama PPTK kegiatan reses').fill('Siti Rahayu, S.E.');
  await page.getByLabel('NIP PPTK').fill('198001012005012002');
  await page.getByLabel('Nama penanda tangan surat izin').fill('H. A. Afzan Arslan Djunaid');
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await expect(page.getByTestId('pengaturan-notice')).toContainText('Pengaturan disimpan');
  // A NIP that is not one is explained.
  await page.getByLabel('NIP PPTK').fill('12345');
  await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'NIP PPTK harus 18 angka' })).toBeVisible();
  await page.getByLabel('NIP PPTK').fill('198001012005012002');

  const staf = await apiAs(baseURL, 'staf');
  const all = await staf.pullAll();
  const event = all.find((r) => r.kind === 'reses_event' && !r.deleted && r.data.nomor_undangan);
  const docs = [
    ['undangan', 'undangan'], ['daftar-undangan', 'daftar-undangan'], ['daftar-hadir', 'daftar-hadir'],
    ['aspirasi-kosong', 'aspirasi-kosong'], ['pendamping', 'daftar-pendamping'], ['anggaran', 'rincian-anggaran'],
  ];
  for (const [seg, testid] of docs) {
    await page.goto(`/kantor/kegiatan/${event.id}/cetak/${seg}`);
    await expect(page.getByTestId(testid).first()).toBeVisible();
    const { pages, darkest } = await printToPdf(page, seg);
    expect(pages, `${seg}: pages`).toBeGreaterThan(0);
    darkest.forEach((d, i) => expect(d, `${seg} sheet ${i + 1}: ink within ${MARGIN_MM} mm of the edge`).toBeGreaterThan(235));
    if (seg === 'aspirasi-kosong') expect(pages).toBe(1);
    if (seg === 'undangan') {
      const guests = all.filter((r) => r.kind === 'tamu' && !r.deleted && r.data.event_id === event.id).length;
      expect(pages).toBe(guests);
    }
  }
  // The invitation's letter block and signatory.
  await page.goto(`/kantor/kegiatan/${event.id}/cetak/undangan`);
  const first = page.getByTestId('undangan').first();
  await expect(first.getByTestId('nomor-undangan')).toHaveText(new RegExp(`^: 005/${event.data.nomor_undangan}/DPRD/[IVX]+/\\d{4}$`));
  for (const text of ['Sifat', 'Lampiran', 'Perihal', 'Undangan Reses', 'Drs. Bambang Sutrisno, M.Si.', 'NIP. 19700101 199503 1 001']) {
    await expect(first).toContainText(text);
  }
  await expect(first.locator('.tanggal-surat')).toHaveText(/^Pekalongan, \d{1,2} \S+ \d{4}$/);
  await page.goto(`/kantor/kegiatan/${event.id}/cetak/anggaran`);
  await expect(page.getByTestId('rincian-anggaran')).toContainText('Siti Rahayu, S.E.');

  // The report: place and date, the companion's and the member's signature blocks; the
  // continuation sheets keep their margins.
  await page.goto(`/kantor/kegiatan/${event.id}/laporan`);
  const ttd = page.getByTestId('laporan-ttd');
  await expect(ttd).toContainText('Pendamping reses');
  await expect(ttd).toContainText('Anggota DPRD Kota Pekalongan');
  const member = all.find((r) => r.id === event.data.anggota_id);
  await expect(ttd).toContainText(member.data.nama);
  const report = await printToPdf(page, 'laporan');
  report.darkest.forEach((d, i) => expect(d, `laporan sheet ${i + 1}`).toBeGreaterThan(235));

  // The permit letter names its signatory.
  const kesraPage = await page.context().browser().newPage({ baseURL });
  const kesra = new AppShell(kesraPage);
  await kesra.signIn('kesra');
  const kesraApi = await apiAs(baseURL, 'kesra');
  const izin = (await kesraApi.pullAll()).find((r) => r.kind === 'izin' && !r.deleted);
  await kesraPage.goto(`/izin/${izin.id}/surat`);
  await expect(kesraPage.getByTestId('surat-ttd')).toContainText('H. A. Afzan Arslan Djunaid');
  await expect(kesraPage.getByTestId('surat-ttd')).toContainText('WALI KOTA PEKALONGAN', { useInnerText: true });
  const letter = await printToPdf(kesraPage, 'surat-izin');
  letter.darkest.forEach((d, i) => expect(d, `surat izin sheet ${i + 1}`).toBeGreaterThan(235));
  await kesraPage.close();
});
