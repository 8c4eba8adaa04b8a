//! Reading rows: a coded column (status, flow step, kind, channel) back
//! into its enum, with an error naming the column when the text is unknown.

use crate::db::Row;
use crate::StoreError;

/// The coded value stored in `column`, through its enum's `parse`.
pub(crate) fn decode<T>(
    row: &Row,
    column: &'static str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, StoreError> {
    let text: String = row.get(column)?;
    parse(&text).ok_or_else(|| StoreError::invalid(column, format!("unknown {column} \"{text}\"")))
}
