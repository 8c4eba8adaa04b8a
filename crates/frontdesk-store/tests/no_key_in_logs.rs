//! No log line, at any level, carries a database key: everything the store
//! and sqlx emit (on every thread, through `tracing` and the `log` bridge)
//! while creating, opening, using, refusing and closing databases is
//! captured at TRACE and searched for the key's hex.
//!
//! Its own test binary: the capturing subscriber is process-wide, since
//! sqlx logs from its worker threads.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::sync::{Arc, Mutex};

use frontdesk_store::{DatabaseId, DatabaseKey, Store};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_log_at_any_level_contains_the_key() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .try_init()
        .unwrap();

    let key_hex = "5ac0ffee".repeat(8);
    let key = DatabaseKey::from_hex(&key_hex).unwrap();
    let wrong = DatabaseKey::from_hex(&"a5".repeat(32)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("practice.db");

    let draft = Store::create_draft(&path, &key, DatabaseId::generate().unwrap())
        .await
        .unwrap();
    draft.commit().await.unwrap();
    let store = Store::open(&path, &key).await.unwrap();
    frontdesk_store::db::query("INSERT INTO staff (id, name) VALUES ('s1', 'Sam')")
        .execute(&mut store.acquire().await.unwrap())
        .await
        .unwrap();
    assert!(Store::open(&path, &wrong).await.is_err());
    store.integrity().await.unwrap();
    store.close().await;
    // A marker from another thread proves the capture sees every thread.
    std::thread::spawn(|| tracing::trace!(target: "frontdesk_test", "marker from a thread"))
        .join()
        .unwrap();

    let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("marker from a thread"), "the capture works");
    let upper = key_hex.to_uppercase();
    for needle in [key_hex.as_str(), upper.as_str(), "PRAGMA key"] {
        assert!(
            !text.contains(needle),
            "{needle} in the log:\n{}",
            text.lines()
                .filter(|l| l.contains(needle))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
