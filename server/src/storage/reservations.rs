//! Capacity-guarded reservations: a resource (a booking slot, a daily quota) has a capacity;
//! a holder takes at most one unit. The database decides every race: a conditional
//! `UPDATE … WHERE reserved < capacity` takes a unit, the primary key refuses a second unit for
//! the same holder, and a CHECK constraint makes `reserved > capacity` impossible.

use sqlx::Row;

use super::{now_ms, Storage, StorageError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reservation {
    Reserved,
    /// No unit left.
    Full,
    /// This holder already holds a unit of this resource.
    AlreadyHeld,
    UnknownResource,
}

impl Storage {
    /// Creates a resource or changes its capacity (never below what is already reserved).
    pub async fn set_capacity(&self, resource: &str, capacity: i32) -> Result<bool, StorageError> {
        let changed = sqlx::query(
            "INSERT INTO capacity_resources (resource, capacity, reserved) VALUES ($1, $2, 0)
             ON CONFLICT (resource) DO UPDATE SET capacity = excluded.capacity
             WHERE excluded.capacity >= capacity_resources.reserved",
        )
        .bind(resource)
        .bind(capacity)
        .execute(self.pool())
        .await?
        .rows_affected();
        Ok(changed == 1)
    }

    pub async fn reserve(&self, resource: &str, holder: &str) -> Result<Reservation, StorageError> {
        let mut tx = self.begin_write().await?;
        let taken = sqlx::query(
            "UPDATE capacity_resources SET reserved = reserved + 1
             WHERE resource = $1 AND reserved < capacity",
        )
        .bind(resource)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if taken == 0 {
            let exists = sqlx::query("SELECT 1 AS one FROM capacity_resources WHERE resource = $1")
                .bind(resource)
                .fetch_optional(&mut *tx)
                .await?
                .is_some();
            tx.rollback().await?;
            return Ok(if exists {
                Reservation::Full
            } else {
                Reservation::UnknownResource
            });
        }
        let held = sqlx::query(
            "INSERT INTO capacity_reservations (resource, holder, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (resource, holder) DO NOTHING",
        )
        .bind(resource)
        .bind(holder)
        .bind(now_ms())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if held == 0 {
            tx.rollback().await?;
            return Ok(Reservation::AlreadyHeld);
        }
        tx.commit().await?;
        Ok(Reservation::Reserved)
    }

    /// Gives a holder's unit back; `false` when the holder held none.
    ///
    /// Locks are taken in the same order as [`Storage::reserve`] — the resource row first, then
    /// the reservation — so a cancel racing a rebooking of the same holder cannot deadlock on
    /// PostgreSQL.
    pub async fn release(&self, resource: &str, holder: &str) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let decremented = sqlx::query(
            "UPDATE capacity_resources SET reserved = reserved - 1
             WHERE resource = $1
               AND EXISTS (SELECT 1 FROM capacity_reservations WHERE resource = $1 AND holder = $2)",
        )
        .bind(resource)
        .bind(holder)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if decremented == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        let removed =
            sqlx::query("DELETE FROM capacity_reservations WHERE resource = $1 AND holder = $2")
                .bind(resource)
                .bind(holder)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if removed == 0 {
            // Another release of the same holder won between our two statements.
            tx.rollback().await?;
            return Ok(false);
        }
        tx.commit().await?;
        Ok(true)
    }

    /// `(reserved, capacity)` of a resource.
    pub async fn capacity_of(&self, resource: &str) -> Result<Option<(i32, i32)>, StorageError> {
        let row =
            sqlx::query("SELECT reserved, capacity FROM capacity_resources WHERE resource = $1")
                .bind(resource)
                .fetch_optional(self.pool())
                .await?;
        Ok(match row {
            Some(r) => Some((r.try_get("reserved")?, r.try_get("capacity")?)),
            None => None,
        })
    }

    pub async fn holders_of(&self, resource: &str) -> Result<i64, StorageError> {
        let row =
            sqlx::query("SELECT COUNT(*) AS n FROM capacity_reservations WHERE resource = $1")
                .bind(resource)
                .fetch_one(self.pool())
                .await?;
        Ok(row.try_get("n")?)
    }
}
