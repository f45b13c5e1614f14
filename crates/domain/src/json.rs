//! Records read from a JSON value, as [`serde_json::from_value`] reads them, except that
//! a struct is read only from a JSON object.
//!
//! serde's derived decoder of a struct reads it from a map or from a sequence (the
//! fields in order), and serde_json's value decoder offers both, so every record type
//! the app decodes carried a second, never used reader of its fields from a JSON array:
//! about a third of each type's decoding code, 13 KB brotli of the app in all. The app
//! never writes a record as an array, so here a struct from anything but an object is an
//! error ("invalid type: sequence, expected struct …"), and that reader is never
//! instantiated. Everything else reads as with serde_json (map keys are read as strings;
//! see [`Nilai`]), and as strictly: a field asks
//! for one kind of value (a string, a number, an array…) and any other is refused
//! without being offered to the field's type (checked against serde_json in the tests
//! below, value by value and on random values).

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Error as _, IntoDeserializer, Unexpected, Visitor,
};
use serde_json::{Error, Map, Value};

/// `serde_json::from_value`, with structs only from objects (see the module's text).
pub fn dari<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(Nilai(value))
}

/// A JSON value being decoded. Map keys are JSON strings, read as the key's type reads a
/// string (the app's maps are keyed by strings and UUIDs; serde_json also parses numbers
/// and booleans out of keys, which nothing here needs).
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

/// Numbers: only from a JSON number, given to the visitor as serde_json gives it.
macro_rules! angka {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.0 {
                Value::Number(n) => de::Deserializer::deserialize_any(n, visitor),
                _ => self.salah(&visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Nilai {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Number(n) => de::Deserializer::deserialize_any(n, visitor),
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

    // As serde_json's value decoder: each asks for one kind of value and refuses any
    // other without offering it to the visitor (a UUID is read from a string, never from
    // an array of 16 numbers).
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Bool(b) => visitor.visit_bool(b),
            _ => self.salah(&visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_string(s),
            _ => self.salah(&visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_string(s),
            Value::Array(items) => urutan(items, visitor),
            _ => self.salah(&visitor),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_byte_buf(visitor)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            _ => self.salah(&visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => urutan(items, visitor),
            _ => self.salah(&visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => peta(map, visitor),
            _ => self.salah(&visitor),
        }
    }

    angka! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
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
            _ => Err(Error::invalid_type(self.unexpected(), &"unit")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            // As serde_json: an empty array is a unit value here.
            Value::Array(items) if items.is_empty() => visitor.visit_unit(),
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
            ("jenis", json!({"satu": null})),
            ("jenis", json!({"satu": 5})),
            ("jenis", json!({"dua": null})),
            ("jenis", json!({"tiga": [true]})),
            ("jenis", json!({"empat": {"x": 1}})),
            ("jenis", json!({"empat": []})),
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

    /// Any JSON value, nested a few levels.
    #[cfg(not(target_arch = "wasm32"))]
    fn any_json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(Value::from),
            "[a-z0-9 -]{0,8}".prop_map(Value::from),
            Just(Value::from("00000000-0000-0000-0000-00000000002a")),
            prop::sample::select(vec!["satu", "dua", "tiga", "empat"]).prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map(
                    prop::sample::select(vec!["a", "rt", "x", "dua", "tiga", "empat", "satu"]),
                    inner,
                    0..4
                )
                .prop_map(|m| Value::Object(
                    m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
                )),
            ]
        })
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Types without structs read every value exactly as serde_json reads it; a record
        /// whose struct fields hold no arrays too (an array there is the one difference).
        #[test]
        fn reads_any_value_as_serde_json_does(v in any_json(), fields in proptest::collection::vec(any_json(), 8)) {
            proptest::prop_assert_eq!(both::<Value>(&v).0, both::<Value>(&v).1);
            proptest::prop_assert_eq!(both::<Vec<Value>>(&v).0, both::<Vec<Value>>(&v).1);
            proptest::prop_assert_eq!(both::<BTreeMap<String, Vec<i64>>>(&v).0, both::<BTreeMap<String, Vec<i64>>>(&v).1);
            proptest::prop_assert_eq!(both::<Option<Vec<(String, f64)>>>(&v).0, both::<Option<Vec<(String, f64)>>>(&v).1);
            proptest::prop_assert_eq!(both::<Jenis>(&v).0, both::<Jenis>(&v).1);
            let names = ["id", "nama", "umur", "skor", "tanda", "nilai", "jenis", "bagian"];
            let record: Map<String, Value> = names
                .iter()
                .zip(fields)
                .filter(|(n, f)| !(**n == "bagian" && (f.is_array() || f.get("rt").is_some_and(Value::is_array))))
                .filter(|(n, f)| !(**n == "jenis" && f.get("tiga").is_some_and(Value::is_array)))
                .map(|(n, f)| (n.to_string(), f))
                .collect();
            let record = Value::Object(record);
            proptest::prop_assert_eq!(both::<Catatan>(&record).0, both::<Catatan>(&record).1);
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
