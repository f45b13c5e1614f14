//! The printed documents of one event, written as markup ([`Html`]) and mounted once:
//! invitations with their QR codes, the invited list, the attendance list (with
//! signatures once captured), the aspiration sheet (blank and filled), the companion
//! list and the budget breakdown; and the pieces the report and the permit letter share
//! (letterhead, signature blocks, the date line).

use leptos::prelude::*;
use reses_domain::html::Html;
use reses_domain::kantor::{BelanjaReses, format_rupiah};
use reses_domain::kehadiran::Kehadiran;
use reses_domain::pengaturan::PengaturanKantor;
use reses_domain::reses::{JenisKelamin, format_event_start};
use reses_domain::tanda_tangan::TandaTangan;
use reses_domain::tanggal::{Tanggal, format_time_wib};
use reses_domain::undangan::kode_undangan;
use uuid::Uuid;

use super::cetak::Berkas;

/// The document `dok` (a segment of `/kantor/kegiatan/:id/cetak/:dok`) of `b`.
pub fn dokumen(dok: &str, b: Berkas) -> AnyView {
    let mut h = Html::new();
    match dok {
        "undangan" => undangan(&mut h, &b),
        "daftar-undangan" => daftar_undangan(&mut h, &b),
        "daftar-hadir" => daftar_hadir(&mut h, &b),
        "aspirasi-kosong" => aspirasi_kosong(&mut h, &b),
        "aspirasi" => aspirasi_terisi(&mut h, &b),
        "pendamping" => daftar_pendamping(&mut h, &b),
        "anggaran" => anggaran(&mut h, &b),
        _ => {
            h.raw(r#"<p class="empty-state">Dokumen ini tidak dikenal.</p>"#);
        }
    }
    pasang(h)
}

/// A printed document's markup, mounted once in a `<div class="dokumen">`.
pub fn pasang(h: Html) -> AnyView {
    view! { <div class="dokumen" inner_html=h.into_string()></div> }.into_any()
}

/// Today, as the date line of a letter: "Pekalongan, 2 Maret 2026".
pub fn tempat_tanggal(p: &PengaturanKantor) -> String {
    format!(
        "{}, {}",
        p.tempat_surat,
        Tanggal::from_epoch_ms_wib(js_sys::Date::now() as i64).format_medium()
    )
}

/// A signature block: the office, room to sign, the name (or dots to write it) and the
/// NIP when there is one.
pub fn tanda_tangan(h: &mut Html, jabatan: &str, nama: &str, nip: &str) {
    h.raw(r#"<div class="ttd">"#).el("p", jabatan);
    h.raw(r#"<p class="ttd-space"></p>"#)
        .el(r#"p class="ttd-nama""#, &PengaturanKantor::atau_titik(nama));
    if let Some(n) = PengaturanKantor::baris_nip(nip) {
        h.el("p", &n);
    }
    h.raw("</div>");
}

/// The secretariat's letterhead (address as on its published service standard).
pub fn kop(h: &mut Html) {
    h.raw(concat!(
        r#"<header class="kop"><p class="kop-1">PEMERINTAH KOTA PEKALONGAN</p>"#,
        r#"<p class="kop-2">SEKRETARIAT DEWAN PERWAKILAN RAKYAT DAERAH</p>"#,
        r#"<p class="kop-3">Jl. Mataram No. 3 Pekalongan Barat, Kota Pekalongan 51111 · "#,
        r#"Telepon (0285) 421984 · setwan.pekalongankota.go.id</p></header>"#,
    ));
}

/// `<article class="a4 …" tabindex="0" data-testid="…">` and the letterhead.
fn lembar(h: &mut Html, class: &str, testid: &str) {
    h.raw(r#"<article class="a4"#)
        .raw(class)
        .raw(r#"" tabindex="0" data-testid=""#)
        .raw(testid)
        .raw(r#"">"#);
    kop(h);
}

/// A row of a two-column table: the label and `: value`.
pub fn baris(h: &mut Html, label: &str, value: &str) {
    h.raw("<tr>")
        .el("td", label)
        .raw("<td>: ")
        .text(value)
        .raw("</td></tr>");
}

fn judul(h: &mut Html, b: &Berkas, title: &str) {
    let e = &b.event;
    h.el(r#"h1 class="doc-title""#, title)
        .raw(r#"<table class="surat-meta">"#);
    baris(
        h,
        "Kegiatan",
        &format!("Reses {} {}", b.nama_anggota(), b.masa_sidang()),
    );
    baris(h, "Waktu", &format_event_start(e.tanggal, e.jam_mulai));
    baris(
        h,
        "Tempat",
        &format!(
            "{}, {}, Kel. {}, Kec. {}",
            e.tempat, e.alamat, e.kelurahan, e.kecamatan
        ),
    );
    h.raw("</table>");
}

/// A list document up to its first row: the sheet (`class`, `testid` as [`lembar`]),
/// its title and the event it is of ([`judul`]), and its table ([`tabel`]).
fn daftar(h: &mut Html, b: &Berkas, sheet: [&str; 2], title: &str, attrs: &str, head: &str) {
    lembar(h, sheet[0], sheet[1]);
    judul(h, b, title);
    tabel(h, attrs, head);
}

/// A list's table up to its first row: the table's attributes and the head cells, both
/// markup written in code.
pub(super) fn tabel(h: &mut Html, attrs: &str, head: &str) {
    h.raw("<table ")
        .raw(attrs)
        .raw("><thead><tr>")
        .raw(head)
        .raw("</tr></thead><tbody>");
}

/// A numbered row's start: `<tr><td>{i + 1}</td>`.
pub(super) fn nomor(h: &mut Html, i: usize) -> &mut Html {
    h.raw("<tr><td>").num(i + 1).raw("</td>")
}

fn rt_rw(rt: &str, rw: &str) -> String {
    if rt.is_empty() && rw.is_empty() {
        String::new()
    } else {
        format!(
            "{}/{}",
            if rt.is_empty() { "-" } else { rt },
            if rw.is_empty() { "-" } else { rw }
        )
    }
}

/// A QR code as an SVG path (4-module quiet zone), or a message if it cannot be made.
pub fn qr_svg(h: &mut Html, payload: &str) {
    let Ok(code) = qrcode::QrCode::new(payload.as_bytes()) else {
        h.raw(r#"<p class="error">Kode QR tidak dapat dibuat.</p>"#);
        return;
    };
    let w = code.width();
    let size = (w + 8).to_string();
    h.raw(r#"<svg class="qr" viewBox="0 0 "#)
        .raw(&size)
        .raw(" ")
        .raw(&size)
        .raw(r#"" role="img" aria-label="Kode QR undangan" data-qr=""#)
        .text(payload)
        .raw(r#"" shape-rendering="crispEdges"><rect width=""#)
        .raw(&size)
        .raw(r#"" height=""#)
        .raw(&size)
        .raw(r##"" fill="#fff"></rect><path d=""##);
    for (i, c) in code.to_colors().iter().enumerate() {
        if *c == qrcode::Color::Dark {
            h.raw("M")
                .num(i % w + 4)
                .raw(" ")
                .num(i / w + 4)
                .raw("h1v1h-1z");
        }
    }
    h.raw(r##"" fill="#000"></path></svg>"##);
}

fn undangan(h: &mut Html, b: &Berkas) {
    let e = &b.event;
    if e.kunci_undangan.is_empty() {
        h.raw(concat!(
            r#"<p class="error" role="alert">Kegiatan ini belum punya kunci undangan; "#,
            "simpan ulang kegiatannya di kantor agar kode QR dapat dibuat.</p>"
        ));
        return;
    }
    if b.tamu.is_empty() {
        h.raw(r#"<p class="empty-state">Belum ada tamu undangan untuk kegiatan ini.</p>"#);
        return;
    }
    let p = &b.pengaturan;
    let nomor = p.nomor_undangan(&e.nomor_undangan, e.tanggal);
    let tanggal_surat = tempat_tanggal(p);
    let ajakan = format!(
        "Dalam rangka pelaksanaan reses {}, kami mengharap kehadiran Bapak/Ibu/Saudara pada \
         kegiatan reses {}, Anggota DPRD Kota Pekalongan, yang akan dilaksanakan pada:",
        b.masa_sidang(),
        b.nama_anggota()
    );
    let pukul = format!(
        "{:02}.{:02} WIB s.d. selesai",
        e.jam_mulai / 60,
        e.jam_mulai % 60
    );
    for (i, t) in b.tamu.iter().enumerate() {
        lembar(h, " undangan", "undangan");
        if i == 0 {
            h.raw(r#"<h1 class="visually-hidden">Undangan reses</h1>"#);
        }
        h.raw(r#"<div class="surat-kepala"><table class="surat-nomor">"#)
            .raw(r#"<tr><td>Nomor</td><td data-testid="nomor-undangan">: "#)
            .text(&nomor)
            .raw("</td></tr>");
        baris(h, "Sifat", &p.sifat_undangan);
        baris(h, "Lampiran", "-");
        baris(h, "Perihal", "Undangan Reses");
        h.raw("</table>")
            .el(r#"p class="tanggal-surat""#, &tanggal_surat)
            .raw(r#"</div><p class="tujuan">Kepada Yth.<br><strong>"#)
            .text(&t.nama)
            .raw("</strong><br>")
            .text(&t.alamat)
            .raw(" ");
        if !t.rt.is_empty() {
            h.text(&format!("RT {} RW {}", t.rt, t.rw));
        }
        h.raw("<br>Kel. ")
            .text(&t.kelurahan)
            .raw("<br>di tempat</p><p>Dengan hormat,</p>")
            .el("p", &ajakan)
            .raw(r#"<table class="surat-isi">"#);
        baris(h, "Hari, tanggal", &e.tanggal.format_long());
        baris(h, "Pukul", &pukul);
        baris(h, "Tempat", &e.tempat);
        baris(h, "Alamat", &e.alamat);
        h.raw(concat!(
            "</table><p>Mohon undangan ini dibawa dan ditunjukkan kepada petugas pendamping ",
            "saat datang. Atas perhatian dan kehadirannya kami ucapkan terima kasih.</p>",
            r#"<div class="undangan-bawah"><figure class="qr-box">"#
        ));
        qr_svg(h, &kode_undangan(&e.kunci_undangan, e.id, t.id));
        h.raw("<figcaption>Pindai saat hadir</figcaption></figure>");
        tanda_tangan(
            h,
            "Sekretaris DPRD Kota Pekalongan",
            &p.sekretaris_nama,
            &p.sekretaris_nip,
        );
        h.raw("</div></article>");
    }
}

fn daftar_undangan(h: &mut Html, b: &Berkas) {
    daftar(
        h,
        b,
        [" landscape-ok", "daftar-undangan"],
        "DAFTAR TAMU UNDANGAN RESES",
        r#"class="print-table""#,
        "<th>No</th><th>Nama</th><th>Alamat</th><th>RT/RW</th><th>Kelurahan</th><th>L/P</th><th>Keterangan</th>",
    );
    for (i, t) in b.tamu.iter().enumerate() {
        nomor(h, i)
            .el("td", &t.nama)
            .el("td", &t.alamat)
            .el("td", &rt_rw(&t.rt, &t.rw))
            .el("td", &t.kelurahan)
            .el("td", JenisKelamin::kode(t.jenis_kelamin))
            .el("td", &t.keterangan)
            .raw("</tr>");
    }
    h.raw("</tbody></table>")
        .el("p", &format!("Jumlah: {} orang.", b.tamu.len()))
        .raw("</article>");
}

/// One line of the attendance list.
struct Hadir<'a> {
    nama: &'a str,
    alamat: String,
    kelurahan: &'a str,
    jk: &'static str,
    jam: String,
    ttd: Option<&'a TandaTangan>,
    tambahan: bool,
}

fn daftar_hadir(h: &mut Html, b: &Berkas) {
    let present: std::collections::HashMap<Uuid, &Kehadiran> = b
        .hadir
        .iter()
        .filter(|k| k.hadir)
        .map(|k| (k.tamu_id, k))
        .collect();
    let alamat = |a: &str, rt: &str, rw: &str| format!("{a} {}", rt_rw(rt, rw)).trim().to_string();
    let rows = b
        .tamu
        .iter()
        .map(|t| {
            let k = present.get(&t.id);
            Hadir {
                nama: &t.nama,
                alamat: alamat(&t.alamat, &t.rt, &t.rw),
                kelurahan: &t.kelurahan,
                jk: JenisKelamin::kode(t.jenis_kelamin),
                jam: k.map(|k| format_time_wib(k.waktu)).unwrap_or_default(),
                ttd: k.and_then(|k| k.tanda_tangan.as_ref()),
                tambahan: false,
            }
        })
        .chain(b.tambahan.iter().map(|t| Hadir {
            nama: &t.nama,
            alamat: alamat(&t.alamat, &t.rt, &t.rw),
            kelurahan: &t.kelurahan,
            jk: JenisKelamin::kode(Some(t.jenis_kelamin)),
            jam: format_time_wib(t.waktu),
            ttd: Some(&t.tanda_tangan),
            tambahan: true,
        }));
    daftar(
        h,
        b,
        ["", "daftar-hadir"],
        "DAFTAR HADIR RESES",
        r#"class="print-table hadir""#,
        "<th>No</th><th>Nama</th><th>Alamat</th><th>Kelurahan</th><th>L/P</th><th>Jam</th><th>Tanda tangan</th>",
    );
    for (i, r) in rows.enumerate() {
        h.raw(if r.jam.is_empty() {
            r#"<tr data-hadir="false"><td>"#
        } else {
            r#"<tr data-hadir="true"><td>"#
        })
        .num(i + 1)
        .raw("</td><td>")
        .text(r.nama);
        if r.tambahan {
            h.raw("<small> (tanpa undangan)</small>");
        }
        h.raw("</td>")
            .el("td", &r.alamat)
            .el("td", r.kelurahan)
            .el("td", r.jk)
            .el("td", &r.jam)
            .raw(r#"<td class="ttd-cell">"#);
        if let Some(t) = r.ttd {
            t.tulis_svg(h);
        }
        h.raw("</td></tr>");
    }
    h.raw("</tbody></table>").el(
        r#"p data-testid="jumlah-hadir""#,
        &format!(
            "Hadir: {} orang ({} undangan, {} tanpa undangan) dari {} undangan.",
            present.len() + b.tambahan.len(),
            present.len(),
            b.tambahan.len(),
            b.tamu.len()
        ),
    );
    h.raw("</article>");
}

fn aspirasi_kosong(h: &mut Html, b: &Berkas) {
    let isian = |h: &mut Html, label: &str| {
        h.raw("<tr>")
            .el("td", label)
            .raw(r#"<td><span class="isian"></span></td></tr>"#);
    };
    lembar(h, "", "aspirasi-kosong");
    judul(h, b, "LEMBAR ASPIRASI MASYARAKAT");
    h.raw(r#"<table class="isian-table">"#);
    for label in [
        "Nama pengusul",
        "Alamat",
        "RT / RW",
        "Kelurahan / Kecamatan",
        "Nomor telepon",
    ] {
        isian(h, label);
    }
    h.raw(concat!(
        "</table><p><strong>Jenis (beri tanda ✓):</strong> ☐ Aspirasi (usulan)   ☐ Pengaduan ",
        "(keluhan layanan publik)</p><p><strong>Bidang (beri tanda ✓):</strong></p>",
        r#"<ul class="kotak-pilihan">"#
    ));
    for bidang in &b.bidang {
        h.raw("<li>☐ ").text(bidang).raw("</li>");
    }
    h.raw(concat!(
        r#"</ul><p><strong>Permasalahan:</strong></p><div class="kotak-tulis"></div>"#,
        r#"<p><strong>Usulan / permintaan:</strong></p><div class="kotak-tulis"></div>"#,
        r#"<table class="isian-table">"#
    ));
    isian(h, "Lokasi usulan");
    isian(h, "Volume dan satuan");
    h.raw(concat!(
        r#"</table><div class="ttd"><p>Pengusul,</p><p class="ttd-space"></p>"#,
        "<p>(………………………………)</p></div></article>"
    ));
}

fn aspirasi_terisi(h: &mut Html, b: &Berkas) {
    if b.aspirasi.is_empty() {
        h.raw(concat!(
            r#"<h1 class="visually-hidden">Rekapitulasi aspirasi masyarakat</h1>"#,
            r#"<p class="empty-state">Belum ada aspirasi tercatat untuk kegiatan ini.</p>"#
        ));
        return;
    }
    daftar(
        h,
        b,
        ["", "aspirasi-terisi"],
        "REKAPITULASI ASPIRASI MASYARAKAT",
        r#"class="print-table""#,
        "<th>No</th><th>Pengusul</th><th>Jenis</th><th>Bidang</th><th>Permasalahan</th><th>Usulan</th><th>Lokasi</th><th>Volume</th><th>Prioritas</th>",
    );
    for (i, a) in b.aspirasi.iter().enumerate() {
        let lokasi = format!(
            "{} {}, {}, {}",
            a.alamat,
            rt_rw(&a.rt, &a.rw),
            a.kelurahan,
            a.kecamatan
        );
        let volume = a
            .volume
            .map(|v| format!("{} {}", super::tabel::desimal(v), a.satuan))
            .unwrap_or_default();
        nomor(h, i)
            .el("td", &a.pengusul.nama)
            .el("td", a.jenis.label())
            .el("td", &a.bidang)
            .el("td", &a.masalah)
            .el("td", &a.permintaan)
            .el("td", lokasi.trim())
            .el("td", &volume)
            .el("td", a.prioritas.label())
            .raw("</tr>");
    }
    h.raw("</tbody></table></article>");
}

fn daftar_pendamping(h: &mut Html, b: &Berkas) {
    daftar(
        h,
        b,
        ["", "daftar-pendamping"],
        "DAFTAR PENDAMPING RESES",
        r#"class="print-table""#,
        "<th>No</th><th>Nama</th><th>Telepon</th><th>Tugas</th><th>Tanda tangan</th>",
    );
    for (i, p) in b.pendamping.iter().enumerate() {
        nomor(h, i)
            .el("td", &p.nama)
            .el("td", &p.telepon)
            .raw(r#"<td>Pendamping reses</td><td class="ttd-cell"></td></tr>"#);
    }
    h.raw("</tbody></table>");
    if b.pendamping.is_empty() {
        h.raw(r#"<p class="error">Belum ada pendamping yang ditugaskan.</p>"#);
    }
    h.raw("</article>");
}

fn anggaran(h: &mut Html, b: &Berkas) {
    let total: i64 = b.belanja.iter().map(BelanjaReses::total).sum();
    daftar(
        h,
        b,
        ["", "rincian-anggaran"],
        "RINCIAN ANGGARAN KEGIATAN RESES",
        r#"class="print-table""#,
        r#"<th>No</th><th>Uraian</th><th>Volume</th><th>Satuan</th><th class="num">Harga satuan</th><th class="num">Jumlah</th><th>Penyedia</th>"#,
    );
    for (i, l) in b.belanja.iter().enumerate() {
        nomor(h, i)
            .el("td", &l.barang)
            .el("td", &super::tabel::desimal(l.volume))
            .el("td", &l.satuan)
            .el(r#"td class="num""#, &format_rupiah(l.harga_satuan))
            .el(r#"td class="num""#, &format_rupiah(l.total()))
            .el("td", &l.pemasok)
            .raw("</tr>");
    }
    h.raw(r#"</tbody><tfoot><tr><th colspan="5">Jumlah</th>"#)
        .el(
            r#"th class="num" data-testid="anggaran-total""#,
            &format_rupiah(total),
        )
        .raw("<th></th></tr></tfoot></table>")
        .el(r#"p class="tanggal-surat""#, &tempat_tanggal(&b.pengaturan));
    tanda_tangan(
        h,
        "Pejabat Pelaksana Teknis Kegiatan",
        &b.pengaturan.pptk_nama,
        &b.pengaturan.pptk_nip,
    );
    h.raw("</article>");
}
