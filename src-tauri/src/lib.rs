//! The Frontdesk desktop shell: builds the Tauri app, manages its state,
//! registers the commands (`commands/`), sets WebKit up (`webview.rs`),
//! installs a panic hook that reports where — never what — and sets up
//! logging that carries ids only.

mod commands;
mod error;
mod launch;
mod notifier;
mod reminder_task;
mod state;
mod webview;

use std::process::ExitCode;
use std::sync::OnceLock;
use std::time::Instant;

use frontdesk_core::Actor;
use tauri::Manager;

use crate::launch::LaunchOptions;
use crate::state::AppState;

/// When this process started, for the start-up timing in the logs.
static LAUNCHED: OnceLock<Instant> = OnceLock::new();

/// Milliseconds since the app was launched.
pub(crate) fn millis_since_launch() -> u128 {
    LAUNCHED.get().map(|t| t.elapsed().as_millis()).unwrap_or(0)
}

/// Runs the app until its window closes.
pub fn run() -> ExitCode {
    LAUNCHED.get_or_init(Instant::now);
    frontdesk_core::panic_hook::install("frontdesk");
    init_logging();
    let options = LaunchOptions::parse(std::env::args().skip(1));
    let clock = match options.clock() {
        Ok(clock) => clock,
        Err(message) => {
            eprintln!("frontdesk: {message}");
            return ExitCode::from(2);
        }
    };
    let result = tauri::Builder::default()
        .plugin(webview::plugin())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            let data_dir = match options.data_dir.clone() {
                Some(dir) => dir,
                None => app.path().app_data_dir()?,
            };
            frontdesk_core::databases::prepare_data_dir(&data_dir)?;
            app.manage(AppState::new(data_dir, clock.clone(), Actor::front_desk()));
            app.state::<AppState>().begin_start_up();
            tauri::async_runtime::spawn(notifier::run(app.handle().clone()));
            tauri::async_runtime::spawn(reminder_task::run(app.handle().clone()));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::startup_status,
            commands::session::open_demo,
            commands::session::open_practice,
            commands::session::create_practice,
            commands::session::test_server,
            commands::session::use_server,
            commands::session::use_this_computer,
            commands::session::move_to_server,
            commands::session::watch_connection,
            commands::day::day_view,
            commands::day::appointment_details,
            commands::day::change_status,
            commands::day::undo_status,
            commands::day::watch_changes,
            commands::booking::intake_form,
            commands::booking::suggest_times,
            commands::booking::check_asked_time,
            commands::day::patient_visits,
            commands::day::week_view,
            commands::booking::book_visit,
            commands::window::open_window,
            commands::setup::load_practice_file,
            commands::setup::save_practice_file,
            commands::setup::try_intake,
            commands::setup::practice_templates,
            commands::setup::wizard_practice_file,
            commands::patients::search_patients,
            commands::patients::get_patient,
            commands::patients::create_patient,
            commands::patients::update_patient,
            commands::prep::prep_day,
            commands::prep::tick_prep_item,
            commands::prep::prep_item_history,
            commands::staff::coverage_day,
            commands::staff::mark_staff_out,
            commands::staff::apply_proposal,
            commands::staff::day_sheet,
            commands::reminders::alerts_list,
            commands::reminders::acknowledge_alert,
            commands::reminders::call_list,
            commands::reminders::delivery_log,
            commands::reminders::record_call,
            commands::billing::cancel_appointment,
            commands::billing::mark_no_show,
            commands::billing::billing_list,
            commands::billing::waive_fee,
            commands::billing::export_billing_csv,
            commands::reminders::letter_batch,
            commands::reminders::mark_letters_posted,
            commands::reminders::set_confirmed,
            commands::reminders::remember_smtp_password,
            commands::reminders::preview_reminder,
            commands::repair::repair_proposal,
            commands::repair::apply_repair,
        ])
        .build(tauri::generate_context!());
    match result {
        Ok(app) => {
            app.run(|app, event| {
                if let tauri::RunEvent::Exit = event {
                    close_at_exit(app);
                }
            });
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("frontdesk: the window could not start: {error}");
            ExitCode::from(1)
        }
    }
}

/// Right before the process exits: close the open database and wait for
/// SQLite's threads, so none is inside SQLCipher/OpenSSL while `exit()` runs
/// OpenSSL's cleanup (see frontdesk_store's workers.rs).
fn close_at_exit(app: &tauri::AppHandle) {
    if let Some(store) = app
        .try_state::<AppState>()
        .and_then(|state| state.take_open())
    {
        tauri::async_runtime::block_on(store.close());
    }
    frontdesk_core::store::wait_for_database_threads();
    tracing::info!("database closed");
}

/// Logs go to stderr at `info` unless `RUST_LOG` says otherwise. Spans and
/// events carry ids and codes only — never patient data.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
