//! A JSON value tree that remembers nothing but the text, and reading it
//! with the path of every field at hand.
//!
//! The engine does no parsing itself: any serde deserializer (the CLI uses
//! `serde_json`) builds a [`Json`]; strings without escapes are borrowed from
//! the input. The scenario reader then walks the tree with a [`Place`], so a
//! wrong type, a missing field or a bad value is reported as
//! `requests[3].count: ...` without building a path on the happy path.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::ScenarioError;

/// Any JSON value. Objects keep their members in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(JsonNumber),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Vec<(Cow<'a, str>, Json<'a>)>),
}

/// A JSON number as the deserializer saw it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum JsonNumber {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(Json::Bool(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(Json::Number(JsonNumber::Unsigned(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(Json::Number(JsonNumber::Signed(value)))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(Json::Number(JsonNumber::Float(value)))
    }

    fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Borrowed(value)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(Json::String(Cow::Owned(value)))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element::<Json<'de>>()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut members = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key::<Json<'de>>()? {
            let Json::String(name) = key else {
                return Err(serde::de::Error::custom("object keys must be strings"));
            };
            let value = map.next_value::<Json<'de>>()?;
            members.push((name, value));
        }
        Ok(Json::Object(members))
    }
}

/// Where a value sits in the document, for error messages. Built on the
/// stack as the reader descends; rendered only when something is wrong.
#[derive(Debug, Clone, Copy)]
pub enum Place<'p> {
    Root,
    Field(&'p Place<'p>, &'p str),
    Index(&'p Place<'p>, usize),
}

impl<'p> Place<'p> {
    pub fn field(&'p self, name: &'p str) -> Place<'p> {
        Place::Field(self, name)
    }

    pub fn index(&'p self, index: usize) -> Place<'p> {
        Place::Index(self, index)
    }

    /// An error about the value at this place.
    pub fn error(&self, message: impl Into<String>) -> ScenarioError {
        ScenarioError::new(self.to_string(), message)
    }
}

impl fmt::Display for Place<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Root => Ok(()),
            Place::Field(Place::Root, name) => formatter.write_str(name),
            Place::Field(parent, name) => write!(formatter, "{parent}.{name}"),
            Place::Index(parent, index) => write!(formatter, "{parent}[{index}]"),
        }
    }
}

impl<'a> Json<'a> {
    fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }

    /// The members of an object.
    pub fn object(&self, place: &Place<'_>) -> Result<&[(Cow<'a, str>, Json<'a>)], ScenarioError> {
        match self {
            Json::Object(members) => Ok(members),
            other => Err(place.error(format!("expected an object, found {}", other.kind()))),
        }
    }

    /// The items of an array.
    pub fn array(&self, place: &Place<'_>) -> Result<&[Json<'a>], ScenarioError> {
        match self {
            Json::Array(items) => Ok(items),
            other => Err(place.error(format!("expected an array, found {}", other.kind()))),
        }
    }

    pub fn string(&self, place: &Place<'_>) -> Result<&str, ScenarioError> {
        match self {
            Json::String(text) => Ok(text),
            other => Err(place.error(format!("expected a string, found {}", other.kind()))),
        }
    }

    /// `true` or `false`.
    pub fn boolean(&self, place: &Place<'_>) -> Result<bool, ScenarioError> {
        match self {
            Json::Bool(value) => Ok(*value),
            other => Err(place.error(format!("expected true or false, found {}", other.kind()))),
        }
    }

    /// A whole number `>= 0` (`5`, not `5.0` or `"5"`).
    pub fn whole_number(&self, place: &Place<'_>) -> Result<u64, ScenarioError> {
        match self {
            Json::Number(JsonNumber::Unsigned(value)) => Ok(*value),
            Json::Number(JsonNumber::Signed(value)) => Err(place.error(format!(
                "expected a whole number of at least 0, found {value}"
            ))),
            Json::Number(JsonNumber::Float(value)) => {
                Err(place.error(format!("expected a whole number, found {value}")))
            }
            other => Err(place.error(format!("expected a whole number, found {}", other.kind()))),
        }
    }
}

/// A required member: refused when missing or null.
pub fn required<'j, 'a>(
    members: &'j [(Cow<'a, str>, Json<'a>)],
    parent: &Place<'_>,
    name: &str,
) -> Result<&'j Json<'a>, ScenarioError> {
    match optional(members, name) {
        Some(value) => Ok(value),
        None => Err(parent
            .field(name)
            .error(if members.iter().any(|(key, _)| key == name) {
                "must not be null"
            } else {
                "missing"
            })),
    }
}

/// An optional member: `None` when missing or null.
pub fn optional<'j, 'a>(
    members: &'j [(Cow<'a, str>, Json<'a>)],
    name: &str,
) -> Option<&'j Json<'a>> {
    members
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value)
        .filter(|value| !matches!(value, Json::Null))
}
