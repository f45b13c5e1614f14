//! Shared model of the Reses & Izin Kegiatan product: record types, their validation,
//! Indonesian formatting and the wire format spoken between the app and the server.
//!
//! This crate does no I/O and depends on nothing platform-specific, so the same code
//! runs in the browser (wasm32) and on the server (native).
//!
//! # Glossary
//! One word per concept, in the code of the app, the domain and the server (names on the
//! wire never change, so installed apps keep syncing):
//! - **event** (`ResesEvent`, `event_id`; on screen "kegiatan reses"): one recess meeting
//!   of a council member. Never called `acara` in code.
//! - **keramaian** (`izin::Keramaian`; on screen "kegiatan", as in "izin kegiatan"): the
//!   public event a permit application is for. The permit itself is an **izin**
//!   (`PermohonanIzin`).
//! - **tamu** (invited guest), **tamu tambahan** (walk-in), **kehadiran** (a guest's
//!   attendance record).
//! - **pendamping** (companion, in the field), **anggota** (council member),
//!   **staf kantor** (the secretariat's reses staff), **petugas izin** (the permit
//!   service's roles).
//! - **kind** (`RecordKind`, [`jenis`]): a type of record that syncs.
//! - **draf** ([`draf`]): what a form holds before it is saved; **ke_rekaman**: the step
//!   from a draft to its record.
//! - **hak** / **tugas** ([`akses`]): a role's right to change a kind of record / to take
//!   a task beyond one record.
//! - **lembar** (server `lembar`): a spreadsheet read or written (import and export);
//!   **tabel** (app `pages::kantor::tabel`): the office's list editor. **teks**: only a
//!   text value (`Jenis::Teks` a text column, `isian_teks` a text input, `nilai_teks` a
//!   text field of an untyped record).
//! - **jadwal** ([`jadwal`]): when a device syncs.

//! # Layout
//! - [`akses`]: who may see and change what, and take which action: the one access
//!   policy, used by the server to authorise and by the app to decide what it shows.
//! - [`api`]: wire types of the HTTP API (error body, health). Changing their shape
//!   breaks installed apps that have not updated yet: add fields, never rename.
//! - [`auth`]: sign-in and account administration wire types.
//! - [`role`]: the user roles of DESIGN.md §2.
//! - [`reses`]: reses master data and events (members, companions, periods, guests).
//! - [`kehadiran`]: attendance (check-in of invited guests, walk-ins) and its merge rule.
//! - [`aspirasi`]: citizens' aspirations and the event's documentation.
//! - [`tanda_tangan`]: signatures as compact vector strokes.
//! - [`undangan`]: the invitation QR code (signed payload).
//! - [`draf`]: form drafts and the pure step from a draft to its record.
//! - [`izin`]: permit applications, the published procedure as a workflow, step times.
//! - [`jenis`]: the registry of record kinds, written once.
//! - [`jadwal`]: when a device syncs: the schedule as a pure function.
//! - [`kerja`]: working time (office hours, holidays) for deadlines.
//! - [`kantor`]: the office side of reses: editable master data, data requests, budget,
//!   readiness, the 21-working-day facilitation deadline.
//! - [`impor`]: checking a guest list imported from a spreadsheet.
//! - [`laporan`]: the reses report's participants and counts.
//! - [`html`]: printed documents written as escaped markup.
//! - [`json`]: records read from JSON values, a struct only from an object.
//! - [`nik`]: NIK checks.
//! - [`pengaduan`]: complaints about both services.
//! - [`pengaturan`]: the office's document settings (signatories, NIP, numbering).
//! - [`layanan`]: the two published service standards (Info Layanan).
//! - [`cari`]: folding and matching for instant guest search.
//! - [`sort`]: stable sorting with one copy of the sort algorithm in the app.
//! - [`sync`]: the sync protocol: wire types and the merge/conflict rules.
//! - [`record`]: what the server does to every incoming record, per kind: validation,
//!   stamping of recorder and closing, time bounds, unknown fields dropped, size cap.
//! - [`wilayah`]: the kecamatan and kelurahan of Kota Pekalongan.
//! - [`templat`]: the new records the office's list editor starts from, checked against
//!   their types.
//! - [`tanggal`]: dates and times in Bahasa Indonesia, in WIB.
//! - [`validate`]: the field-level validation error shared by every record kind.

pub mod akses;
pub mod angka;
pub mod api;
pub mod aspirasi;
pub mod auth;
pub mod cari;
pub mod draf;
pub mod html;
pub mod impor;
pub mod izin;
pub mod jadwal;
pub mod jenis;
pub mod json;
pub mod kantor;
pub mod kehadiran;
pub mod kerja;
pub mod laporan;
pub mod layanan;
pub mod nik;
pub mod pengaduan;
pub mod pengaturan;
pub mod record;
pub mod reses;
pub mod role;
pub mod sort;
pub mod sync;
pub mod tanda_tangan;
pub mod tanggal;
pub mod templat;
pub mod undangan;
pub mod validate;
pub mod wilayah;

pub use api::{ErrorBody, ErrorCode, Health};
pub use role::Role;
