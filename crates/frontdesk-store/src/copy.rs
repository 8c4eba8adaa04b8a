//! Moving a practice between databases: every row of every table, from one
//! store into an empty one (the single-PC file to the clinic's server, or
//! back), in one transaction of the target, checked before it commits.
//!
//! The copy knows no table by name: it reads the schema of both databases
//! (the same tables and columns, a test keeps them in step), orders the
//! tables so a row's references are copied before it, and keeps every id
//! and time as it was. What each backend keeps on its own — SQLite's patient
//! index (its triggers fill it), PostgreSQL's search terms and identity
//! counters — is rebuilt in the target; the practice's revision counter is
//! each database's own (its triggers count the copy's writes). Before committing, each table's
//! rows are counted and hashed on both sides ([`TableSum`]); any difference
//! rolls the whole copy back.

use std::collections::{BTreeMap, BTreeSet};

use sha2::{Digest, Sha256};

use crate::db::{query, Backend, Db, Row, Value};
use crate::{Store, StoreError};

/// Tables a new database already holds a row in (written by a migration):
/// a target counts as empty with those rows, which the copy replaces.
const SEEDED_BY_MIGRATIONS: &[&str] = &["notification_rules"];

/// Tables whose rows each database keeps for itself, never copied or
/// compared: the practice's revision counter (its triggers count the
/// copy's own writes in the target).
const KEPT_BY_EACH_DATABASE: &[&str] = &["practice_revision"];

/// Values per statement when inserting (below both databases' limits).
const VALUES_PER_INSERT: usize = 8_000;

/// One table's rows on one side of a copy: how many, and a SHA-256 over
/// their values (order-independent, the same on both databases).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableSum {
    pub table: String,
    pub rows: u64,
    pub sha256: String,
}

/// What a copy moved: each table's count and checksum, equal on both sides.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CopyReport {
    pub source: Vec<TableSum>,
    pub target: Vec<TableSum>,
}

/// Tables that only one backend has, by design: how each finds patients,
/// and the migration bookkeeping.
pub fn is_backend_specific(table: &str) -> bool {
    table.starts_with("patient_search")
        || table.starts_with("_sqlx")
        || table.starts_with("sqlite_")
}

/// How a column's values are read and bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ColumnType {
    Integer,
    Text,
    Real,
}

impl ColumnType {
    fn of(declared: &str) -> Option<Self> {
        match declared.to_ascii_lowercase().as_str() {
            "integer" | "bigint" | "int" | "int8" => Some(ColumnType::Integer),
            "text" | "character varying" => Some(ColumnType::Text),
            "real" | "double precision" | "float8" => Some(ColumnType::Real),
            _ => None,
        }
    }

    fn read(self, row: &Row, column: &str) -> Result<Value, StoreError> {
        Ok(match self {
            ColumnType::Integer => Value::Int(row.get(column)?),
            ColumnType::Text => Value::Text(row.get(column)?),
            ColumnType::Real => Value::Real(row.get(column)?),
        })
    }
}

/// A database's tables: each table's columns (by name, sorted) and types.
type Schema = BTreeMap<String, BTreeMap<String, ColumnType>>;

async fn schema(conn: &mut Db) -> Result<Schema, StoreError> {
    let rows = match conn.backend() {
        Backend::Sqlite => {
            query(
                "SELECT m.name AS t, c.name AS c, c.type AS ty
                 FROM sqlite_master m, pragma_table_info(m.name) c
                 WHERE m.type = 'table'",
            )
            .fetch_all(conn)
            .await?
        }
        Backend::Postgres => {
            query(
                "SELECT table_name::text AS t, column_name::text AS c, data_type::text AS ty
                 FROM information_schema.columns
                 WHERE table_schema = current_schema()",
            )
            .fetch_all(conn)
            .await?
        }
    };
    let mut schema = Schema::new();
    for row in rows {
        let table: String = row.get("t")?;
        if is_backend_specific(&table) {
            continue;
        }
        let column: String = row.get("c")?;
        let declared: String = row.get("ty")?;
        let ty = ColumnType::of(&declared).ok_or_else(|| {
            StoreError::invalid(
                "copy",
                format!("{table}.{column} has a type the copy does not know: {declared}"),
            )
        })?;
        schema.entry(table).or_default().insert(column, ty);
    }
    Ok(schema)
}

/// Every (table, column) of `conn`'s database, apart from what only one
/// backend has ([`is_backend_specific`]): the one schema reader, for the
/// copy and for the test that keeps the two backends' migrations in step.
pub async fn table_columns(conn: &mut Db) -> Result<BTreeSet<(String, String)>, StoreError> {
    Ok(schema(conn)
        .await?
        .into_iter()
        .flat_map(|(table, columns)| {
            columns
                .into_keys()
                .map(move |column| (table.clone(), column))
        })
        .collect())
}

/// Which tables each table refers to (self-references left out).
async fn references(conn: &mut Db) -> Result<Vec<(String, String)>, StoreError> {
    let rows = match conn.backend() {
        Backend::Sqlite => {
            query(
                "SELECT m.name AS child, f.\"table\" AS parent
                 FROM sqlite_master m, pragma_foreign_key_list(m.name) f
                 WHERE m.type = 'table'",
            )
            .fetch_all(conn)
            .await?
        }
        Backend::Postgres => {
            query(
                "SELECT DISTINCT tc.table_name::text AS child, ccu.table_name::text AS parent
                 FROM information_schema.table_constraints tc
                 JOIN information_schema.constraint_column_usage ccu
                   ON ccu.constraint_name = tc.constraint_name
                  AND ccu.constraint_schema = tc.constraint_schema
                 WHERE tc.constraint_type = 'FOREIGN KEY'
                   AND tc.table_schema = current_schema()",
            )
            .fetch_all(conn)
            .await?
        }
    };
    let mut edges = Vec::new();
    for row in rows {
        let child: String = row.get("child")?;
        let parent: String = row.get("parent")?;
        if child != parent {
            edges.push((child, parent));
        }
    }
    Ok(edges)
}

/// The tables in an order where every table comes after those it refers to
/// (ties by name, so the order is the same on every run).
fn referenced_first(
    tables: &BTreeSet<String>,
    edges: &[(String, String)],
) -> Result<Vec<String>, StoreError> {
    let mut placed: Vec<String> = Vec::with_capacity(tables.len());
    let mut left: BTreeSet<&String> = tables.iter().collect();
    while !left.is_empty() {
        let ready: Vec<&String> = left
            .iter()
            .copied()
            .filter(|table| {
                edges.iter().all(|(child, parent)| {
                    child != *table || !tables.contains(parent) || placed.contains(parent)
                })
            })
            .collect();
        if ready.is_empty() {
            return Err(StoreError::invalid(
                "copy",
                "the tables refer to each other in a circle; no order copies them",
            ));
        }
        for table in ready {
            left.remove(table);
            placed.push(table.clone());
        }
    }
    Ok(placed)
}

/// Every row of `table`, its columns in name order.
async fn rows_of(
    conn: &mut Db,
    table: &str,
    columns: &BTreeMap<String, ColumnType>,
) -> Result<Vec<Vec<Value>>, StoreError> {
    let names: Vec<&str> = columns.keys().map(String::as_str).collect();
    let order = if columns.contains_key("id") {
        " ORDER BY id"
    } else {
        ""
    };
    let rows = query(format!(
        "SELECT {} FROM {table}{order}",
        quoted_list(&names)
    ))
    .fetch_all(conn)
    .await?;
    rows.iter()
        .map(|row| {
            columns
                .iter()
                .map(|(name, ty)| ty.read(row, name))
                .collect()
        })
        .collect()
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|name| format!("\"{name}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A table's count and checksum: each row as a JSON array of its values
/// (columns in name order), the rows sorted, hashed together.
fn sum_of(table: &str, rows: &[Vec<Value>]) -> Result<TableSum, StoreError> {
    let mut lines = rows
        .iter()
        .map(|row| {
            let values: Vec<serde_json::Value> = row
                .iter()
                .map(|value| match value {
                    Value::Int(v) => serde_json::json!(v),
                    Value::Text(v) => serde_json::json!(v),
                    Value::Real(v) => serde_json::json!(v),
                })
                .collect();
            serde_json::to_string(&values)
                .map_err(|e| StoreError::invalid("copy", format!("cannot encode a row: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    lines.sort_unstable();
    let mut hash = Sha256::new();
    for line in &lines {
        hash.update(line.as_bytes());
        hash.update(b"\n");
    }
    Ok(TableSum {
        table: table.to_owned(),
        rows: lines.len() as u64,
        sha256: hex::encode(hash.finalize()),
    })
}

/// Each table's count and checksum in `conn`'s database (apart from the
/// rows each database keeps for itself).
pub async fn table_sums(conn: &mut Db) -> Result<Vec<TableSum>, StoreError> {
    let schema = schema(conn).await?;
    let mut sums = Vec::with_capacity(schema.len());
    for (table, columns) in &schema {
        if KEPT_BY_EACH_DATABASE.contains(&table.as_str()) {
            continue;
        }
        let rows = rows_of(conn, table, columns).await?;
        sums.push(sum_of(table, &rows)?);
    }
    Ok(sums)
}

async fn insert_rows(
    conn: &mut Db,
    table: &str,
    columns: &BTreeMap<String, ColumnType>,
    rows: Vec<Vec<Value>>,
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let names: Vec<&str> = columns.keys().map(String::as_str).collect();
    let one_row = format!("({})", vec!["?"; names.len()].join(", "));
    let per_statement = (VALUES_PER_INSERT / names.len().max(1)).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<Vec<Value>> = rows.by_ref().take(per_statement).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            quoted_list(&names),
            vec![one_row.as_str(); batch.len()].join(", ")
        );
        let mut statement = query(sql);
        for value in batch.into_iter().flatten() {
            statement = statement.bind(value);
        }
        statement.execute(conn).await?;
    }
    Ok(())
}

/// After rows were written with their own ids, PostgreSQL's identity
/// counters start after the highest (SQLite's follow by themselves).
async fn advance_counters(conn: &mut Db) -> Result<(), StoreError> {
    if conn.backend() != Backend::Postgres {
        return Ok(());
    }
    let rows = query(
        "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns
         WHERE table_schema = current_schema() AND is_identity = 'YES'",
    )
    .fetch_all(conn)
    .await?;
    for row in rows {
        let table: String = row.get("t")?;
        let column: String = row.get("c")?;
        query(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'),
                           COALESCE((SELECT max(\"{column}\") FROM {table}), 0) + 1, false)"
        ))
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// Copies every row of `from` into `to`, which must be empty and have the
/// same tables and columns; verifies counts and checksums of every table on
/// both sides before committing. `stamp` runs last inside the target's
/// transaction (the audit row of the copy).
pub async fn copy_database(
    from: &Store,
    to: &Store,
    stamp: impl AsyncFnOnce(&mut Db) -> Result<(), StoreError>,
) -> Result<CopyReport, StoreError> {
    // The file's write lock, held to the end, keeps the source still: a
    // write elsewhere waits for the copy instead of slipping in between
    // tables. A server's snapshot is consistent as it is.
    let mut source = match from.backend() {
        Backend::Sqlite => from.begin_write().await?,
        Backend::Postgres => from.begin_read().await?,
    };
    let mut target = to.begin_write().await?;
    let source_schema = schema(&mut source).await?;
    let target_schema = schema(&mut target).await?;
    if source_schema != target_schema {
        let differ: Vec<&String> = source_schema
            .keys()
            .chain(target_schema.keys())
            .filter(|t| source_schema.get(*t) != target_schema.get(*t))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        return Err(StoreError::invalid(
            "copy",
            format!(
                "the two databases' tables differ ({}): open both with this version of Frontdesk first",
                differ
                    .iter()
                    .map(|t| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    for table in target_schema.keys() {
        if SEEDED_BY_MIGRATIONS.contains(&table.as_str())
            || KEPT_BY_EACH_DATABASE.contains(&table.as_str())
        {
            continue;
        }
        let rows: i64 = query(format!("SELECT count(*) FROM {table}"))
            .scalar(&mut target)
            .await?;
        if rows > 0 {
            return Err(StoreError::invalid(
                "copy",
                format!(
                    "the target is not empty ({table} has {rows} rows): copy only into a new database"
                ),
            ));
        }
    }
    for table in SEEDED_BY_MIGRATIONS {
        query(format!("DELETE FROM {table}"))
            .execute(&mut target)
            .await?;
    }

    let tables: BTreeSet<String> = source_schema
        .keys()
        .filter(|table| !KEPT_BY_EACH_DATABASE.contains(&table.as_str()))
        .cloned()
        .collect();
    let mut edges = references(&mut source).await?;
    edges.extend(references(&mut target).await?);
    let mut source_sums = Vec::new();
    for table in referenced_first(&tables, &edges)? {
        let columns = &source_schema[&table];
        let rows = rows_of(&mut source, &table, columns).await?;
        source_sums.push(sum_of(&table, &rows)?);
        insert_rows(&mut target, &table, columns, rows).await?;
    }
    source.rollback().await?;
    crate::patients::rebuild_search_index(&mut target).await?;
    advance_counters(&mut target).await?;

    source_sums.sort_by(|a, b| a.table.cmp(&b.table));
    let target_sums = table_sums(&mut target).await?;
    if source_sums != target_sums {
        let differ: Vec<String> = source_sums
            .iter()
            .zip(&target_sums)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a.table.clone())
            .collect();
        target.rollback().await?;
        return Err(StoreError::invalid(
            "copy",
            format!(
                "the copy did not match its source in {}; nothing was written",
                differ.join(", ")
            ),
        ));
    }
    stamp(&mut target).await?;
    target.commit().await?;
    Ok(CopyReport {
        source: source_sums,
        target: target_sums,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_come_after_those_they_refer_to() {
        let tables: BTreeSet<String> = ["appointments", "patients", "assignments", "resources"]
            .map(String::from)
            .into();
        let edges = [
            ("appointments", "patients"),
            ("assignments", "appointments"),
            ("assignments", "resources"),
            ("patients", "outside"),
        ]
        .map(|(c, p)| (c.to_owned(), p.to_owned()));
        let order = referenced_first(&tables, &edges).unwrap();
        let at = |t: &str| order.iter().position(|o| o == t).unwrap();
        assert!(at("patients") < at("appointments"));
        assert!(at("appointments") < at("assignments"));
        assert!(at("resources") < at("assignments"));
        let circle = [("a", "b"), ("b", "a")].map(|(c, p)| (c.to_owned(), p.to_owned()));
        let two: BTreeSet<String> = ["a", "b"].map(String::from).into();
        assert!(referenced_first(&two, &circle).is_err());
    }

    #[test]
    fn a_checksum_ignores_row_order_but_not_values() {
        let a = vec![Value::Int(Some(1)), Value::Text(Some("x".into()))];
        let b = vec![Value::Int(Some(2)), Value::Text(None)];
        let one = sum_of("t", &[a.clone(), b.clone()]).unwrap();
        let other = sum_of("t", &[b.clone(), a.clone()]).unwrap();
        assert_eq!(one, other);
        assert_eq!(one.rows, 2);
        let changed = sum_of(
            "t",
            &[
                a,
                vec![Value::Int(Some(2)), Value::Text(Some(String::new()))],
            ],
        )
        .unwrap();
        assert_ne!(one.sha256, changed.sha256, "NULL and '' differ");
    }
}
