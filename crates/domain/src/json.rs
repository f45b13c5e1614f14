//! Records read from a JSON value, as [`serde_json::from_value`] reads them, except that
//! a struct is read only from a JSON object.
//!
//! serde's derived decoder of a struct reads it from a map or from a sequence (the
//! fields in order), and serde_json's value decoder offers both, so every record type
//! the app decodes carried a second, never used reader of its fields from a JSON array:
//! about a third of each type's decoding code, 13 KB brotli of the app in all. The app
//! never writes a record as an array, so here a struct from anything but an object is an
//! error ("invalid type: sequence, expected struct …"), and that reader is never
//! instantiated. Everything else reads as with serde_json (checked against it in the
//! tests below, value by value).

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Error as _, IntoDeserializer, Unexpected, Visitor,
};
use serde_json::{Error, Map, Value};

/// `serde_json::from_value`, with structs only from objects (see the module's text).
pub fn dari<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(Nilai(value))
}

/// A JSON value being decoded.
struct Nilai(Value);

impl Nilai {
    fn unexpected(&self) -> Unexpected<'_> {
        match &self.0 {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => Unexpected::Unsigned(u),
                (None, Some(i)) => Unexpected::Signed(i),
                (None, None) => Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        }
    }

    fn salah<'de, V: Visitor<'de>, T>(&self, visitor: &V) -> Result<T, Error> {
        Err(Error::invalid_type(self.unexpected(), visitor))
    }
}

impl<'de> de::Deserializer<'de> for Nilai {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (None, Some(i)) => visitor.visit_i64(i),
                (None, None) => visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => urutan(items, visitor),
            Value::Object(map) => peta(map, visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => peta(map, visitor),
            _ => self.salah(&visitor),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(variant) => visitor.visit_enum(variant.into_deserializer()),
            Value::Object(map) => {
                let mut entries = map.into_iter();
                match (entries.next(), entries.next()) {
                    (Some((variant, value)), None) => visitor.visit_enum(Varian { variant, value }),
                    _ => Err(Error::invalid_value(
                        Unexpected::Map,
                        &"map with a single key",
                    )),
                }
            }
            _ => Err(Error::invalid_type(self.unexpected(), &"string or map")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        drop(self);
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier
    }
}

/// A JSON array to a visitor, which must take every element.
fn urutan<'de, V: Visitor<'de>>(items: Vec<Value>, visitor: V) -> Result<V::Value, Error> {
    let len = items.len();
    let mut rest = Elemen(items.into_iter());
    let out = visitor.visit_seq(&mut rest)?;
    match rest.0.len() {
        0 => Ok(out),
        _ => Err(Error::invalid_length(len, &"fewer elements in array")),
    }
}

/// A JSON object to a visitor, which must take every entry.
fn peta<'de, V: Visitor<'de>>(map: Map<String, Value>, visitor: V) -> Result<V::Value, Error> {
    let len = map.len();
    let mut rest = Isi {
        entries: map.into_iter(),
        value: None,
    };
    let out = visitor.visit_map(&mut rest)?;
    match rest.entries.len() {
        0 => Ok(out),
        _ => Err(Error::invalid_length(len, &"fewer elements in map")),
    }
}

struct Elemen(std::vec::IntoIter<Value>);

impl<'de> de::SeqAccess<'de> for Elemen {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|v| seed.deserialize(Nilai(v)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Isi {
    entries: serde_json::map::IntoIter,
    /// The value of the key just read.
    value: Option<Value>,
}

impl<'de> de::MapAccess<'de> for Isi {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(key.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Nilai(value)),
            None => Err(Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// `{"variant": value}`: an enum variant with data.
struct Varian {
    variant: String,
    value: Value,
}

impl<'de> de::EnumAccess<'de> for Varian {
    type Error = Error;
    type Variant = Nilai;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Nilai), Error> {
        let variant = seed.deserialize(self.variant.into_deserializer())?;
        Ok((variant, Nilai(self.value)))
    }
}

impl<'de> de::VariantAccess<'de> for Nilai {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            Value::Null => Ok(()),
            _ => Err(Error::invalid_type(self.unexpected(), &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => urutan(items, visitor),
            _ => Err(Error::invalid_type(self.unexpected(), &"tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => peta(map, visitor),
            _ => Err(Error::invalid_type(self.unexpected(), &"struct variant")),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashMap};

    use serde::Deserialize;
    use serde_json::json;
    use uuid::Uuid;

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Catatan {
        id: Uuid,
        nama: String,
        #[serde(default)]
        umur: Option<u8>,
        skor: f64,
        tanda: Vec<String>,
        nilai: Value,
        jenis: Jenis,
        bagian: Option<Bagian>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Bagian {
        rt: i32,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Jenis {
        Satu,
        Dua(u8),
        Tiga { x: bool },
        Empat(u8, u8),
    }

    /// Both readers, as `Ok(debug text)` or `Err(message)`.
    fn both<T: DeserializeOwned + std::fmt::Debug>(
        v: &Value,
    ) -> (Result<String, String>, Result<String, String>) {
        let show = |r: Result<T, Error>| r.map(|t| format!("{t:?}")).map_err(|e| e.to_string());
        (
            show(dari::<T>(v.clone())),
            show(serde_json::from_value::<T>(v.clone())),
        )
    }

    #[test]
    fn reads_what_serde_json_reads_and_says_the_same_errors() {
        let id = Uuid::from_u128(42);
        let good = json!({
            "id": id, "nama": "Siti", "umur": 30, "skor": -1.5, "tanda": ["a", "b"],
            "nilai": {"x": [1, null, {"y": "z"}]}, "jenis": "satu", "bagian": {"rt": -3},
            "lain": [1, 2]
        });
        let mut values = vec![good.clone()];
        let vary = |key: &str, v: Value| {
            let mut x = good.clone();
            x[key] = v;
            x
        };
        for (key, v) in [
            ("umur", Value::Null),
            ("umur", json!(300)),
            ("umur", json!(-1)),
            ("umur", json!(1.5)),
            ("skor", json!(7)),
            ("skor", json!("7")),
            ("id", json!("bukan-uuid")),
            ("tanda", json!("a")),
            ("tanda", json!([1])),
            ("jenis", json!({"dua": 2})),
            ("jenis", json!({"tiga": {"x": true}})),
            ("jenis", json!({"empat": [1, 2]})),
            ("jenis", json!({"empat": [1, 2, 3]})),
            ("jenis", json!("lima")),
            ("jenis", json!({"satu": null, "dua": 2})),
            ("jenis", json!(3)),
            ("bagian", Value::Null),
            ("bagian", json!({"rt": "1"})),
            ("nama", Value::Null),
        ] {
            values.push(vary(key, v));
        }
        let mut missing = good.clone();
        missing.as_object_mut().unwrap().remove("nama");
        values.push(missing);
        values.extend([json!(null), json!("x"), json!(1), json!({})]);
        for v in &values {
            let (mine, theirs) = both::<Catatan>(v);
            assert_eq!(mine, theirs, "{v}");
        }
        assert!(dari::<Catatan>(good).is_ok());

        // Collections, maps with keys of their own type, and plain values.
        for v in [
            json!({"a": 1, "b": 2}),
            json!({"a": "x"}),
            json!([["a", 1], ["b", 2]]),
            json!([]),
            json!(null),
        ] {
            assert_eq!(
                both::<BTreeMap<String, i64>>(&v).0,
                both::<BTreeMap<String, i64>>(&v).1
            );
            assert_eq!(
                both::<HashMap<Uuid, bool>>(&v).0,
                both::<HashMap<Uuid, bool>>(&v).1
            );
            assert_eq!(
                both::<Vec<(String, i64)>>(&v).0,
                both::<Vec<(String, i64)>>(&v).1
            );
            assert_eq!(both::<Option<Vec<u8>>>(&v).0, both::<Option<Vec<u8>>>(&v).1);
            assert_eq!(both::<Value>(&v).0, both::<Value>(&v).1);
        }
    }

    #[test]
    fn a_struct_is_read_only_from_an_object() {
        let as_array = json!([1]);
        assert!(serde_json::from_value::<Bagian>(as_array.clone()).is_ok());
        let err = dari::<Bagian>(as_array).unwrap_err().to_string();
        assert_eq!(err, "invalid type: sequence, expected struct Bagian");
    }
}
