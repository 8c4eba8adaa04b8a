//! Debug output that never shows patient data: types carrying names, birth
//! dates or contact details print only their type name, so a stray `{:?}` in
//! a log line or a test failure cannot leak them.

/// Implements `Debug` as `TypeName(<patient data>)` for each type given.
macro_rules! redacted_debug {
    ($($type:ty),* $(,)?) => {$(
        impl std::fmt::Debug for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}(<patient data>)", stringify!($type))
            }
        }
    )*};
}

pub(crate) use redacted_debug;
