//! The two published service standards (seeds 000 and 004), as the app shows them in
//! Info Layanan, offline: requirements, procedure, completion time, cost, product and
//! complaint channels.

/// One published service standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StandarLayanan {
    pub kode: &'static str,
    pub nama: &'static str,
    pub penyelenggara: &'static str,
    pub sk: &'static str,
    pub persyaratan: &'static [&'static str],
    pub prosedur: &'static [&'static str],
    pub waktu: &'static str,
    pub biaya: &'static str,
    pub produk: &'static [&'static str],
    pub pengaduan: &'static [&'static str],
}

pub const RESES: StandarLayanan = StandarLayanan {
    kode: "reses",
    nama: "Fasilitasi Pelaksanaan Reses DPRD Kota Pekalongan",
    penyelenggara: "Sekretariat DPRD Kota Pekalongan, Jl. Mataram No. 3 Pekalongan Barat, Kota Pekalongan 51111, telepon (0285) 421984, setwan.pekalongankota.go.id",
    sk: "175/04/Setwan/III/2022",
    persyaratan: &["Surat Undangan"],
    prosedur: &[
        "Analis Kebijakan Muda melakukan permintaan data terkait pelaksanaan reses kepada masing-masing Anggota DPRD Kota Pekalongan.",
        "Staf Bagian Fasilitasi Penganggaran dan Pengawasan melakukan pemesanan bahan dan alat guna pelaksanaan reses.",
        "Staf membuat undangan reses, daftar hadir, daftar tamu yang diundang, lembar aspirasi, daftar nama pendamping, dan rincian anggaran reses.",
        "Staf membagikan daftar tamu yang diundang, daftar nama pendamping, lembar aspirasi dan format undangan reses kepada seluruh Anggota DPRD.",
        "Staf membagikan daftar nama pendamping kepada masing-masing pendamping reses.",
        "Staf melakukan pengecekan dan koordinasi dengan masing-masing pendamping reses terkait kesiapan pelaksanaan reses.",
        "Masing-masing pendamping mendampingi kegiatan reses Anggota DPRD: membagikan lembar aspirasi, meminta kembali undangan reses dan meminta tamu undangan mengisi daftar hadir.",
    ],
    waktu: "21 hari kerja",
    biaya: "Tidak dipungut biaya",
    produk: &["Fasilitasi Pelaksanaan Reses DPRD Kota Pekalongan"],
    pengaduan: &[
        "Peserta menyampaikan pengaduan langsung kepada petugas / staf.",
        "Petugas / staf merespons pengaduan sampai mendapatkan solusi.",
        "Apabila petugas / staf tidak dapat menyelesaikan masalah, pengaduan diteruskan ke Pejabat Sekretariat DPRD.",
        "Pejabat Sekretariat DPRD menyelesaikan permasalahan sampai tuntas dan mendapatkan solusi.",
        "Pengaduan, aspirasi dan permintaan informasi juga dapat disampaikan melalui LAPOR! (lapor.go.id).",
    ],
};

pub const IZIN: StandarLayanan = StandarLayanan {
    kode: "izin",
    nama: "Layanan Informasi Fasilitasi Izin Penyelenggaraan Kegiatan di Masa Pandemi Covid-19",
    penyelenggara: "Bagian Kesejahteraan Rakyat Sekretariat Daerah Kota Pekalongan",
    sk: "060/15/TAHUN 2022",
    persyaratan: &[
        "Tanda pengenal identitas diri",
        "Surat permohonan izin penyelenggaraan kegiatan di masa pandemi",
    ],
    prosedur: &[
        "Pemohon mengirimkan surat permohonan kepada Walikota Pekalongan selaku Ketua Gugus Tugas, selanjutnya didisposisikan ke Bagian Kesra (5 menit).",
        "Petugas menerima disposisi surat permohonan dari Walikota melalui Sekda dan Asisten Pemerintahan dan Kesra (30 menit).",
        "Petugas membuat draf surat izin penyelenggaraan kegiatan, diteruskan ke PPTK untuk diteliti dan dikoreksi (60 menit).",
        "PPTK mengajukan draf surat izin ke Kabag Kesra (30 menit).",
        "Setelah diverifikasi Kabag Kesra, surat izin diajukan ke Walikota melalui Sekretaris Daerah dan Asisten Pemerintahan dan Kesra (1 hari).",
        "Setelah disetujui Walikota, pemohon mengambil surat izin melalui Petugas Informasi (1 hari).",
    ],
    waktu: "2 hari kerja dan 2 jam 5 menit jam kerja (jumlah waktu tiap langkah)",
    biaya: "Tidak dipungut biaya",
    produk: &["Surat izin penyelenggaraan kegiatan"],
    pengaduan: &[
        "Pengaduan tidak langsung: telepon 0856 4077 3010; email bagiankesrasetdakotapekalongan@gmail.com; Pejabat Pengaduan: Vina Akmala Ilma, S.Psi.",
        "Pengaduan langsung: pemohon menyampaikan pengaduan langsung kepada petugas.",
        "Petugas merespons pengaduan pemohon sampai mendapatkan solusi.",
        "Apabila petugas tidak dapat menyelesaikan masalah, pengaduan diteruskan ke Pejabat Bagian Kesra, yang menyelesaikannya sampai tuntas.",
        "Pengaduan juga dapat disampaikan melalui LAPOR! (lapor.go.id).",
    ],
};

pub const SEMUA: [StandarLayanan; 2] = [RESES, IZIN];
