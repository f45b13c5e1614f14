//! How a record's field stamps (when and by which device each field last changed) are
//! stored in `records.field_revs`, compactly: most fields of most records last changed
//! with the record itself (a guest checked in, a record created whole), so their stamp
//! is the record's own `rev` and `device_id` and need not be written again.
//!
//! - `"*"`: every field of `data`, and no other, carries the record's own stamp;
//! - otherwise a JSON object, field → stamp, where `0` stands for the record's own stamp
//!   and any other stamp is written whole (`{"rev": 12, "device": "…"}`).
//!
//! Rows written before this encoding hold whole stamps only, which still read. Both forms
//! are lossless: a stamp is shortened only when it equals the record's exactly.

use std::collections::BTreeMap;
use std::fmt;

use reses_domain::sync::{FieldStamp, StoredRecord};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

/// Every field of the record carries the record's own stamp.
const ALL_OWN: &str = "*";

/// The stored form of `r.field_revs`.
pub fn encode(r: &StoredRecord) -> serde_json::Result<String> {
    let own = FieldStamp {
        rev: r.rev,
        device: r.device_id,
    };
    let all_own = r.field_revs.len() == r.data.len()
        && r.field_revs
            .iter()
            .all(|(k, s)| *s == own && r.data.contains_key(k));
    if all_own {
        return Ok(ALL_OWN.to_owned());
    }
    let mut out = String::with_capacity(2 + r.field_revs.len() * 16);
    out.push('{');
    for (i, (k, s)) in r.field_revs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(k)?);
        out.push(':');
        if *s == own {
            out.push('0');
        } else {
            out.push_str(&serde_json::to_string(s)?);
        }
    }
    out.push('}');
    Ok(out)
}

/// `r.field_revs` back from its stored form, given the record's own stamp and fields.
pub fn decode(
    text: &str,
    own: FieldStamp,
    data: &Map<String, Value>,
) -> serde_json::Result<BTreeMap<String, FieldStamp>> {
    if text == ALL_OWN {
        return Ok(data.keys().map(|k| (k.clone(), own)).collect());
    }
    let stored: BTreeMap<String, Stored> = serde_json::from_str(text)?;
    Ok(stored
        .into_iter()
        .map(|(k, s)| {
            let stamp = match s {
                Stored::Own => own,
                Stored::Stamp(s) => s,
            };
            (k, stamp)
        })
        .collect())
}

/// One stored stamp: `0` (the record's own) or a whole stamp.
enum Stored {
    Own,
    Stamp(FieldStamp),
}

impl<'de> Deserialize<'de> for Stored {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Stored;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("0 or a field stamp")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Stored, E> {
                match v {
                    0 => Ok(Stored::Own),
                    _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Stored, A::Error> {
                FieldStamp::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Stored::Stamp)
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use reses_domain::sync::{RecordKind, Scope};
    use serde_json::json;
    use uuid::Uuid;

    use super::*;

    fn record(data: Value, stamps: &[(&str, FieldStamp)], own: FieldStamp) -> StoredRecord {
        StoredRecord {
            kind: RecordKind::Tamu,
            rev: own.rev,
            data: data.as_object().unwrap().clone(),
            field_revs: stamps.iter().map(|(k, s)| (k.to_string(), *s)).collect(),
            deleted: false,
            scope: Scope { event_id: None },
            updated_at: 1,
            updated_by: Uuid::nil(),
            device_id: own.device,
        }
    }

    fn round_trip(r: &StoredRecord) -> (String, BTreeMap<String, FieldStamp>) {
        let text = encode(r).unwrap();
        let own = FieldStamp {
            rev: r.rev,
            device: r.device_id,
        };
        let back = decode(&text, own, &r.data).unwrap();
        (text, back)
    }

    #[test]
    fn a_record_changed_whole_is_stored_as_one_character() {
        let own = FieldStamp {
            rev: 7,
            device: Some(Uuid::now_v7()),
        };
        let r = record(
            json!({"nama": "A", "rt": "003"}),
            &[("nama", own), ("rt", own)],
            own,
        );
        let (text, back) = round_trip(&r);
        assert_eq!(text, "*");
        assert_eq!(back, r.field_revs);
    }

    #[test]
    fn older_stamps_are_kept_whole_and_the_records_own_are_shortened() {
        let device = Some(Uuid::now_v7());
        let own = FieldStamp { rev: 9, device };
        let older = FieldStamp {
            rev: 3,
            device: Some(Uuid::now_v7()),
        };
        let by_server = FieldStamp {
            rev: 9,
            device: None,
        };
        let r = record(
            json!({"nama": "A", "rt": "003", "rw": "005"}),
            &[("nama", own), ("rt", older), ("rw", by_server)],
            own,
        );
        let (text, back) = round_trip(&r);
        assert!(text.starts_with(r#"{"nama":0,"rt":{"rev":3,"#), "{text}");
        assert_eq!(back, r.field_revs);
    }

    #[test]
    fn a_stamp_for_a_field_no_longer_in_data_is_not_lost() {
        let own = FieldStamp {
            rev: 4,
            device: None,
        };
        // Same count as data, but one key differs: "*" would lose "lama" and invent "baru".
        let r = record(
            json!({"nama": "A", "baru": 1}),
            &[("nama", own), ("lama", own)],
            own,
        );
        let (text, back) = round_trip(&r);
        assert_eq!(text, r#"{"lama":0,"nama":0}"#);
        assert_eq!(back, r.field_revs);
    }

    #[test]
    fn rows_written_before_the_compact_form_still_read() {
        let device = Uuid::now_v7();
        let text =
            format!(r#"{{"nama":{{"rev":5,"device":"{device}"}},"rt":{{"rev":2,"device":null}}}}"#);
        let own = FieldStamp {
            rev: 5,
            device: Some(device),
        };
        let back = decode(&text, own, &Map::new()).unwrap();
        assert_eq!(back["nama"], own);
        assert_eq!(
            back["rt"],
            FieldStamp {
                rev: 2,
                device: None
            }
        );
    }

    #[test]
    fn a_damaged_value_is_an_error_not_a_guess() {
        let own = FieldStamp {
            rev: 1,
            device: None,
        };
        assert!(decode(r#"{"nama":1}"#, own, &Map::new()).is_err());
        assert!(decode(r#"{"nama":"x"}"#, own, &Map::new()).is_err());
        assert!(decode("", own, &Map::new()).is_err());
    }
}
