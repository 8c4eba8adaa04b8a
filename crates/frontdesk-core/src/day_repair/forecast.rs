//! How far behind each column of the Day page runs, and whether the banner
//! shows: the engine's `repair::minutes_behind` on the day as the repair
//! scenario sees it now (forecast lengths, who is in the room). Only for
//! today: another date has no "now" to run behind.

use chrono::NaiveDate;
use frontdesk_engine::repair::minutes_behind;
use frontdesk_engine::Instant;
use frontdesk_store::Db;
use serde::Serialize;
use ts_rs::TS;

use super::scenario::{build, load_stored_day};
use crate::schedule_model::PracticeModel;
use crate::CoreError;

/// One column running behind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ColumnBehindView {
    pub resource_id: String,
    pub name: String,
    /// Minutes its next visit would start late if nothing changes.
    #[ts(type = "number")]
    pub minutes: i64,
}

/// The Day page's forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BehindView {
    /// The practice's banner threshold (minutes).
    pub threshold_min: u32,
    /// Every column running behind, most behind first.
    pub columns: Vec<ColumnBehindView>,
    /// Whether anyone is more than the threshold behind.
    pub banner: bool,
}

/// The forecast for `date` at `now_utc`; `None` when `date` is not today.
pub async fn behind_on(
    conn: &mut Db,
    model: &PracticeModel,
    date: NaiveDate,
    now_utc: i64,
) -> Result<Option<BehindView>, CoreError> {
    if model.zone.date_of(Instant::from_utc_seconds(now_utc)) != date {
        return Ok(None);
    }
    let stored = load_stored_day(conn, model, date).await?;
    let scenario = build(model, &stored, date, now_utc, None)?;
    Ok(Some(view(
        model,
        &scenario.day,
        scenario.settings.behind_threshold_min,
    )))
}

fn view(
    model: &PracticeModel,
    day: &frontdesk_engine::repair::RepairDay,
    threshold_min: u32,
) -> BehindView {
    let mut columns: Vec<ColumnBehindView> = minutes_behind(day)
        .into_iter()
        .zip(&day.resources)
        .filter(|(minutes, _)| *minutes > 0)
        .map(|(minutes, resource)| ColumnBehindView {
            resource_id: resource.id.clone(),
            name: model.resource_name(&resource.id),
            minutes,
        })
        .collect();
    columns.sort_by(|a, b| b.minutes.cmp(&a.minutes).then(a.name.cmp(&b.name)));
    let banner = columns
        .first()
        .is_some_and(|worst| worst.minutes > i64::from(threshold_min));
    BehindView {
        threshold_min,
        columns,
        banner,
    }
}
