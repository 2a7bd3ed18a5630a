//! Shared text for the fields that repeat across figures (indicator, unit, source, sentence, language).
//!
//! The synthetic dataset has half a million figures that name one of 40 indicators, 1,546 units and one sentence:
//! as a `String` each, every figure carried five heap copies (≈ 150 bytes) of text it shares with thousands of
//! others. A [`Sym`] is a reference-counted `str`; while a dataset is read, equal texts are made to share one
//! allocation ([`Sym`]'s `Deserialize` looks each text up in a per-thread table that lives only while a dataset is
//! being read). It reads like a `&str` (`Deref`, comparisons with `str` and `String`, `Display`) and writes to
//! JSON as a plain string, so the file format does not change.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

/// A shared, immutable text.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sym(Arc<str>);

impl Sym {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Sym {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Sym {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Sym {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Sym {
    fn from(s: &str) -> Sym {
        Sym(Arc::from(s))
    }
}

impl From<String> for Sym {
    fn from(s: String) -> Sym {
        Sym(Arc::from(s))
    }
}

impl From<&String> for Sym {
    fn from(s: &String) -> Sym {
        Sym(Arc::from(s.as_str()))
    }
}

impl From<Sym> for String {
    fn from(s: Sym) -> String {
        s.0.to_string()
    }
}

impl PartialEq<str> for Sym {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Sym {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Sym {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Sym> for String {
    fn eq(&self, other: &Sym) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Sym> for &str {
    fn eq(&self, other: &Sym) -> bool {
        **self == *other.0
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Sym {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

thread_local! {
    /// Texts met while reading datasets, and how many readers are sharing them (the table is freed at zero).
    static TABLE: RefCell<(usize, HashSet<Arc<str>>)> = RefCell::new((0, HashSet::new()));
}

/// Runs `read` with equal texts shared: every [`Sym`] deserialized meanwhile that equals one met before is the same
/// allocation. The table is freed afterwards, so texts live only as long as the figures that hold them.
pub fn sharing<T>(read: impl FnOnce() -> T) -> T {
    begin_sharing();
    let out = read();
    end_sharing();
    out
}

/// Starts sharing texts until the matching [`end_sharing`] (for readers that parse across many calls, like
/// `JsonStream`). Calls nest.
pub fn begin_sharing() {
    TABLE.with(|t| t.borrow_mut().0 += 1);
}

/// Ends one [`begin_sharing`]; the last one frees the table.
pub fn end_sharing() {
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        t.0 = t.0.saturating_sub(1);
        if t.0 == 0 {
            t.1 = HashSet::new();
        }
    });
}

impl<'de> Deserialize<'de> for Sym {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Sym, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Sym;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Sym, E> {
                Ok(TABLE.with(|t| {
                    let mut t = t.borrow_mut();
                    let (readers, table) = &mut *t;
                    if *readers == 0 {
                        return Sym::from(s);
                    }
                    match table.get(s) {
                        Some(shared) => Sym(shared.clone()),
                        None => {
                            let shared: Arc<str> = Arc::from(s);
                            table.insert(shared.clone());
                            Sym(shared)
                        }
                    }
                }))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Sym {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "String".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
    fn inline_schema() -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_read_while_sharing_are_one_allocation() {
        let (a, b): (Sym, Sym) =
            sharing(|| (serde_json::from_str("\"vi\"").unwrap(), serde_json::from_str("\"vi\"").unwrap()));
        assert!(Arc::ptr_eq(&a.0, &b.0));
        let c: Sym = serde_json::from_str("\"vi\"").unwrap();
        assert!(!Arc::ptr_eq(&a.0, &c.0), "outside `sharing` each text is its own");
        assert_eq!(a, c);
    }

    #[test]
    fn a_sym_compares_and_prints_as_its_text() {
        let s = Sym::from("40");
        let owned = String::from("40");
        assert_eq!(s, "40");
        assert_eq!(s, *"40");
        assert_eq!(s, owned);
        assert_eq!("40", s);
        assert_ne!(s, "41");
        assert_eq!(s.to_string(), "40");
        assert_eq!(format!("{s:?}"), "\"40\"");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"40\"");
        assert_eq!(&*s, "40");
    }
}
