//! An empty Tauri 2 window: the yardstick `scripts/measure-app.sh` measures
//! Frontdesk against. Its page calls one trivial command as soon as it loads;
//! the command prints how long after launch that was, as Frontdesk logs
//! "day view served".

use std::sync::OnceLock;
use std::time::Instant;

static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// The page's first (and only) call.
#[tauri::command]
fn ready() -> u64 {
    let ms = LAUNCHED.get().map(|t| t.elapsed().as_millis()).unwrap_or(0) as u64;
    eprintln!("page ready since_launch_ms={ms}");
    ms
}

fn main() -> std::process::ExitCode {
    LAUNCHED.get_or_init(Instant::now);
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ready])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("empty-window: {error}");
            std::process::ExitCode::from(1)
        }
    }
}
