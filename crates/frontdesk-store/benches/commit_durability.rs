//! What a durable commit costs: one small write transaction at a time (a
//! booking's size: a few rows) on a SQLCipher file in WAL mode, at
//! `synchronous = NORMAL` (synced at checkpoints only: a power cut may take
//! back the last commits) and `FULL` (the write-ahead log synced at every
//! commit: what Frontdesk uses, `frontdesk_store::DURABLE_SYNCHRONOUS`).
//! Prints per-commit p50, p99 and mean for each, on this machine's disk.
//!
//! `cargo bench -p frontdesk-store --bench commit_durability`
//! (COMMITS=N to change the number of commits; default 400).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions, Connection};

/// A throwaway key (raw, as Frontdesk passes keys: no key derivation).
const KEY: &str = "\"x'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff'\"";

async fn commits(level: SqliteSynchronous, count: usize) -> Vec<Duration> {
    let dir = tempfile::tempdir().unwrap();
    let mut conn = SqliteConnectOptions::new()
        .filename(dir.path().join("bench.db"))
        .pragma("key", KEY)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(level)
        .create_if_missing(true)
        .disable_statement_logging()
        .connect()
        .await
        .unwrap();
    sqlx::query(
        "CREATE TABLE visits (id INTEGER PRIMARY KEY, patient INTEGER, start_utc INTEGER, note TEXT);
         CREATE TABLE parts (visit INTEGER, resource TEXT, start_utc INTEGER, end_utc INTEGER);",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    let mut times = Vec::with_capacity(count);
    for i in 0..count as i64 {
        let began = Instant::now();
        let mut tx = conn.begin().await.unwrap();
        sqlx::query("INSERT INTO visits (patient, start_utc, note) VALUES (?, ?, ?)")
            .bind(i % 60)
            .bind(2_000_000_000 + i * 900)
            .bind("follow-up")
            .execute(&mut *tx)
            .await
            .unwrap();
        for resource in ["dr-osei", "room-2", "lab-chair"] {
            sqlx::query(
                "INSERT INTO parts (visit, resource, start_utc, end_utc) VALUES (?, ?, ?, ?)",
            )
            .bind(i)
            .bind(resource)
            .bind(2_000_000_000 + i * 900)
            .bind(2_000_000_000 + i * 900 + 900)
            .execute(&mut *tx)
            .await
            .unwrap();
        }
        tx.commit().await.unwrap();
        times.push(began.elapsed());
    }
    conn.close().await.unwrap();
    times
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    let count: usize = std::env::var("COMMITS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(400);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("| synchronous | commits | p50 | p99 | mean |");
    println!("|---|---:|---:|---:|---:|");
    for (name, level) in [
        ("NORMAL", SqliteSynchronous::Normal),
        ("FULL (Frontdesk)", SqliteSynchronous::Full),
    ] {
        let mut times = runtime.block_on(commits(level, count));
        let mean = times.iter().sum::<Duration>() / times.len() as u32;
        times.sort();
        let ms = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
        println!(
            "| {name} | {count} | {} | {} | {} |",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(mean)
        );
    }
}
