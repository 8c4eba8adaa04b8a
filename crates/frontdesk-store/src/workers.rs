//! The threads SQLite runs on, and waiting for them to end.
//!
//! sqlx gives every SQLite connection a thread of its own and never joins
//! it: when a connection closes, its thread sends the last reply and then
//! ends on its own time. Ending is not free here. SQLCipher does its
//! cryptography with OpenSSL on that thread, so OpenSSL keeps per-thread
//! state for it (error queue, random generator) that the C library frees
//! while the thread exits. If the process exits at that moment, `exit()` runs
//! OpenSSL's own `atexit` cleanup on the main thread, which frees OpenSSL's
//! global state under the exiting thread's feet: "double free or corruption",
//! "malloc_consolidate(): unaligned fastbin chunk", a SIGSEGV — in about one
//! run of a short CLI command in a few hundred. A dropped (unclosed) pool is
//! worse: its threads then also close the SQLite handles themselves, racing
//! the same cleanup.
//!
//! So every connection a [`Store`](crate::Store) opens runs on a thread named
//! after that store ([`WorkerGroup`]), [`Store::close`](crate::Store::close)
//! closes the pool (every SQLite handle is then closed on the caller's
//! thread) and waits until the store's threads have *ended*, and a binary
//! calls [`wait_for_database_threads`] before it returns from `main`.
//!
//! A process that does neither — a test harness, whose tests drop stores as
//! they finish and which exits right after the last one — is covered by
//! [`wait_at_exit`]: once OpenSSL has registered its exit cleanup (the first
//! key proof initialises it), the store registers an exit handler of its
//! own. Exit handlers run last-registered first, so ours waits for the
//! database threads before OpenSSL's cleanup runs.
//!
//! Waiting reads the live threads from `/proc/self/task` on Linux; elsewhere
//! closing the pool is all that is done.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};

/// Every database worker thread's name starts with this.
const PREFIX: &str = "fdb";

/// How long closing waits for threads before it gives up and says so.
const PATIENCE: Duration = Duration::from_secs(5);

/// How often the thread list is read while waiting.
const POLL: Duration = Duration::from_millis(1);

static NEXT_GROUP: AtomicU64 = AtomicU64::new(1);

/// The worker threads of one store: named `fdb<group>.<n>` (15 bytes at
/// most, Linux's limit, for years of connections). It also counts them: one
/// thread is one SQLite connection opened.
#[derive(Debug, Clone)]
pub(crate) struct WorkerGroup {
    group: u64,
    opened: Arc<AtomicUsize>,
}

impl WorkerGroup {
    pub(crate) fn new() -> Self {
        Self {
            group: NEXT_GROUP.fetch_add(1, Ordering::Relaxed),
            opened: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The thread-name generator to give sqlx for this group's connections
    /// (sqlx calls it once for each connection it opens).
    pub(crate) fn namer(&self) -> impl Fn(u64) -> String + Send + Sync + 'static {
        let group = self.group;
        let opened = self.opened.clone();
        move |n| {
            opened.fetch_add(1, Ordering::Relaxed);
            format!("{PREFIX}{group}.{n}")
        }
    }

    /// How many SQLite connections this group has opened so far.
    pub(crate) fn opened(&self) -> usize {
        self.opened.load(Ordering::Relaxed)
    }

    fn prefix(&self) -> String {
        format!("{PREFIX}{}.", self.group)
    }

    /// Waits (asynchronously) until none of this group's threads is alive.
    pub(crate) async fn finished(&self) {
        let prefix = self.prefix();
        let started = Instant::now();
        while live_threads(&prefix) > 0 {
            if started.elapsed() > PATIENCE {
                tracing::warn!(
                    threads = live_threads(&prefix),
                    "database threads still running after the database was closed"
                );
                return;
            }
            tokio::time::sleep(POLL).await;
        }
    }
}

/// Blocks until no database worker thread of this process is alive (or a
/// few seconds have passed). Call it last in `main`, after every store is
/// closed and the async runtime is gone, so that no thread is inside
/// SQLCipher or OpenSSL when `exit()` runs OpenSSL's cleanup. Returns how
/// many were still running (0 when all ended).
pub fn wait_for_database_threads() -> usize {
    let started = Instant::now();
    loop {
        let live = live_threads(PREFIX);
        if live == 0 {
            return 0;
        }
        if started.elapsed() > PATIENCE {
            tracing::warn!(threads = live, "database threads still running at exit");
            return live;
        }
        std::thread::sleep(POLL);
    }
}

/// Registers (once per process) an exit handler that waits for database
/// threads to end. Call it after OpenSSL is initialised — after a key proof
/// — so that it runs before OpenSSL's own exit cleanup.
pub(crate) fn wait_at_exit() {
    static REGISTERED: Once = Once::new();
    REGISTERED.call_once(|| {
        // SAFETY: atexit(3) only records the address of `at_exit`, a
        // function with the C calling convention that takes nothing, returns
        // nothing and cannot unwind (it panics nowhere: it reads /proc and
        // sleeps). It is the one `unsafe` block in the project.
        #[allow(unsafe_code)]
        let refused = unsafe { libc::atexit(at_exit) } != 0;
        if refused {
            tracing::warn!("could not register the exit handler for database threads");
        }
    });
}

extern "C" fn at_exit() {
    wait_for_database_threads();
}

/// How many threads of this process have a name starting with `prefix`.
#[cfg(target_os = "linux")]
fn live_threads(prefix: &str) -> usize {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0;
    };
    tasks
        .filter_map(Result::ok)
        // A thread that ends meanwhile has no comm any more: it is not counted.
        .filter_map(|task| std::fs::read_to_string(task.path().join("comm")).ok())
        .filter(|name| name.starts_with(prefix))
        .count()
}

#[cfg(not(target_os = "linux"))]
fn live_threads(_prefix: &str) -> usize {
    0
}

#[cfg(test)]
#[cfg(target_os = "linux")]
mod tests {
    use super::*;

    #[test]
    fn names_fit_linux_thread_names_and_are_counted() {
        let group = WorkerGroup {
            group: 123_456,
            opened: Arc::new(AtomicUsize::new(0)),
        };
        let name = (group.namer())(99_999);
        assert_eq!(group.opened(), 1);
        assert!(name.len() <= 15, "{name}");
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let (started, running) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(name)
            .spawn(move || {
                started.send(()).unwrap();
                let _ = stopped.recv();
            })
            .unwrap();
        // The thread names itself as it starts.
        running.recv().unwrap();
        assert_eq!(live_threads(&group.prefix()), 1);
        assert_eq!(live_threads("fdb123456789."), 0);
        stop.send(()).unwrap();
        thread.join().unwrap();
        // The kernel lets a joined thread's entry linger for a moment.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while live_threads(&group.prefix()) > 0 && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(live_threads(&group.prefix()), 0);
    }
}
