//! Generates the app's permission set from its command list, so the capability
//! file can allow exactly these commands and nothing else.

const COMMANDS: &[&str] = &[
    "startup_status",
    "open_demo",
    "open_practice",
    "create_practice",
    "test_server",
    "use_server",
    "use_this_computer",
    "move_to_server",
    "watch_connection",
    "day_view",
    "appointment_details",
    "change_status",
    "undo_status",
    "watch_changes",
    "intake_form",
    "suggest_times",
    "check_asked_time",
    "patient_visits",
    "week_view",
    "book_visit",
    "open_window",
    "load_practice_file",
    "save_practice_file",
    "try_intake",
    "practice_templates",
    "wizard_practice_file",
    "search_patients",
    "get_patient",
    "create_patient",
    "update_patient",
    "prep_day",
    "tick_prep_item",
    "prep_item_history",
    "coverage_day",
    "mark_staff_out",
    "apply_proposal",
    "day_sheet",
    "alerts_list",
    "acknowledge_alert",
    "call_list",
    "cancel_appointment",
    "mark_no_show",
    "billing_list",
    "waive_fee",
    "export_billing_csv",
    "letter_batch",
    "mark_letters_posted",
    "delivery_log",
    "record_call",
    "set_confirmed",
    "remember_smtp_password",
    "preview_reminder",
    "repair_proposal",
    "apply_repair",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .unwrap_or_else(|error| {
        println!("cargo:warning=tauri build step failed: {error}");
        std::process::exit(1);
    });
}
