//! The new, empty records the office's list editor starts from (one per kind it
//! edits), and the check that ties them to the record types: a template has exactly the
//! fields of its kind's type, so renaming a field of a record type fails a test here
//! instead of compiling into a form that writes a field nobody reads.

use serde::de::{self, Deserializer, Visitor};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::jenis::dengan_tipe;
use crate::sync::RecordKind;
use crate::tanggal::Tanggal;

/// What a new record starts from.
#[derive(Debug, Clone)]
pub struct Awal<'a> {
    pub id: Uuid,
    /// The event the list belongs to (guests, budget lines).
    pub event: Option<Uuid>,
    pub hari_ini: Tanggal,
    /// A fresh invitation key (for a new event).
    pub kunci_undangan: &'a str,
}

/// The empty record of `kind` the list editor opens for "+ Tambah"; `None` for kinds it
/// does not edit.
pub fn templat(kind: RecordKind, a: &Awal) -> Option<Value> {
    let (id, e, t) = (a.id, a.event, a.hari_ini);
    Some(match kind {
        RecordKind::Tamu => json!({
            "id": id, "event_id": e, "nama": "", "alamat": "", "rt": "", "rw": "",
            "kelurahan": "", "jenis_kelamin": null, "keterangan": "", "telepon": ""
        }),
        RecordKind::BelanjaReses => json!({
            "id": id, "event_id": e, "barang": "", "volume": 1.0, "satuan": "paket",
            "harga_satuan": 0, "pemasok": "", "diterima": false
        }),
        RecordKind::Anggota => {
            json!({"id": id, "nama": "", "fraksi": "", "dapil": "", "komisi": ""})
        }
        RecordKind::Pendamping => json!({"id": id, "nama": "", "telepon": ""}),
        RecordKind::MasaSidang => json!({
            "id": id, "nama": "", "tahun": t.year, "mulai": t.iso(), "selesai": t.iso()
        }),
        RecordKind::Wilayah => json!({"id": id, "kecamatan": "", "nama": ""}),
        RecordKind::KategoriAspirasi => json!({"id": id, "nama": "", "opd": ""}),
        RecordKind::HariLibur => {
            json!({"id": id, "tanggal": t.iso(), "nama": "", "cuti_bersama": false})
        }
        RecordKind::PermintaanData => json!({
            "id": id, "anggota_id": "", "event_id": null, "perihal": "", "diminta": t.iso(),
            "tenggat": t.add_days(7).iso(), "diterima": null, "catatan": ""
        }),
        RecordKind::ResesEvent => json!({
            "id": id, "anggota_id": "", "masa_sidang_id": "", "tanggal": t.iso(),
            "jam_mulai": 540, "tempat": "", "alamat": "", "kelurahan": "", "kecamatan": "",
            "perkiraan_tamu": 50, "pendamping_ids": [], "status": "direncanakan",
            "kunci_undangan": a.kunci_undangan, "mulai_fasilitasi": t.iso(), "nomor_undangan": ""
        }),
        _ => return None,
    })
}

/// The field names of the record type of `kind`, as serde sees them.
pub fn kolom_jenis(kind: RecordKind) -> &'static [&'static str] {
    crate::jenis::jenis_rekaman!(dengan_tipe; kind, T => fields_of::<T>())
}

/// The fields a struct's `Deserialize` asks for, read by a deserializer that answers
/// nothing but the question.
fn fields_of<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    struct Tanya(Option<&'static [&'static str]>);
    #[derive(Debug)]
    struct Cukup;
    impl std::fmt::Display for Cukup {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("cukup")
        }
    }
    impl std::error::Error for Cukup {}
    impl de::Error for Cukup {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Cukup
        }
    }
    impl<'de> Deserializer<'de> for &mut Tanya {
        type Error = Cukup;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Cukup> {
            Err(Cukup)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Cukup> {
            self.0 = Some(fields);
            Err(Cukup)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map
            enum identifier ignored_any
        }
    }
    let mut t = Tanya(None);
    let _ = T::deserialize(&mut t);
    t.0.unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_has_exactly_the_fields_of_its_kind() {
        let a = Awal {
            id: Uuid::from_u128(1),
            event: Some(Uuid::from_u128(2)),
            hari_ini: Tanggal::new(2026, 12, 2).unwrap(),
            kunci_undangan: "kunci",
        };
        let mut checked = 0;
        for kind in RecordKind::ALL {
            let Some(v) = templat(kind, &a) else { continue };
            let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
            let mut fields: Vec<&str> = kolom_jenis(kind).to_vec();
            assert!(!fields.is_empty(), "{kind:?} has no fields?");
            crate::sort::all(&mut keys);
            crate::sort::all(&mut fields);
            assert_eq!(keys, fields, "the template of {kind:?}");
            checked += 1;
        }
        assert_eq!(checked, 10);
    }

    #[test]
    fn a_filled_template_passes_its_kinds_validation() {
        let a = Awal {
            id: Uuid::from_u128(1),
            event: Some(Uuid::from_u128(2)),
            hari_ini: Tanggal::new(2026, 12, 2).unwrap(),
            kunci_undangan: "kunci",
        };
        let mut v = templat(RecordKind::Tamu, &a).unwrap();
        v["nama"] = json!("Siti Aminah");
        v["rt"] = json!("001");
        v["rw"] = json!("002");
        RecordKind::Tamu
            .check_field(a.id, &v, 1_795_000_000_000)
            .unwrap();
        let mut w = templat(RecordKind::Wilayah, &a).unwrap();
        w["kecamatan"] = json!("Pekalongan Barat");
        w["nama"] = json!("Medono");
        RecordKind::Wilayah
            .check_field(a.id, &w, 1_795_000_000_000)
            .unwrap();
        // Empty, the template is refused by the kind's own rules, field by field.
        let empty = templat(RecordKind::Tamu, &a).unwrap();
        assert_eq!(
            RecordKind::Tamu
                .check_field(a.id, &empty, 1_795_000_000_000)
                .unwrap_err()
                .field,
            "nama"
        );
    }
}
