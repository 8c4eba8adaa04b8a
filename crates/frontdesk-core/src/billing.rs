//! The billing list: the late-cancellation and no-show fees noted in a
//! period (local dates, inclusive), waivers with their reasons, and the
//! same list as CSV for the practice's billing system (one row per fee;
//! the columns are documented in the README). Reading the list is an
//! audited read; waiving a fee is an audited write that keeps the fee.

use chrono::NaiveDate;
use frontdesk_engine::Instant;
use frontdesk_store::audit::{AuditAction, AuditSubject};
use frontdesk_store::fees::FeeRow;
use frontdesk_store::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::audited::{audited_read, AuditedWrite};
use crate::schedule_model::practice_and_zone;
use crate::{Actor, Clock, CoreError};

/// The longest period one list covers.
const MAX_DAYS: i64 = 366;

/// The longest waiver reason kept.
const MAX_REASON_CHARS: usize = 500;

/// The CSV's header row, in order.
pub const CSV_COLUMNS: [&str; 15] = [
    "fee_id",
    "noted_at",
    "kind",
    "amount",
    "patient_id",
    "patient_name",
    "patient_birth_date",
    "appointment_id",
    "visit_start",
    "visit_type",
    "noted_by",
    "waived",
    "waived_at",
    "waived_by",
    "waive_reason",
];

/// One fee as the Billing page shows it.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
pub struct FeeView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub appointment_id: i64,
    #[ts(type = "number")]
    pub patient_id: i64,
    pub patient_name: String,
    pub patient_birth_date: String,
    /// `late-cancel` or `no-show`.
    pub kind: String,
    pub amount_cents: u32,
    /// RFC 3339 in the practice's offset.
    pub noted_at: String,
    pub noted_by: String,
    pub visit_start: String,
    pub visit_type_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub waived_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub waived_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub waive_reason: Option<String>,
}

crate::redact::redacted_debug!(FeeView, BillingView);

/// The fees of a period.
#[derive(Clone, PartialEq, Eq, Serialize, TS)]
pub struct BillingView {
    pub from: String,
    pub to: String,
    pub fees: Vec<FeeView>,
    /// The fees not waived, in cents.
    #[ts(type = "number")]
    pub due_cents: u64,
}

/// Cents as money: 2500 → "25.00".
pub fn money(cents: u32) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

fn view(zone: frontdesk_engine::PracticeZone, row: FeeRow) -> FeeView {
    let format = |at: i64| zone.format_rfc3339(Instant::from_utc_seconds(at));
    FeeView {
        id: row.id,
        appointment_id: row.appointment_id,
        patient_id: row.patient_id,
        patient_name: row.patient_name,
        patient_birth_date: row.patient_birth_date,
        kind: row.kind,
        amount_cents: row.amount_cents,
        noted_at: format(row.noted_at),
        noted_by: row.noted_by,
        visit_start: format(row.visit_start_utc),
        visit_type_id: row.visit_type_id,
        waived_at: row.waived_at.map(format),
        waived_by: row.waived_by,
        waive_reason: row.waive_reason,
    }
}

/// The fees noted from local date `from` to `to`, both included.
pub async fn fees_between(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<BillingView, CoreError> {
    if to < from {
        return Err(CoreError::invalid("to", "is before from"));
    }
    if (to - from).num_days() >= MAX_DAYS {
        return Err(CoreError::invalid(
            "to",
            format!("a list covers at most {MAX_DAYS} days"),
        ));
    }
    audited_read(
        store,
        actor,
        clock,
        AuditSubject::Fee,
        &format!("{from}/{to}"),
        async |conn| {
            let (_, zone) = practice_and_zone(conn).await?;
            let (start, _) = zone.day_bounds(from);
            let (_, end) = zone.day_bounds(to);
            let rows =
                frontdesk_store::fees::noted_between(conn, start.utc_seconds(), end.utc_seconds())
                    .await?;
            let fees: Vec<FeeView> = rows.into_iter().map(|row| view(zone, row)).collect();
            let due_cents = fees
                .iter()
                .filter(|f| f.waived_at.is_none())
                .map(|f| u64::from(f.amount_cents))
                .sum();
            Ok(BillingView {
                from: from.to_string(),
                to: to.to_string(),
                fees,
                due_cents,
            })
        },
    )
    .await
}

/// The list as CSV: [`CSV_COLUMNS`], then one row per fee.
pub fn to_csv(view: &BillingView) -> Result<String, CoreError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let failed = |error: csv::Error| CoreError::internal("billing csv", error);
    writer.write_record(CSV_COLUMNS).map_err(failed)?;
    for fee in &view.fees {
        writer
            .write_record([
                fee.id.to_string(),
                fee.noted_at.clone(),
                fee.kind.clone(),
                money(fee.amount_cents),
                fee.patient_id.to_string(),
                fee.patient_name.clone(),
                fee.patient_birth_date.clone(),
                fee.appointment_id.to_string(),
                fee.visit_start.clone(),
                fee.visit_type_id.clone(),
                fee.noted_by.clone(),
                if fee.waived_at.is_some() { "yes" } else { "no" }.to_owned(),
                fee.waived_at.clone().unwrap_or_default(),
                fee.waived_by.clone().unwrap_or_default(),
                fee.waive_reason.clone().unwrap_or_default(),
            ])
            .map_err(failed)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| CoreError::internal("billing csv", error.error()))?;
    String::from_utf8(bytes).map_err(|error| CoreError::internal("billing csv", error))
}

/// Waives fee `fee_id` with `reason` (kept beside the fee, audited). A fee
/// already waived is refused with who waived it.
pub async fn waive_fee(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    fee_id: i64,
    reason: &str,
) -> Result<(), CoreError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::invalid("reason", "say why the fee is waived"));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(CoreError::invalid(
            "reason",
            format!("is longer than {MAX_REASON_CHARS} characters"),
        ));
    }
    let mut tx = AuditedWrite::begin(store, actor, clock).await?;
    let now = tx.now();
    if !frontdesk_store::fees::waive(&mut tx, fee_id, now, &actor.staff_id, reason).await? {
        return Err(CoreError::invalid("fee_id", "this fee is already waived"));
    }
    tx.audit(AuditAction::Waive, AuditSubject::Fee, fee_id);
    tx.commit_unshown().await?;
    Ok(())
}

/// Writes the list of `from`..=`to` as CSV into `folder` (made if missing)
/// as `billing-FROM-to-TO.csv` (`-2`, `-3`… when taken: nothing is
/// overwritten), readable by its owner only; returns where it went.
pub async fn export_csv(
    store: &Store,
    actor: &Actor,
    clock: &dyn Clock,
    from: NaiveDate,
    to: NaiveDate,
    folder: &std::path::Path,
) -> Result<std::path::PathBuf, CoreError> {
    let csv = to_csv(&fees_between(store, actor, clock, from, to).await?)?;
    let cannot = |error: std::io::Error| {
        CoreError::invalid(
            "folder",
            format!("cannot write to {}: {error}", folder.display()),
        )
    };
    std::fs::create_dir_all(folder).map_err(cannot)?;
    for attempt in 1..=100 {
        let name = if attempt == 1 {
            format!("billing-{from}-to-{to}.csv")
        } else {
            format!("billing-{from}-to-{to}-{attempt}.csv")
        };
        let path = folder.join(name);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(&path) {
            Ok(mut file) => {
                std::io::Write::write_all(&mut file, csv.as_bytes()).map_err(cannot)?;
                file.sync_all().map_err(cannot)?;
                return Ok(path);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(cannot(error)),
        }
    }
    Err(CoreError::invalid(
        "folder",
        format!(
            "{} already holds 100 exports of this period",
            folder.display()
        ),
    ))
}
