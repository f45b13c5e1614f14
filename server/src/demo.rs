//! Demo data for a first start: a realistic (but fictional) DPRD Kota Pekalongan with
//! members across the four kecamatan (one dapil each), companions, one reses period with
//! events and invited guests, and one account per role. Loaded only into an empty
//! database, in one transaction.

use reses_domain::Role;
use reses_domain::aspirasi::BIDANG;
use reses_domain::kantor::{
    BelanjaReses, Centang, HariLibur, KategoriAspirasi, Kelurahan, KesiapanReses, PermintaanData,
};
use reses_domain::reses::{
    Anggota, JenisKelamin, MasaSidang, Pendamping, ResesEvent, StatusReses, Tamu,
};
use reses_domain::sync::{Actor, Mutation, Op, RecordKind};
use reses_domain::tanggal::Tanggal;
use reses_domain::wilayah::{KOTA_PEKALONGAN, dapil_of};
use serde::Serialize;
use uuid::Uuid;

use crate::password;
use crate::store::{NewUserRow, Store, Tx};

/// The password of every demo account. Printed at first start; change it in production.
pub const DEMO_PASSWORD: &str = "reses2026";

const MEMBERS_PER_DAPIL: usize = 5;
const EVENTS: usize = 8;
const GUESTS_PER_EVENT: usize = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLogin {
    pub username: &'static str,
    pub role: Role,
}

/// Loads the demo data when the database has no users yet. Returns the demo logins when
/// it did, `None` when the database was already in use.
pub async fn load_if_empty(db: &Store) -> anyhow::Result<Option<Vec<DemoLogin>>> {
    if db.user_count().await? > 0 {
        return Ok(None);
    }
    let today = Tanggal::from_epoch_ms_wib(now_ms());
    let mut tx = db.write_revisions().await?;
    let logins = Seeder::new(&mut tx, today).run().await?;
    tx.commit().await?;
    tracing::info!(accounts = logins.len(), "demo data loaded");
    Ok(Some(logins))
}

/// The lines printed after loading: URL hint and demo logins.
pub fn banner(logins: &[DemoLogin]) -> String {
    let mut s = String::from("\nData demo dimuat. Akun demo (kata sandi untuk semua: ");
    s.push_str(DEMO_PASSWORD);
    s.push_str("):\n");
    for l in logins {
        s.push_str(&format!("  {:<12} {}\n", l.username, l.role.label()));
    }
    s
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

const FRAKSI: [&str; 6] = [
    "Fraksi PKB",
    "Fraksi PDI Perjuangan",
    "Fraksi Golkar",
    "Fraksi Gerindra",
    "Fraksi PKS",
    "Fraksi Amanat Demokrat",
];
const KOMISI: [&str; 3] = ["Komisi A", "Komisi B", "Komisi C"];
const NAMA_L: [&str; 24] = [
    "Ahmad",
    "Muhammad",
    "Budi",
    "Slamet",
    "Agus",
    "Teguh",
    "Bambang",
    "Imam",
    "Rudi",
    "Joko",
    "Hendra",
    "Arif",
    "Fajar",
    "Wahyu",
    "Eko",
    "Nur Hadi",
    "Sugeng",
    "Taufik",
    "Yusuf",
    "Khoirul",
    "Abdul Rohman",
    "Mochamad",
    "Dedi",
    "Saiful",
];
const NAMA_P: [&str; 20] = [
    "Siti", "Sri", "Dewi", "Nur", "Endang", "Rina", "Wahyuni", "Lestari", "Fatimah", "Umi",
    "Khusnul", "Retno", "Ani", "Yuliana", "Dwi", "Maryam", "Laila", "Ratna", "Indah", "Aminah",
];
const NAMA_BELAKANG: [&str; 24] = [
    "Santoso",
    "Hidayat",
    "Wibowo",
    "Prasetyo",
    "Rahmawati",
    "Setiawan",
    "Nugroho",
    "Kurniawan",
    "Susanti",
    "Maulana",
    "Fauzi",
    "Hartono",
    "Purnomo",
    "Saputra",
    "Handayani",
    "Wijaya",
    "Syafii",
    "Mustofa",
    "Aziz",
    "Ma'ruf",
    "Zulaikha",
    "Habibah",
    "Fitriani",
    "Anwar",
];
const JALAN: [&str; 12] = [
    "Jl. Jlamprang",
    "Jl. Sriwijaya",
    "Jl. Dr. Sutomo",
    "Jl. Hayam Wuruk",
    "Jl. Kurinci",
    "Jl. Seruni",
    "Jl. Pelita",
    "Jl. Urip Sumoharjo",
    "Jl. Gajah Mada",
    "Jl. Jenderal Sudirman",
    "Jl. Sultan Agung",
    "Jl. Kartini",
];
const TEMPAT: [&str; 5] = [
    "Balai Kelurahan",
    "Masjid Al-Ikhlas",
    "Gedung Serbaguna",
    "Mushola Baitur Rahman",
    "Aula Kantor Kecamatan",
];
const KETERANGAN: [&str; 8] = [
    "Ketua RT",
    "Ketua RW",
    "Kader PKK",
    "Tokoh masyarakat",
    "Ketua Karang Taruna",
    "Tokoh agama",
    "Kader Posyandu",
    "Warga",
];

/// The OPD that takes up each starting category, in the order of `BIDANG`.
const OPD: [&str; 10] = [
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
    "Dinas Perdagangan, Koperasi dan UKM",
    "Dinas Lingkungan Hidup",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Bagian Kesejahteraan Rakyat Setda",
    "Satuan Polisi Pamong Praja",
    "Badan Perencanaan Pembangunan Daerah",
];

/// Budget lines of one event: item, volume, unit, unit price (rupiah).
const BELANJA: [(&str, f64, &str, i64); 4] = [
    ("Konsumsi snack box", 60.0, "kotak", 15_000),
    ("Sewa tenda dan kursi", 1.0, "paket", 1_500_000),
    ("Spanduk kegiatan", 1.0, "lembar", 250_000),
    ("Penggandaan undangan dan blanko", 120.0, "lembar", 500),
];

const ACCOUNTS: [(&str, &str, Role); 12] = [
    ("admin", "Administrator Sistem", Role::Admin),
    ("staf", "Rini Astuti (Staf Setwan)", Role::StafSetwan),
    (
        "analis",
        "Dimas Aryo (Analis Kebijakan)",
        Role::AnalisKebijakan,
    ),
    ("anggota", "", Role::Anggota),
    ("pendamping1", "", Role::Pendamping),
    ("pendamping2", "", Role::Pendamping),
    ("kesra", "Heru Sasongko (Petugas Kesra)", Role::PetugasKesra),
    ("pptk", "Lusi Marlina (PPTK)", Role::Pptk),
    ("kabag", "Kabag Kesra", Role::KabagKesra),
    (
        "sekda",
        "Sekda / Asisten Pemerintahan dan Kesra",
        Role::Sekda,
    ),
    ("walikota", "Walikota Pekalongan", Role::Walikota),
    ("informasi", "Petugas Informasi", Role::PetugasInformasi),
];

/// A small deterministic generator so the demo looks the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Seeder<'a> {
    tx: &'a mut Tx,
    today: Tanggal,
    rng: Rng,
    mutations: Vec<Mutation>,
    admin_id: Uuid,
    now: i64,
}

impl<'a> Seeder<'a> {
    fn new(tx: &'a mut Tx, today: Tanggal) -> Self {
        Self {
            tx,
            today,
            rng: Rng(0x5EED_2026_0D9D),
            mutations: Vec::new(),
            admin_id: Uuid::now_v7(),
            now: now_ms(),
        }
    }

    async fn run(mut self) -> anyhow::Result<Vec<DemoLogin>> {
        let members = self.members().await?;
        let companions = self.companions().await?;
        let period = self.period().await?;
        self.master_data().await?;
        let events = self.events(&members, &companions, period).await?;
        self.office(&events).await?;
        let logins = self.accounts(&members, &companions).await?;
        self.permits().await?;
        self.complaints().await?;
        self.flush().await?;
        Ok(logins)
    }

    async fn members(&mut self) -> anyhow::Result<Vec<Anggota>> {
        let mut out = Vec::new();
        for (d, (kecamatan, _)) in KOTA_PEKALONGAN.iter().enumerate() {
            for i in 0..MEMBERS_PER_DAPIL {
                // One woman per dapil; hajj titles on some, as on the real council.
                let (nama, _) = self.person_name(i == 3);
                let title = ["H. ", "", "", "Hj. ", ""][i];
                let nama = format!("{title}{nama}");
                let m = Anggota {
                    id: Uuid::now_v7(),
                    nama,
                    fraksi: FRAKSI[(d * MEMBERS_PER_DAPIL + i) % FRAKSI.len()].into(),
                    dapil: dapil_of(kecamatan).unwrap_or_default(),
                    komisi: KOMISI[(d + i) % KOMISI.len()].into(),
                };
                m.validate()?;
                self.put("anggota", m.id, &m).await?;
                out.push(m);
            }
        }
        Ok(out)
    }

    async fn companions(&mut self) -> anyhow::Result<Vec<Pendamping>> {
        let mut out = Vec::new();
        for i in 0..8 {
            let p = Pendamping {
                id: Uuid::now_v7(),
                nama: self.person_name(i % 2 == 1).0,
                telepon: format!("08{}", 1_200_000_000 + self.rng.below(800_000_000)),
            };
            p.validate()?;
            self.put("pendamping", p.id, &p).await?;
            out.push(p);
        }
        Ok(out)
    }

    async fn period(&mut self) -> anyhow::Result<MasaSidang> {
        let p = MasaSidang {
            id: Uuid::now_v7(),
            nama: "Masa Sidang III".into(),
            tahun: self.today.year,
            mulai: self.today,
            selesai: self.today.add_days(20),
        };
        p.validate()?;
        self.put("masa_sidang", p.id, &p).await?;
        Ok(p)
    }

    async fn events(
        &mut self,
        members: &[Anggota],
        companions: &[Pendamping],
        period: MasaSidang,
    ) -> anyhow::Result<Vec<ResesEvent>> {
        let mut out = Vec::new();
        let mut day = self.today;
        for e in 0..EVENTS {
            // Two events per dapil, on working days from tomorrow.
            day = next_working_day(day);
            let dapil = e / 2;
            let (kecamatan, kelurahan) = KOTA_PEKALONGAN[dapil];
            let kel = kelurahan[(e * 3) % kelurahan.len()];
            let venue = TEMPAT[e % TEMPAT.len()];
            let event = ResesEvent {
                id: Uuid::now_v7(),
                anggota_id: members[dapil * MEMBERS_PER_DAPIL + e % 2].id,
                masa_sidang_id: period.id,
                tanggal: day,
                jam_mulai: if e % 2 == 0 { 9 * 60 } else { 19 * 60 + 30 },
                tempat: format!("{venue} {kel}"),
                // The kelurahan has its own field; documents print it after the address.
                alamat: format!("{} No. {}", self.rng.pick(&JALAN), 1 + self.rng.below(120)),
                kelurahan: kel.into(),
                kecamatan: kecamatan.into(),
                perkiraan_tamu: 50,
                // Companions 1 and 2 (the demo accounts) get two events each.
                pendamping_ids: vec![companions[e % 6].id],
                status: StatusReses::Direncanakan,
                kunci_undangan: crate::auth::new_token().0[..32].to_string(),
                // Facilitation began with the data requests, some weeks back; the
                // first events are thereby due soon, one of them late.
                mulai_fasilitasi: Some(self.today.add_days(-(30 - 2 * e as i64).max(3))),
                nomor_undangan: format!("{}", 40 + e),
            };
            event.validate()?;
            self.put("reses_event", event.id, &event).await?;
            for _ in 0..GUESTS_PER_EVENT {
                let t = self.guest(&event, kel);
                t.validate()?;
                self.put("tamu", t.id, &t).await?;
            }
            out.push(event);
        }
        Ok(out)
    }

    /// The editable reference data: the city's kelurahan, aspiration categories with
    /// their OPD, and the 2026 holidays.
    async fn master_data(&mut self) -> anyhow::Result<()> {
        for (kecamatan, kelurahan) in KOTA_PEKALONGAN {
            for nama in kelurahan {
                let k = Kelurahan {
                    id: Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("kelurahan:{nama}").as_bytes()),
                    kecamatan: kecamatan.into(),
                    nama: nama.to_string(),
                };
                k.validate()?;
                self.put("wilayah", k.id, &k).await?;
            }
        }
        for (nama, opd) in BIDANG.iter().zip(OPD) {
            let k = KategoriAspirasi {
                id: Uuid::new_v5(&Uuid::NAMESPACE_OID, format!("kategori:{nama}").as_bytes()),
                nama: nama.to_string(),
                opd: opd.into(),
            };
            k.validate()?;
            self.put("kategori_aspirasi", k.id, &k).await?;
        }
        for l in reses_domain::kerja::libur_resmi() {
            let h = HariLibur::resmi(&l);
            h.validate()?;
            self.put("hari_libur", h.id, &h).await?;
        }
        Ok(())
    }

    /// Steps 1, 2 and 6 under way: data requested from members (one overdue), budget
    /// lines for every event, and the first event's checklist half done.
    async fn office(&mut self, events: &[ResesEvent]) -> anyhow::Result<()> {
        for (i, e) in events.iter().enumerate() {
            let p = PermintaanData {
                id: Uuid::now_v7(),
                anggota_id: e.anggota_id,
                event_id: Some(e.id),
                perihal: "Daftar tamu undangan dan kepastian tempat reses".into(),
                diminta: self.today.add_days(-10),
                tenggat: self.today.add_days(if i == 0 { -3 } else { 3 }),
                diterima: (i >= 4).then(|| self.today.add_days(-1)),
                catatan: String::new(),
            };
            p.validate()?;
            self.put("permintaan_data", p.id, &p).await?;
            for (barang, volume, satuan, harga) in BELANJA {
                let b = BelanjaReses {
                    id: Uuid::now_v7(),
                    event_id: e.id,
                    barang: barang.into(),
                    volume,
                    satuan: satuan.into(),
                    harga_satuan: harga,
                    pemasok: "CV Batik Jaya Katering".into(),
                    diterima: i >= 6,
                };
                b.validate()?;
                self.put("belanja_reses", b.id, &b).await?;
            }
        }
        if let Some(e) = events.first() {
            let mut k = KesiapanReses::empty(e.id);
            let ok = Centang {
                oleh: "Staf Sekretariat DPRD".into(),
                pada: self.now,
            };
            k.pendamping_dikonfirmasi = Some(ok.clone());
            k.tempat_dikonfirmasi = Some(ok);
            self.put("kesiapan_reses", k.id, &k).await?;
        }
        Ok(())
    }

    fn guest(&mut self, event: &ResesEvent, kelurahan: &str) -> Tamu {
        let female = self.rng.below(2) == 0;
        let (nama, _) = self.person_name(female);
        let rt = 1 + self.rng.below(12);
        let rw = 1 + self.rng.below(8);
        let ket = *self.rng.pick(&KETERANGAN);
        Tamu {
            id: Uuid::now_v7(),
            event_id: event.id,
            nama,
            alamat: format!(
                "{} Gg. {} No. {}",
                self.rng.pick(&JALAN),
                1 + self.rng.below(9),
                1 + self.rng.below(80)
            ),
            rt: format!("{rt:03}"),
            rw: format!("{rw:03}"),
            kelurahan: kelurahan.into(),
            jenis_kelamin: Some(if female {
                JenisKelamin::Perempuan
            } else {
                JenisKelamin::LakiLaki
            }),
            keterangan: match ket {
                "Ketua RT" => format!("Ketua RT {rt:02}"),
                "Ketua RW" => format!("Ketua RW {rw:02}"),
                "Warga" => String::new(),
                other => other.into(),
            },
            telepon: String::new(),
        }
    }

    /// `(full name, is female)`.
    fn person_name(&mut self, female: bool) -> (String, bool) {
        let first = if female {
            *self.rng.pick(&NAMA_P)
        } else {
            *self.rng.pick(&NAMA_L)
        };
        let last = *self.rng.pick(&NAMA_BELAKANG);
        (format!("{first} {last}"), female)
    }

    async fn accounts(
        &mut self,
        members: &[Anggota],
        companions: &[Pendamping],
    ) -> anyhow::Result<Vec<DemoLogin>> {
        let hash = password::hash(DEMO_PASSWORD)?;
        let mut logins = Vec::new();
        for (username, name, role) in ACCOUNTS {
            let (display, subject) = match username {
                "anggota" => (members[0].nama.clone(), Some(members[0].id)),
                "pendamping1" => (companions[0].nama.clone(), Some(companions[0].id)),
                "pendamping2" => (companions[1].nama.clone(), Some(companions[1].id)),
                _ => (name.to_string(), None),
            };
            let id = if role == Role::Admin {
                self.admin_id
            } else {
                Uuid::now_v7()
            };
            // Each account gets its own salted hash; the same hash string would let
            // anyone who reads the table see which accounts share a password.
            let hash = if logins.is_empty() {
                hash.clone()
            } else {
                password::hash(DEMO_PASSWORD)?
            };
            self.tx
                .insert_user(&NewUserRow {
                    id,
                    username,
                    display_name: &display,
                    role: role.as_str(),
                    password_hash: &hash,
                    subject_id: subject,
                    must_change_password: false,
                    now: self.now,
                })
                .await?;
            logins.push(DemoLogin { username, role });
        }
        Ok(logins)
    }

    /// Three permit applications waiting at different steps (the Sekda's disposition,
    /// the PPTK's review, pickup at the front desk), so every inbox has something.
    async fn permits(&mut self) -> anyhow::Result<()> {
        use reses_domain::izin::{
            JENIS_KEGIATAN, Keramaian, PROTOKOL, Pemohon, PermohonanIzin, RiwayatIzin,
            StatusIzin as S, nomor_registrasi, nomor_surat,
        };
        let year = Tanggal::from_epoch_ms_wib(self.now).year;
        let steps: [&[(S, Role, i64)]; 3] = [
            &[(S::Diterima, Role::PetugasInformasi, 3)],
            &[
                (S::Diterima, Role::PetugasInformasi, 200),
                (S::Didisposisikan, Role::Sekda, 190),
                (S::DiterimaPetugas, Role::PetugasKesra, 160),
                (S::DraftSurat, Role::PetugasKesra, 50),
            ],
            &[
                (S::Diterima, Role::PetugasInformasi, 3000),
                (S::Didisposisikan, Role::Sekda, 2990),
                (S::DiterimaPetugas, Role::PetugasKesra, 2950),
                (S::DraftSurat, Role::PetugasKesra, 2900),
                (S::DitelitiPptk, Role::Pptk, 2870),
                (S::DiverifikasiKabag, Role::KabagKesra, 2000),
                (S::DiteruskanSekda, Role::Sekda, 1500),
                (S::SiapDiambil, Role::Walikota, 600),
            ],
        ];
        let kegiatan = [
            "Pengajian akbar Maulid",
            "Pentas seni pelajar",
            "Jalan sehat HUT kelurahan",
        ];
        for (i, steps) in steps.iter().enumerate() {
            let (nama, _) = self.person_name(i == 1);
            let start = self.now + (5 + i as i64 * 3) * 86_400_000;
            let urut = self.tx.next_number("izin", year).await?;
            let riwayat: Vec<RiwayatIzin> = steps
                .iter()
                .map(|&(status, peran, minutes_ago)| RiwayatIzin {
                    waktu: self.now - minutes_ago * 60_000,
                    status,
                    oleh: self.admin_id,
                    nama: peran.label().into(),
                    peran,
                    catatan: String::new(),
                })
                .collect();
            let status = steps.last().map_or(S::Diterima, |s| s.0);
            let nomor_surat = if status == S::SiapDiambil {
                let n = self.tx.next_number("surat_izin", year).await?;
                Some(nomor_surat(Tanggal::from_epoch_ms_wib(self.now), n))
            } else {
                None
            };
            let p = PermohonanIzin {
                id: Uuid::now_v7(),
                pemohon: Pemohon {
                    nama,
                    nik: format!("33750{}170885000{}", i + 1, i + 1),
                    alamat: format!("{} No. {}", self.rng.pick(&JALAN), 3 + i * 7),
                    telepon: format!("0812 2{i}45 67{i}9"),
                    organisasi: [
                        "Takmir Masjid Al-Ikhlas",
                        "OSIS SMA Negeri 1",
                        "Karang Taruna",
                    ][i]
                        .into(),
                },
                kegiatan: Keramaian {
                    nama: kegiatan[i].into(),
                    jenis: JENIS_KEGIATAN[[0, 2, 3][i]].into(),
                    mulai: start,
                    selesai: start + 4 * 3_600_000,
                    tempat: [
                        "Masjid Al-Ikhlas Medono",
                        "GOR Jetayu",
                        "Lapangan Kelurahan Klego",
                    ][i]
                        .into(),
                    perkiraan_peserta: [500, 250, 800][i],
                    protokol: PROTOKOL[..3 + i].iter().map(|s| s.to_string()).collect(),
                },
                surat_permohonan: Some(format!("{:064x}", 0xA0 + i)),
                scan_identitas: Some(format!("{:064x}", 0xB0 + i)),
                diajukan: true,
                dibuat: self.now - 3_100 * 60_000,
                status,
                riwayat,
                nomor_registrasi: Some(nomor_registrasi(year, urut)),
                nomor_surat,
            };
            self.put("izin", p.id, &p).await?;
        }
        Ok(())
    }

    /// Two complaints, one per service.
    async fn complaints(&mut self) -> anyhow::Result<()> {
        use reses_domain::pengaduan::{AksiPengaduan, Layanan, Pengaduan, Petugas, Saluran};
        let (admin, now) = (self.admin_id, self.now);
        let by = |minutes_ago: i64, nama: &str| Petugas {
            user_id: admin,
            nama: nama.into(),
            waktu: now - minutes_ago * 60_000,
        };
        let reses = Pengaduan::catat(
            Uuid::now_v7(),
            Layanan::Reses,
            Saluran::Langsung,
            "Darto",
            "0856 1234 5678",
            "Undangan reses di RW 05 Medono belum diterima warga.",
            "",
            &by(1_500, "Staf Setwan"),
        )?;
        self.put("pengaduan", reses.id, &reses).await?;
        let izin = Pengaduan::catat(
            Uuid::now_v7(),
            Layanan::Izin,
            Saluran::Telepon,
            "Siti Rahayu",
            "0812 9876 5432",
            "Menanyakan kapan surat izin pentas seni bisa diambil.",
            "",
            &by(400, "Petugas Kesra"),
        )?
        .tindak(
            AksiPengaduan::Tanggapan,
            "Permohonan sedang diteliti PPTK; pemohon dikabari lewat telepon.",
            &by(380, "Petugas Kesra"),
        )?;
        self.put("pengaduan", izin.id, &izin).await?;
        Ok(())
    }

    /// Queues a record; [`Seeder::flush`] stores them all through the sync rules, so
    /// demo data carries field stamps and event access exactly like pushed data.
    async fn put(&mut self, kind: &str, id: Uuid, body: &impl Serialize) -> anyhow::Result<()> {
        let data = serde_json::to_value(body)?;
        let changed = data
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        self.mutations.push(Mutation {
            mutation_id: Uuid::now_v7(),
            kind: RecordKind::parse(kind).ok_or_else(|| anyhow::anyhow!("unknown kind {kind}"))?,
            record_id: id,
            base_rev: 0,
            op: Op::Put { data, changed },
            client_time: self.now,
        });
        Ok(())
    }

    async fn flush(&mut self) -> anyhow::Result<()> {
        let actor = Actor {
            user_id: self.admin_id,
            device_id: None,
            now: self.now,
            nama: "Admin Setwan".into(),
        };
        let mutations = std::mem::take(&mut self.mutations);
        let mut store = self.tx.load_batch(&mutations).await?;
        let outcomes = store.apply_all(&mutations, &actor, |_, _, _| Ok(()));
        if let Some(bad) = outcomes.iter().find(|o| !o.is_settled()) {
            anyhow::bail!("demo data refused by the sync rules: {bad:?}");
        }
        Ok(self.tx.flush(store, &actor).await?)
    }
}

/// The next Monday-to-Friday date after `d` (holidays are the deadline module's concern).
fn next_working_day(d: Tanggal) -> Tanggal {
    let mut n = d.add_days(1);
    while n.weekday() >= 5 {
        n = n.add_days(1);
    }
    n
}
