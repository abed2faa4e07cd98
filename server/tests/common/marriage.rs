//! Shared by the marriage booking test files: a marriage desk over a test database, and the
//! 蚌山区 office with a chosen number of places per slot.

use std::sync::Arc;

use domain::booking::OfficeSchedule;
use server::marriage::{offices, MarriageDesk};
use server::storage::{OfficeRow, Storage};

use super::{TestDb, TEST_PII_KEY};

/// A marriage desk on its own connection pool (one per instance in the scale-out tests), with
/// the offices created from the division list.
pub async fn desk(db: &TestDb) -> (Arc<Storage>, Arc<MarriageDesk>) {
    let storage = db.storage().await;
    offices::ensure_offices(&storage, app::ports::now_ms())
        .await
        .unwrap();
    let vault =
        Arc::new(server::pii::PiiVault::load(Some(TEST_PII_KEY), db.data_dir.path()).unwrap());
    let calendar = Arc::new(domain::calendar::embedded().unwrap());
    let desk = Arc::new(MarriageDesk::new(storage.clone(), vault, calendar));
    (storage, desk)
}

/// The 蚌山区 office with `places` marriages per slot.
pub async fn office(storage: &Storage, places: u16) -> OfficeRow {
    let office = storage
        .marriage_office_by_region("340303", false)
        .await
        .unwrap()
        .expect("an office for every county");
    let mut schedule = OfficeSchedule::standard();
    schedule.capacity[0] = places;
    let updated = OfficeRow {
        schedule: schedule.to_text(),
        ..office
    };
    assert!(storage
        .update_marriage_office(&updated, app::ports::now_ms())
        .await
        .unwrap());
    updated
}
