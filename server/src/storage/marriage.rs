//! Marriage registration offices, their schedules and the bookings (issue 8).
//!
//! Every race is decided by the database (DESIGN.md §4): a slot's counter is taken with one
//! conditional `UPDATE … WHERE taken < capacity` (and a CHECK forbids `taken > capacity`), and
//! "one active booking per person per service" is the primary key of
//! `marriage_active_persons`. Locks are taken in a fixed order where it matters — a booking row
//! before its slot, two slots in key order, person rows sorted — and a closed day's slot rows
//! before its bookings. Where PostgreSQL still finds a deadlock (expired holds of the same
//! people being freed by two transactions at once), `StorageError::Retry` lets the service run
//! the transaction again.

use sqlx::{Any, Row, Transaction};

use super::{insert_notification, NewNotification, Storage, StorageError};

/// Statuses in which a booking occupies its slot and its parties' "one per service" place.
pub const ACTIVE_STATUSES: &str = "('held', 'booked')";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeRow {
    pub id: i64,
    /// County code (6 digits), or the province code for a designated office.
    pub region: String,
    pub designated: bool,
    pub name: String,
    pub address: String,
    pub phone: String,
    /// `domain::booking::OfficeSchedule` in text form.
    pub schedule: String,
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct NewOffice {
    pub region: String,
    pub designated: bool,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub schedule: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialDateRow {
    pub date: String,
    pub label: String,
    /// "" (the weekday's hours) or "09:00-17:00".
    pub hours: String,
    pub marriage_capacity: i64,
    pub release_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureRow {
    pub date: String,
    pub reason: String,
}

/// One slot's counter as stored (a slot nobody booked yet has no row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotCount {
    pub date: String,
    pub start_minute: i64,
    pub service: String,
    pub capacity: i64,
    pub taken: i64,
}

#[derive(Debug, Clone)]
pub struct BookingRow {
    pub id: i64,
    pub code: String,
    pub office_id: i64,
    pub date: String,
    pub start_minute: i64,
    pub service: String,
    pub status: String,
    pub party_a_index: String,
    pub party_b_index: Option<String>,
    pub payload_ciphertext: Vec<u8>,
    pub names_masked: String,
    pub received_on: Option<String>,
    pub locale: String,
    pub hold_expires_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub handled_by: Option<String>,
}

const BOOKING_COLUMNS: &str = "id, code, office_id, date, start_minute, service, status, \
     party_a_index, party_b_index, payload_ciphertext, names_masked, received_on, locale, \
     hold_expires_at, created_at, updated_at, handled_by";

fn booking_from(r: &sqlx::any::AnyRow) -> Result<BookingRow, sqlx::Error> {
    Ok(BookingRow {
        id: r.try_get("id")?,
        code: r.try_get("code")?,
        office_id: r.try_get("office_id")?,
        date: r.try_get("date")?,
        start_minute: r.try_get("start_minute")?,
        service: r.try_get("service")?,
        status: r.try_get("status")?,
        party_a_index: r.try_get("party_a_index")?,
        party_b_index: r.try_get("party_b_index")?,
        payload_ciphertext: r.try_get("payload_ciphertext")?,
        names_masked: r.try_get("names_masked")?,
        received_on: r.try_get("received_on")?,
        locale: r.try_get("locale")?,
        hold_expires_at: r.try_get("hold_expires_at")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        handled_by: r.try_get("handled_by")?,
    })
}

const OFFICE_COLUMNS: &str = "id, region, designated, name, address, phone, schedule, active";

fn office_from(r: &sqlx::any::AnyRow) -> Result<OfficeRow, sqlx::Error> {
    Ok(OfficeRow {
        id: r.try_get("id")?,
        region: r.try_get("region")?,
        designated: r.try_get::<i64, _>("designated")? == 1,
        name: r.try_get("name")?,
        address: r.try_get("address")?,
        phone: r.try_get("phone")?,
        schedule: r.try_get("schedule")?,
        active: r.try_get::<i64, _>("active")? == 1,
    })
}

/// Where a slot is: the key of its counter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SlotKey {
    pub office_id: i64,
    pub date: String,
    pub start_minute: i64,
    pub service: String,
}

/// A hold to place: the slot (with its capacity from the schedule) and the booking.
#[derive(Debug, Clone)]
pub struct NewHold {
    pub slot: SlotKey,
    pub capacity: i64,
    pub code: String,
    pub token_hash: String,
    pub party_a_index: String,
    pub party_b_index: Option<String>,
    /// Every keyed identity of every party (a person may be known by more than one key).
    pub person_indexes: Vec<String>,
    pub payload_ciphertext: Vec<u8>,
    pub names_masked: String,
    pub received_on: Option<String>,
    pub locale: String,
    pub hold_expires_at: i64,
    pub now: i64,
    /// Today in China (YYYY-MM-DD): bookings of earlier days no longer count as active.
    pub today: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HoldOutcome {
    Held {
        booking_id: i64,
    },
    /// The slot has no place left.
    Full,
    /// A party already holds an active booking for this service.
    AlreadyBooked,
    /// The office closed that day.
    Closed,
    /// The booking to move is no longer active (cancelled meanwhile).
    NotActive,
}

/// A booking's end that frees its slot: the status it moves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Release {
    Cancelled,
    Expired,
    OfficeClosed,
}

impl Release {
    fn status(self) -> &'static str {
        match self {
            Release::Cancelled => "cancelled",
            Release::Expired => "expired",
            Release::OfficeClosed => "office_closed",
        }
    }
}

/// Ends an active booking and gives its place back, inside `tx`. Returns the status it had
/// (`held` or `booked`), or `None` when it was no longer active (ended by someone else: nothing
/// changes). With `only_held_before`, only a hold that expired by then is ended.
///
/// The booking row is locked first (a no-op update returning its status), so the status this
/// decides on is the one it changes: a confirm racing a day's closing either lands before (and
/// the couple is told of the closing) or finds the hold gone.
async fn release_in(
    tx: &mut Transaction<'static, Any>,
    booking_id: i64,
    only_held_before: Option<i64>,
    release: Release,
    now: i64,
) -> Result<Option<String>, StorageError> {
    let row = sqlx::query(
        "UPDATE marriage_bookings SET updated_at = updated_at WHERE id = $1
         RETURNING status, hold_expires_at",
    )
    .bind(booking_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let status: String = row.try_get("status")?;
    let expires: i64 = row.try_get("hold_expires_at")?;
    let ends = match only_held_before {
        Some(cutoff) => status == "held" && expires <= cutoff,
        None => status == "held" || status == "booked",
    };
    if !ends {
        return Ok(None);
    }
    sqlx::query("UPDATE marriage_bookings SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(release.status())
        .bind(now)
        .bind(booking_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE marriage_slots SET taken = taken - 1
          WHERE taken > 0 AND (office_id, date, start_minute, service) =
                (SELECT office_id, date, start_minute, service FROM marriage_bookings WHERE id = $1)",
    )
    .bind(booking_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM marriage_active_persons WHERE booking_id = $1")
        .bind(booking_id)
        .execute(&mut **tx)
        .await?;
    Ok(Some(status))
}

/// Locks a slot's counter row, if it exists (a no-op update: portable row locking).
async fn lock_slot(tx: &mut Transaction<'static, Any>, slot: &SlotKey) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE marriage_slots SET taken = taken
          WHERE office_id = $1 AND date = $2 AND start_minute = $3 AND service = $4",
    )
    .bind(slot.office_id)
    .bind(&slot.date)
    .bind(slot.start_minute)
    .bind(&slot.service)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether the office is closed that day (inside `tx`).
async fn closed_in(
    tx: &mut Transaction<'static, Any>,
    office_id: i64,
    date: &str,
) -> Result<bool, StorageError> {
    Ok(
        sqlx::query("SELECT 1 AS one FROM marriage_closures WHERE office_id = $1 AND date = $2")
            .bind(office_id)
            .bind(date)
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

/// Makes sure the slot's counter exists, with the schedule's current capacity (never below what
/// is taken).
async fn ensure_slot(
    tx: &mut Transaction<'static, Any>,
    slot: &SlotKey,
    capacity: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO marriage_slots (office_id, date, start_minute, service, capacity, taken)
         VALUES ($1, $2, $3, $4, $5, 0)
         ON CONFLICT (office_id, date, start_minute, service)
         DO UPDATE SET capacity = excluded.capacity WHERE excluded.capacity >= marriage_slots.taken",
    )
    .bind(slot.office_id)
    .bind(&slot.date)
    .bind(slot.start_minute)
    .bind(&slot.service)
    .bind(capacity)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes one place of the slot; `false` when it is full or the day has been closed (closing
/// a day locks its slot rows first, so the two cannot both succeed).
async fn take_place(
    tx: &mut Transaction<'static, Any>,
    slot: &SlotKey,
) -> Result<bool, StorageError> {
    Ok(sqlx::query(
        "UPDATE marriage_slots SET taken = taken + 1
          WHERE office_id = $1 AND date = $2 AND start_minute = $3 AND service = $4
            AND taken < capacity
            AND NOT EXISTS (SELECT 1 FROM marriage_closures c
                             WHERE c.office_id = $1 AND c.date = $2)",
    )
    .bind(slot.office_id)
    .bind(&slot.date)
    .bind(slot.start_minute)
    .bind(&slot.service)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

async fn give_place(
    tx: &mut Transaction<'static, Any>,
    slot: &SlotKey,
) -> Result<(), StorageError> {
    sqlx::query(
        "UPDATE marriage_slots SET taken = taken - 1
          WHERE office_id = $1 AND date = $2 AND start_minute = $3 AND service = $4 AND taken > 0",
    )
    .bind(slot.office_id)
    .bind(&slot.date)
    .bind(slot.start_minute)
    .bind(&slot.service)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn placeholders(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Storage {
    pub async fn marriage_office_count(&self) -> Result<i64, StorageError> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM marriage_offices")
            .fetch_one(self.pool())
            .await?
            .try_get("n")?)
    }

    /// Inserts the offices that do not exist yet (by region and designation), in one
    /// transaction of multi-row statements (about 2,900 offices: one statement each would
    /// cost every start and every test database seconds); returns how many were new.
    pub async fn insert_marriage_offices(
        &self,
        offices: &[NewOffice],
        now: i64,
    ) -> Result<u64, StorageError> {
        const ROWS: usize = 200;
        let mut tx = self.begin_write().await?;
        let mut added = 0;
        for chunk in offices.chunks(ROWS) {
            let values = (0..chunk.len())
                .map(|i| {
                    let b = i * 7;
                    format!(
                        "(${}, ${}, ${}, ${}, ${}, ${}, 1, ${})",
                        b + 1,
                        b + 2,
                        b + 3,
                        b + 4,
                        b + 5,
                        b + 6,
                        b + 7
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "INSERT INTO marriage_offices
                        (region, designated, name, address, phone, schedule, active, updated_at)
                 VALUES {values}
                 ON CONFLICT (region, designated) DO NOTHING"
            );
            let mut q = sqlx::query(&sql);
            for o in chunk {
                q = q
                    .bind(&o.region)
                    .bind(i64::from(o.designated))
                    .bind(&o.name)
                    .bind(&o.address)
                    .bind(&o.phone)
                    .bind(&o.schedule)
                    .bind(now);
            }
            added += q.execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(added)
    }

    pub async fn marriage_office(&self, id: i64) -> Result<Option<OfficeRow>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {OFFICE_COLUMNS} FROM marriage_offices WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(office_from).transpose()?)
    }

    pub async fn marriage_office_by_region(
        &self,
        region: &str,
        designated: bool,
    ) -> Result<Option<OfficeRow>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {OFFICE_COLUMNS} FROM marriage_offices WHERE region = $1 AND designated = $2"
        ))
        .bind(region)
        .bind(i64::from(designated))
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(office_from).transpose()?)
    }

    /// Active offices whose region is one of `regions` or whose name contains `name_part`:
    /// the province-designated ones when `designated` (parties from Hong Kong, Macao, Taiwan
    /// or abroad), the county ones otherwise; at most `limit`.
    pub async fn search_marriage_offices(
        &self,
        regions: &[String],
        name_part: &str,
        designated: bool,
        limit: i64,
    ) -> Result<Vec<OfficeRow>, StorageError> {
        let region_clause = if regions.is_empty() {
            String::new()
        } else {
            format!("region IN ({}) OR ", placeholders(3, regions.len()))
        };
        let sql = format!(
            "SELECT {OFFICE_COLUMNS} FROM marriage_offices
              WHERE active = 1 AND designated = $1
                AND ({region_clause} instr(name, $2) > 0)
              ORDER BY region, id LIMIT {limit}",
            limit = limit.clamp(1, 100)
        );
        // PostgreSQL has no instr(); strpos() is its spelling.
        let sql = match self.backend() {
            super::Backend::Postgres => sql.replace("instr(name, $2)", "strpos(name, $2)"),
            super::Backend::Sqlite => sql,
        };
        let mut q = sqlx::query(&sql)
            .bind(i64::from(designated))
            .bind(if name_part.is_empty() {
                // Matches no name: an empty search finds by region only.
                "\u{0}"
            } else {
                name_part
            });
        for r in regions {
            q = q.bind(r);
        }
        Ok(q.fetch_all(self.pool())
            .await?
            .iter()
            .map(office_from)
            .collect::<Result<_, _>>()?)
    }

    /// Offices whose region code starts with `prefix` (a staff member's jurisdiction).
    pub async fn marriage_offices_in_scope(
        &self,
        prefix: &str,
    ) -> Result<Vec<OfficeRow>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT {OFFICE_COLUMNS} FROM marriage_offices
              WHERE substr(region, 1, length($1)) = $1 ORDER BY designated, region, id LIMIT 500"
        ))
        .bind(prefix)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(office_from)
        .collect::<Result<_, _>>()?)
    }

    /// Saves an office's details and schedule (the `OfficeRow`'s id names the office).
    pub async fn update_marriage_office(
        &self,
        office: &OfficeRow,
        now: i64,
    ) -> Result<bool, StorageError> {
        Ok(sqlx::query(
            "UPDATE marriage_offices
                SET name = $1, address = $2, phone = $3, schedule = $4, active = $5, updated_at = $6
              WHERE id = $7",
        )
        .bind(&office.name)
        .bind(&office.address)
        .bind(&office.phone)
        .bind(&office.schedule)
        .bind(i64::from(office.active))
        .bind(now)
        .bind(office.id)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    pub async fn marriage_closures(
        &self,
        office_id: i64,
        from: &str,
        to: &str,
    ) -> Result<Vec<ClosureRow>, StorageError> {
        Ok(sqlx::query(
            "SELECT date, reason FROM marriage_closures
              WHERE office_id = $1 AND date >= $2 AND date <= $3 ORDER BY date",
        )
        .bind(office_id)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(ClosureRow {
                date: r.try_get("date")?,
                reason: r.try_get("reason")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
    }

    /// Closes a day: records the closure and ends every active booking of that day, queuing
    /// each couple's notification — all in one transaction. Returns the bookings ended, or
    /// `None` when the day was already closed.
    pub async fn close_marriage_day(
        &self,
        office_id: i64,
        date: &str,
        reason: &str,
        by: &str,
        now: i64,
        notify: impl Fn(&BookingRow) -> Option<NewNotification>,
    ) -> Result<Option<Vec<BookingRow>>, StorageError> {
        let mut tx = self.begin_write().await?;
        // The day's slot rows first: a hold taking a place that day either commits before (and
        // its booking is ended below) or sees the closure and takes nothing.
        sqlx::query("UPDATE marriage_slots SET taken = taken WHERE office_id = $1 AND date = $2")
            .bind(office_id)
            .bind(date)
            .execute(&mut *tx)
            .await?;
        let added = sqlx::query(
            "INSERT INTO marriage_closures (office_id, date, reason, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (office_id, date) DO NOTHING",
        )
        .bind(office_id)
        .bind(date)
        .bind(reason)
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let bookings: Vec<BookingRow> = sqlx::query(&format!(
            "SELECT {BOOKING_COLUMNS} FROM marriage_bookings
              WHERE office_id = $1 AND date = $2 AND status IN {ACTIVE_STATUSES} ORDER BY id"
        ))
        .bind(office_id)
        .bind(date)
        .fetch_all(&mut *tx)
        .await?
        .iter()
        .map(booking_from)
        .collect::<Result<_, _>>()?;
        let mut ended = Vec::new();
        for b in bookings {
            let prior = release_in(&mut tx, b.id, None, Release::OfficeClosed, now).await?;
            // A hold nobody confirmed has nobody to tell; a booking confirmed a moment ago does.
            if prior.as_deref() == Some("booked") {
                if let Some(n) = notify(&b) {
                    insert_notification(&mut tx, &n).await?;
                }
            }
            if prior.is_some() {
                ended.push(b);
            }
        }
        tx.commit().await?;
        Ok(Some(ended))
    }

    pub async fn reopen_marriage_day(
        &self,
        office_id: i64,
        date: &str,
    ) -> Result<bool, StorageError> {
        Ok(
            sqlx::query("DELETE FROM marriage_closures WHERE office_id = $1 AND date = $2")
                .bind(office_id)
                .bind(date)
                .execute(self.pool())
                .await?
                .rows_affected()
                == 1,
        )
    }

    pub async fn marriage_special_dates(
        &self,
        office_id: i64,
        from: &str,
        to: &str,
    ) -> Result<Vec<SpecialDateRow>, StorageError> {
        Ok(sqlx::query(
            "SELECT date, label, hours, marriage_capacity, release_on FROM marriage_special_dates
              WHERE office_id = $1 AND date >= $2 AND date <= $3 ORDER BY date",
        )
        .bind(office_id)
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(SpecialDateRow {
                date: r.try_get("date")?,
                label: r.try_get("label")?,
                hours: r.try_get("hours")?,
                marriage_capacity: r.try_get("marriage_capacity")?,
                release_on: r.try_get("release_on")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
    }

    pub async fn upsert_marriage_special_date(
        &self,
        office_id: i64,
        s: &SpecialDateRow,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO marriage_special_dates
                    (office_id, date, label, hours, marriage_capacity, release_on)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (office_id, date) DO UPDATE SET label = excluded.label,
                 hours = excluded.hours, marriage_capacity = excluded.marriage_capacity,
                 release_on = excluded.release_on",
        )
        .bind(office_id)
        .bind(&s.date)
        .bind(&s.label)
        .bind(&s.hours)
        .bind(s.marriage_capacity)
        .bind(&s.release_on)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn delete_marriage_special_date(
        &self,
        office_id: i64,
        date: &str,
    ) -> Result<bool, StorageError> {
        Ok(
            sqlx::query("DELETE FROM marriage_special_dates WHERE office_id = $1 AND date = $2")
                .bind(office_id)
                .bind(date)
                .execute(self.pool())
                .await?
                .rows_affected()
                == 1,
        )
    }

    /// The counters of an office's slots for a service between two dates (inclusive), with
    /// holds that expired by `now` not counted: their places are free (the next hold on the
    /// slot gives them back in its transaction, the housekeeping sweep otherwise).
    pub async fn marriage_slot_counts(
        &self,
        office_id: i64,
        service: &str,
        from: &str,
        to: &str,
        now: i64,
    ) -> Result<Vec<SlotCount>, StorageError> {
        Ok(sqlx::query(
            "SELECT s.date, s.start_minute, s.service, s.capacity,
                    s.taken - (SELECT COUNT(*) FROM marriage_bookings b
                                WHERE b.office_id = s.office_id AND b.date = s.date
                                  AND b.start_minute = s.start_minute AND b.service = s.service
                                  AND b.status = 'held' AND b.hold_expires_at <= $5) AS taken
               FROM marriage_slots s
              WHERE s.office_id = $1 AND s.service = $2 AND s.date >= $3 AND s.date <= $4
              ORDER BY s.date, s.start_minute",
        )
        .bind(office_id)
        .bind(service)
        .bind(from)
        .bind(to)
        .bind(now)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| {
            Ok(SlotCount {
                date: r.try_get("date")?,
                start_minute: r.try_get("start_minute")?,
                service: r.try_get("service")?,
                capacity: r.try_get("capacity")?,
                taken: r.try_get("taken")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?)
    }

    /// Whether any of the keyed identities holds an active booking for the service.
    /// (A hold counts until it expires; a booking until its day has passed.)
    pub async fn marriage_person_active(
        &self,
        person_indexes: &[String],
        service: &str,
        now: i64,
        today: &str,
    ) -> Result<bool, StorageError> {
        if person_indexes.is_empty() {
            return Ok(false);
        }
        let sql = format!(
            "SELECT 1 AS one FROM marriage_active_persons p
               JOIN marriage_bookings b ON b.id = p.booking_id
              WHERE p.service = $1 AND p.person_index IN ({})
                AND ((b.status = 'booked' AND b.date >= $3)
                     OR (b.status = 'held' AND b.hold_expires_at > $2))",
            placeholders(4, person_indexes.len())
        );
        let mut q = sqlx::query(&sql).bind(service).bind(now).bind(today);
        for p in person_indexes {
            q = q.bind(p);
        }
        Ok(q.fetch_optional(self.pool()).await?.is_some())
    }

    /// Places a hold: one transaction that first gives back expired holds of this slot and of
    /// these parties, then takes a place (or finds the slot full), then claims every party's
    /// "one active booking per service" (or finds one taken).
    pub async fn hold_marriage_slot(&self, h: &NewHold) -> Result<HoldOutcome, StorageError> {
        // Person rows are claimed in one global order, so two holds naming the same two people
        // in opposite roles (each partner on their own phone) queue instead of deadlocking.
        let mut persons: Vec<&String> = h.person_indexes.iter().collect();
        persons.sort();
        persons.dedup();
        let mut tx = self.begin_write().await?;
        let list = placeholders(7, persons.len().max(1));
        // Holds that expired (in this slot, or of these people) give their places back first;
        // a past day's booking of these people no longer blocks them (nobody marked it).
        let sql = format!(
            "SELECT b.id FROM marriage_bookings b
              WHERE b.status = 'held' AND b.hold_expires_at <= $1
                AND ((b.office_id = $2 AND b.date = $3 AND b.start_minute = $4 AND b.service = $5)
                     OR (b.service = $6 AND b.id IN
                         (SELECT booking_id FROM marriage_active_persons
                           WHERE person_index IN ({list}))))
              ORDER BY b.id"
        );
        let mut q = sqlx::query(&sql)
            .bind(h.now)
            .bind(h.slot.office_id)
            .bind(&h.slot.date)
            .bind(h.slot.start_minute)
            .bind(&h.slot.service)
            .bind(&h.slot.service);
        if persons.is_empty() {
            q = q.bind("");
        }
        for p in &persons {
            q = q.bind(*p);
        }
        let expired: Vec<i64> = q
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| r.try_get("id"))
            .collect::<Result<_, _>>()?;
        for id in expired {
            release_in(&mut tx, id, Some(h.now), Release::Expired, h.now).await?;
        }
        let lapsed = format!(
            "DELETE FROM marriage_active_persons
              WHERE service = $1 AND person_index IN ({})
                AND booking_id IN (SELECT id FROM marriage_bookings
                                    WHERE status = 'booked' AND date < $2)",
            placeholders(3, persons.len().max(1))
        );
        let mut q = sqlx::query(&lapsed).bind(&h.slot.service).bind(&h.today);
        if persons.is_empty() {
            q = q.bind("");
        }
        for p in &persons {
            q = q.bind(*p);
        }
        q.execute(&mut *tx).await?;
        ensure_slot(&mut tx, &h.slot, h.capacity).await?;
        if !take_place(&mut tx, &h.slot).await? {
            let closed = closed_in(&mut tx, h.slot.office_id, &h.slot.date).await?;
            tx.rollback().await?;
            return Ok(if closed {
                HoldOutcome::Closed
            } else {
                HoldOutcome::Full
            });
        }
        let booking_id: i64 = sqlx::query(
            "INSERT INTO marriage_bookings
                    (code, token_hash, office_id, date, start_minute, service, status,
                     party_a_index, party_b_index, payload_ciphertext, names_masked, received_on,
                     locale, hold_expires_at, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'held', $7, $8, $9, $10, $11, $12, $13, $14, $14)
             RETURNING id",
        )
        .bind(&h.code)
        .bind(&h.token_hash)
        .bind(h.slot.office_id)
        .bind(&h.slot.date)
        .bind(h.slot.start_minute)
        .bind(&h.slot.service)
        .bind(&h.party_a_index)
        .bind(&h.party_b_index)
        .bind(&h.payload_ciphertext)
        .bind(&h.names_masked)
        .bind(&h.received_on)
        .bind(&h.locale)
        .bind(h.hold_expires_at)
        .bind(h.now)
        .fetch_one(&mut *tx)
        .await?
        .try_get("id")?;
        for person in persons {
            let claimed = sqlx::query(
                "INSERT INTO marriage_active_persons (person_index, service, booking_id)
                 VALUES ($1, $2, $3) ON CONFLICT (person_index, service) DO NOTHING",
            )
            .bind(person)
            .bind(&h.slot.service)
            .bind(booking_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if claimed == 0 {
                tx.rollback().await?;
                return Ok(HoldOutcome::AlreadyBooked);
            }
        }
        tx.commit().await?;
        Ok(HoldOutcome::Held { booking_id })
    }

    /// Turns a hold into a booking if it has not expired, queuing the confirmation message in
    /// the same transaction. `None` when there is no live hold for the token.
    pub async fn confirm_marriage_hold(
        &self,
        token_hash: &str,
        now: i64,
        notify: impl Fn(&BookingRow) -> Option<NewNotification>,
    ) -> Result<Option<BookingRow>, StorageError> {
        let mut tx = self.begin_write().await?;
        let confirmed = sqlx::query(
            "UPDATE marriage_bookings SET status = 'booked', updated_at = $1
              WHERE token_hash = $2 AND status = 'held' AND hold_expires_at > $1",
        )
        .bind(now)
        .bind(token_hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if confirmed == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let row = sqlx::query(&format!(
            "SELECT {BOOKING_COLUMNS} FROM marriage_bookings WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_one(&mut *tx)
        .await?;
        let booking = booking_from(&row)?;
        if let Some(n) = notify(&booking) {
            insert_notification(&mut tx, &n).await?;
        }
        tx.commit().await?;
        Ok(Some(booking))
    }

    pub async fn marriage_booking_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<BookingRow>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {BOOKING_COLUMNS} FROM marriage_bookings WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(booking_from).transpose()?)
    }

    pub async fn marriage_booking_by_id(
        &self,
        id: i64,
    ) -> Result<Option<BookingRow>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {BOOKING_COLUMNS} FROM marriage_bookings WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(booking_from).transpose()?)
    }

    pub async fn marriage_booking_by_code(
        &self,
        code: &str,
    ) -> Result<Option<BookingRow>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {BOOKING_COLUMNS} FROM marriage_bookings WHERE code = $1"
        ))
        .bind(code)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(booking_from).transpose()?)
    }

    /// Gives back a hold that was not confirmed (the couple chose another time). A hold that
    /// was confirmed meanwhile (another tab) stays a booking. `false` when nothing was held.
    pub async fn release_marriage_hold(
        &self,
        token_hash: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query("SELECT id FROM marriage_bookings WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| r.try_get("id"))
            .transpose()?;
        let released = match id {
            Some(id) => release_in(&mut tx, id, Some(i64::MAX), Release::Cancelled, now)
                .await?
                .is_some(),
            None => false,
        };
        tx.commit().await?;
        Ok(released)
    }

    /// Frees the "one active booking" places of bookings whose day has passed without the desk
    /// marking them (the booking itself stays as it was, for the desk to mark later).
    pub async fn release_lapsed_marriage_persons(&self, today: &str) -> Result<u64, StorageError> {
        Ok(sqlx::query(
            "DELETE FROM marriage_active_persons
              WHERE booking_id IN (SELECT id FROM marriage_bookings
                                    WHERE status = 'booked' AND date < $1)",
        )
        .bind(today)
        .execute(self.pool())
        .await?
        .rows_affected())
    }

    /// Cancels an active booking (or hold), giving its place back; queues the message in the
    /// same transaction. `false` when it was no longer active.
    pub async fn cancel_marriage_booking(
        &self,
        booking_id: i64,
        now: i64,
        notification: Option<&NewNotification>,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        if release_in(&mut tx, booking_id, None, Release::Cancelled, now)
            .await?
            .is_none()
        {
            tx.rollback().await?;
            return Ok(false);
        }
        if let Some(n) = notification {
            insert_notification(&mut tx, n).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Moves a confirmed booking to another slot of the same office and service: the new place
    /// is taken and the old one given back in one transaction, slots locked in key order.
    pub async fn reschedule_marriage_booking(
        &self,
        booking_id: i64,
        to: &SlotKey,
        capacity: i64,
        now: i64,
        notification: Option<&NewNotification>,
    ) -> Result<HoldOutcome, StorageError> {
        let mut tx = self.begin_write().await?;
        // Lock the booking row first, as every other writer does, and only while it is still
        // booked: a cancel that committed a moment ago wins, and nothing moves.
        let locked = sqlx::query(
            "UPDATE marriage_bookings SET updated_at = $1 WHERE id = $2 AND status = 'booked'",
        )
        .bind(now)
        .bind(booking_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if locked == 0 {
            tx.rollback().await?;
            return Ok(HoldOutcome::NotActive);
        }
        let row = sqlx::query(&format!(
            "SELECT {BOOKING_COLUMNS} FROM marriage_bookings WHERE id = $1"
        ))
        .bind(booking_id)
        .fetch_one(&mut *tx)
        .await?;
        let current = booking_from(&row)?;
        let from = SlotKey {
            office_id: current.office_id,
            date: current.date.clone(),
            start_minute: current.start_minute,
            service: current.service.clone(),
        };
        if &from == to {
            tx.rollback().await?;
            return Ok(HoldOutcome::Held { booking_id });
        }
        // Both counters locked in key order, so two couples swapping slots queue rather than
        // deadlock; then the place is taken and the old one given back.
        if to < &from {
            ensure_slot(&mut tx, to, capacity).await?;
            lock_slot(&mut tx, &from).await?;
        } else {
            lock_slot(&mut tx, &from).await?;
            ensure_slot(&mut tx, to, capacity).await?;
        }
        if !take_place(&mut tx, to).await? {
            let closed = closed_in(&mut tx, to.office_id, &to.date).await?;
            tx.rollback().await?;
            return Ok(if closed {
                HoldOutcome::Closed
            } else {
                HoldOutcome::Full
            });
        }
        give_place(&mut tx, &from).await?;
        sqlx::query(
            "UPDATE marriage_bookings SET date = $1, start_minute = $2, reminded_at = NULL
              WHERE id = $3",
        )
        .bind(&to.date)
        .bind(to.start_minute)
        .bind(booking_id)
        .execute(&mut *tx)
        .await?;
        if let Some(n) = notification {
            insert_notification(&mut tx, n).await?;
        }
        tx.commit().await?;
        Ok(HoldOutcome::Held { booking_id })
    }

    /// The day's bookings of an office (every status but holds nobody confirmed), by time.
    pub async fn marriage_roster(
        &self,
        office_id: i64,
        date: &str,
    ) -> Result<Vec<BookingRow>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT {BOOKING_COLUMNS} FROM marriage_bookings
              WHERE office_id = $1 AND date = $2 AND status NOT IN ('held', 'expired')
              ORDER BY start_minute, id"
        ))
        .bind(office_id)
        .bind(date)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(booking_from)
        .collect::<Result<_, _>>()?)
    }

    /// Marks a confirmed booking as arrived or not shown, freeing the parties' "one active
    /// booking" place (the slot stays used: the time has come). `false` when it was not booked.
    pub async fn finish_marriage_booking(
        &self,
        booking_id: i64,
        status: &'static str,
        by: &str,
        now: i64,
    ) -> Result<bool, StorageError> {
        debug_assert!(matches!(status, "arrived" | "no_show"));
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE marriage_bookings SET status = $1, handled_by = $2, updated_at = $3
              WHERE id = $4 AND status = 'booked'",
        )
        .bind(status)
        .bind(by)
        .bind(now)
        .bind(booking_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query("DELETE FROM marriage_active_persons WHERE booking_id = $1")
            .bind(booking_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// Gives back the places of holds that expired; returns how many.
    pub async fn release_expired_marriage_holds(&self, now: i64) -> Result<u64, StorageError> {
        let ids: Vec<i64> = sqlx::query(
            "SELECT id FROM marriage_bookings
              WHERE status = 'held' AND hold_expires_at <= $1 ORDER BY id LIMIT 500",
        )
        .bind(now)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
        let mut released = 0;
        for id in ids {
            let mut tx = self.begin_write().await?;
            if release_in(&mut tx, id, Some(now), Release::Expired, now)
                .await?
                .is_some()
            {
                released += 1;
            }
            tx.commit().await?;
        }
        Ok(released)
    }

    /// Confirmed bookings on `date` whose reminder has not been queued yet.
    pub async fn marriage_bookings_to_remind(
        &self,
        date: &str,
        limit: i64,
    ) -> Result<Vec<BookingRow>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT {BOOKING_COLUMNS} FROM marriage_bookings
              WHERE date = $1 AND status = 'booked' AND reminded_at IS NULL ORDER BY id LIMIT $2"
        ))
        .bind(date)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(booking_from)
        .collect::<Result<_, _>>()?)
    }

    /// Queues one booking's reminder and marks it sent, once (the conditional update decides
    /// between two instances running the sweep at the same time).
    pub async fn queue_marriage_reminder(
        &self,
        booking_id: i64,
        notification: &NewNotification,
        now: i64,
    ) -> Result<bool, StorageError> {
        let mut tx = self.begin_write().await?;
        let marked = sqlx::query(
            "UPDATE marriage_bookings SET reminded_at = $1
              WHERE id = $2 AND status = 'booked' AND reminded_at IS NULL",
        )
        .bind(now)
        .bind(booking_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if marked == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        insert_notification(&mut tx, notification).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The templates of the messages queued for a booking, oldest first (tests, support).
    pub async fn marriage_notification_templates(
        &self,
        code: &str,
    ) -> Result<Vec<String>, StorageError> {
        Ok(sqlx::query(
            "SELECT template FROM notifications WHERE application_number = $1 ORDER BY id",
        )
        .bind(format!("marriage:{code}"))
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|r| r.try_get("template"))
        .collect::<Result<_, _>>()?)
    }

    /// The couple's divorce application registered through the portal (the booking staff
    /// marked arrived), newest first: where and when the cooling-off period began.
    pub async fn marriage_divorce_application_of(
        &self,
        party_a_index: &str,
        party_b_index: &str,
    ) -> Result<Option<BookingRow>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {BOOKING_COLUMNS} FROM marriage_bookings
              WHERE service = 'divorce_application' AND status = 'arrived'
                AND ((party_a_index = $1 AND party_b_index = $2)
                  OR (party_a_index = $2 AND party_b_index = $1))
              ORDER BY date DESC, id DESC LIMIT 1"
        ))
        .bind(party_a_index)
        .bind(party_b_index)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(booking_from).transpose()?)
    }
}
