//! Marriage registration booking (issue 8; policy-rules.md §9, §13.5–§13.7): offices, the
//! pre-check, availability, holds, confirmation, cancellation and rescheduling for residents,
//! and the roster, check-in, no-show, day closing and schedule editing for staff
//! (`staff.rs`). The rules are in `domain::booking` and `domain::marriage`; this module loads
//! and stores, and turns domain results into the pages' views.

pub mod offices;
pub mod staff;

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use app::error::AppError;
use app::pages::marriage::{
    BookingView, DateOption, Note, OfficeView, PartySummary, Precheck, SlotOption, Values,
};
use app::ports::RequestCtx;
use domain::booking::{
    booking_window, capacity_on, date_bookable, day_plan, BookingCode, BookingError, ClockTime,
    CoolingOff, DayPlan, ManageForm, ManageRequest, OfficeSchedule, SpecialDate,
};
use domain::calendar::OfficialCalendar;
use domain::date::Date;
use domain::marriage::{MarriageService, Parties, PartiesForm, PartyForm};
use domain::message::{arg, Localized};
use domain::FormErrors;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::pii::PiiVault;
use crate::services::contact::client_bucket;
use crate::services::internal;
use crate::storage::{
    now_ms, BookingRow, HoldOutcome, NewHold, NewNotification, OfficeRow, RateLimit, SlotKey,
    Storage,
};

/// How long a chosen slot is kept for the couple to confirm.
pub const HOLD_MS: i64 = 10 * 60 * 1000;
pub(crate) const PAYLOAD_PURPOSE: &str = "marriage.booking";
const PERSON_PURPOSE: &str = "marriage.person";
const CHINA_OFFSET_MS: i64 = 8 * 3600 * 1000;
/// The day before a booking, reminders are queued from 09:00 until 20:00 China time.
const REMINDER_FROM: u16 = 9 * 60;
const REMINDER_UNTIL: u16 = 20 * 60;
const HOLD_KEY_PURPOSE: &str = "marriage.hold";
const DAY_MS: i64 = 24 * 3600 * 1000;

/// Steps per client: every step re-runs the pre-check, which asks whether a document holds an
/// active booking, so they are counted. A couple takes about six steps; a service hall's
/// kiosks share one address, hence room for some twenty couples per quarter hour.
const PRECHECKS_PER_CLIENT: RateLimit = RateLimit {
    burst: 120,
    per: std::time::Duration::from_secs(15 * 60),
};
/// Holds per client: a couple needs one or two; again a hall's kiosks share one address.
const HOLDS_PER_CLIENT: RateLimit = RateLimit {
    burst: 60,
    per: std::time::Duration::from_secs(60 * 60),
};
/// Lookups by booking code: per client, and per code. Every manage action looks the booking
/// up again (find, choose a day, choose a time, move or cancel: about five), so a code allows
/// ten in 15 minutes — far too few to guess the document number that goes with it.
const LOOKUPS_PER_CLIENT: RateLimit = RateLimit {
    burst: 30,
    per: std::time::Duration::from_secs(15 * 60),
};
const LOOKUPS_PER_CODE: RateLimit = RateLimit {
    burst: 10,
    per: std::time::Duration::from_secs(15 * 60),
};

/// What a booking stores about its parties (encrypted as a whole).
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredParty {
    pub name: String,
    pub document_kind: String,
    pub document_number: String,
    pub country: String,
    pub sex: String,
    pub birth_date: String,
}

#[derive(Clone, Serialize, Deserialize)]
pub struct StoredBooking {
    pub parties: Vec<StoredParty>,
    pub mobile: String,
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut b);
    hex::encode(b)
}

/// A fresh key for the slot step's form (see [`MarriageDesk::hold`]).
pub fn new_hold_key() -> String {
    random_hex(16)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A token from a URL: 64 hex characters, or nothing.
pub fn parse_token(raw: &str) -> Option<&str> {
    (raw.len() == 64 && raw.bytes().all(|b| b.is_ascii_hexdigit())).then_some(raw)
}

/// Today's date and the time of day in China (UTC+8) at `now_ms`.
pub fn china_now(now_ms: i64) -> (Date, u16) {
    let local = now_ms + CHINA_OFFSET_MS;
    let days = local.div_euclid(DAY_MS);
    let minutes = (local.rem_euclid(DAY_MS) / 60_000) as u16;
    // Out of the supported years only for a broken clock: fall back to the portal's today.
    let date = Date::from_days(days).unwrap_or_else(app::ports::china_today);
    (date, minutes)
}

/// 1 = Monday … 7 = Sunday.
pub fn weekday_number(date: Date) -> u8 {
    domain::booking::weekday_index(date.weekday()) as u8 + 1
}

pub fn clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Runs a storage transaction again when PostgreSQL chose it as a deadlock victim (at most
/// three more times, after a short pause): it rolled back, so a retry starts clean.
pub(crate) async fn retrying<T, F, Fut>(mut f: F) -> Result<T, crate::storage::StorageError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, crate::storage::StorageError>>,
{
    let mut attempt = 0u64;
    loop {
        match f().await {
            Err(crate::storage::StorageError::Retry(_)) if attempt < 3 => {
                attempt += 1;
                tokio::time::sleep(std::time::Duration::from_millis(5 * attempt)).await;
            }
            other => return other,
        }
    }
}

/// The keyed identity of a person for "one active booking per person per service".
fn person_index(vault: &PiiVault, document: &domain::identity::IdentityDocument) -> String {
    vault.blind_index(PERSON_PURPOSE, &document.person_key())
}

/// The identifying characters of a document as a person would type it to find a booking:
/// for permits with a renewal count, the lifetime number.
fn lookup_keys(typed: &str) -> Vec<String> {
    let t: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect();
    let mut keys = vec![t.clone()];
    // `get` rather than slicing: the text is whatever was typed, not necessarily ASCII.
    if let Some(head) = t.get(..9) {
        keys.push(head.to_owned());
    }
    if let Some(head) = t.get(..8).filter(|h| h.bytes().all(|b| b.is_ascii_digit())) {
        keys.push(head.to_owned());
    }
    keys
}

fn stored_lookup_key(p: &StoredParty) -> String {
    let n = p.document_number.to_uppercase();
    let head = |k: usize| n.get(..k).map(str::to_owned);
    match p.document_kind.as_str() {
        "hk_macao_permit" => head(9).unwrap_or_else(|| n.clone()),
        "taiwan_permit" => head(8).unwrap_or_else(|| n.clone()),
        _ => n.clone(),
    }
}

/// Compares without an early exit, so timing does not tell how much of a guess matched.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// See [`MarriageDesk::hold_of_key`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoldOfKey {
    /// No usable key in the form.
    NoKey,
    /// The key's hold or booking is live: its token.
    Live(String),
    /// The key was used for a hold that has ended (expired, released or cancelled).
    Ended,
    /// Not used yet: the token a hold made with it gets.
    Unused(String),
}

pub struct MarriageDesk {
    storage: Arc<Storage>,
    vault: Arc<PiiVault>,
    calendar: Arc<OfficialCalendar>,
}

/// The parties as parsed from the form, with what the later steps need.
#[derive(Debug)]
pub struct Checked {
    pub parties: Parties,
    pub person_indexes: Vec<String>,
    pub party_indexes: (String, Option<String>),
    /// For 离婚领证: the cooling-off period the booking must respect, and the office that
    /// accepted the application when the portal knows it.
    pub cooling_off: Option<CoolingOff>,
    pub accepting_office: Option<i64>,
    pub precheck: Precheck,
}

pub fn parties_form(values: &Values) -> PartiesForm {
    let party = |p: &str| PartyForm {
        document_kind: values.get(&format!("{p}.document_kind")).to_owned(),
        document_number: values.get(&format!("{p}.document_number")).to_owned(),
        country: values.get(&format!("{p}.country")).to_owned(),
        name: values.get(&format!("{p}.name")).to_owned(),
        sex: values.get(&format!("{p}.sex")).to_owned(),
        birth_date: values.get(&format!("{p}.birth_date")).to_owned(),
    };
    PartiesForm {
        service: values.get("service").to_owned(),
        party_a: party("party_a"),
        party_b: party("party_b"),
        mobile: values.get("mobile").to_owned(),
    }
}

fn field_error(field: &str, e: &impl Localized) -> FormErrors {
    let mut errors = FormErrors::new();
    errors.push(field, e);
    errors
}

/// The schedule an office row stores; a row whose text no longer parses is treated as closed
/// (and logged) rather than guessed.
fn schedule_of(office: &OfficeRow) -> Option<OfficeSchedule> {
    match OfficeSchedule::from_text(&office.schedule) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::error!(office = office.id, error = %e, "stored office schedule does not parse");
            None
        }
    }
}

fn special_from_row(r: &crate::storage::SpecialDateRow) -> Option<SpecialDate> {
    let hours = if r.hours.is_empty() {
        None
    } else {
        Some(domain::booking::DayHours::parse(&r.hours).ok()?)
    };
    Some(SpecialDate {
        date: Date::parse(&r.date).ok()?,
        label: r.label.clone(),
        hours,
        marriage_capacity: u16::try_from(r.marriage_capacity).ok()?,
        release_on: Date::parse(&r.release_on).ok()?,
    })
}

/// What an office offers on its open days in a range: each day's plan and special entry.
pub struct Calendar {
    pub schedule: OfficeSchedule,
    pub days: BTreeMap<Date, (DayPlan, Option<SpecialDate>)>,
}

impl MarriageDesk {
    pub fn new(
        storage: Arc<Storage>,
        vault: Arc<PiiVault>,
        calendar: Arc<OfficialCalendar>,
    ) -> Self {
        Self {
            storage,
            vault,
            calendar,
        }
    }

    pub fn storage(&self) -> &Arc<Storage> {
        &self.storage
    }

    async fn take(
        &self,
        ctx: &RequestCtx,
        bucket: String,
        limit: RateLimit,
    ) -> Result<(), AppError> {
        match self.storage.rate_limit_take(&bucket, limit).await {
            Ok(true) => Ok(()),
            Ok(false) => Err(AppError::RateLimited),
            Err(e) => Err(internal(ctx, "rate limit", &e)),
        }
    }

    pub fn office_view(&self, o: &OfficeRow) -> OfficeView {
        offices::view(o)
    }

    /// Step 2: both parties' documents and the rules that do not depend on the date.
    pub async fn precheck(&self, ctx: &RequestCtx, values: &Values) -> Result<Checked, AppError> {
        let today = ctx.today;
        let now = now_ms();
        let parties = Parties::parse(&parties_form(values), today).map_err(AppError::Invalid)?;
        self.take(
            ctx,
            format!("marriage-precheck:{}", client_bucket(ctx.client_ip)),
            PRECHECKS_PER_CLIENT,
        )
        .await?;
        let window_end = booking_window(&OfficeSchedule::standard(), today).1;
        let mut notes = Vec::new();
        let mut errors = FormErrors::new();
        let party_list: Vec<(&str, &domain::marriage::Party)> =
            std::iter::once(("party_a", &parties.party_a))
                .chain(parties.party_b.as_ref().map(|b| ("party_b", b)))
                .collect();
        let person_indexes: Vec<String> = party_list
            .iter()
            .map(|(_, p)| person_index(&self.vault, &p.document))
            .collect();
        let party_indexes = (person_indexes[0].clone(), person_indexes.get(1).cloned());
        if parties.service == MarriageService::Marriage {
            for (path, p) in &party_list {
                if let Err(domain::marriage::PartiesError::UnderAge {
                    min_age,
                    reaches_on,
                }) = p.check_marriage_age_on(today)
                {
                    if reaches_on > window_end {
                        errors.push(
                            &format!("{path}.birth_date"),
                            &domain::marriage::PartiesError::UnderAge {
                                min_age,
                                reaches_on,
                            },
                        );
                    } else {
                        notes.push(Note::new(
                            "marriage-note-age-from",
                            vec![
                                arg("name", p.name.masked()),
                                arg("min", min_age),
                                arg("date", reaches_on),
                            ],
                        ));
                    }
                }
            }
        }
        let mut cooling_off = None;
        let mut accepting_office = None;
        if parties.service == MarriageService::DivorceCertificate {
            // The portal's own record of the application wins over the typed date.
            let known = match &party_indexes.1 {
                Some(b) => self
                    .storage
                    .marriage_divorce_application_of(&party_indexes.0, b)
                    .await
                    .map_err(|e| internal(ctx, "divorce application lookup", &e))?,
                None => None,
            };
            // The date on the couple's receipt decides. The portal's own record of an
            // application they made here is used when no date is typed, and ties 领证 to that
            // office only when it is the same application (an arrival at the desk is not
            // proof of 受理: the application may have been refused or withdrawn since).
            let typed = match values.get("received_on").trim() {
                "" => None,
                raw => match Date::parse(raw) {
                    Ok(d) if d > today => {
                        errors.push("received_on", &BookingError::ReceivedDateFuture);
                        return Err(AppError::Invalid(errors));
                    }
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.push("received_on", &e);
                        return Err(AppError::Invalid(errors));
                    }
                },
            };
            let known_date = known.as_ref().and_then(|r| Date::parse(&r.date).ok());
            let received = match (typed, known_date) {
                (Some(t), _) => Some(t),
                (None, Some(k)) => Some(k),
                (None, None) => {
                    errors.push("received_on", &BookingError::ReceivedDateMissing);
                    None
                }
            };
            if let Some(row) = known.filter(|_| received.is_some() && received == known_date) {
                accepting_office = Some(row.office_id);
                notes.push(Note::new(
                    "marriage-note-application-known",
                    vec![arg("date", &row.date)],
                ));
            }
            if let Some(received) = received {
                match CoolingOff::from_received(received, self.calendar.as_ref()) {
                    Some(c) => {
                        let first = c.first_collect_day();
                        let earliest = today.add_days(1).unwrap_or(today);
                        if c.collect_deadline < earliest {
                            errors.push(
                                "received_on",
                                &BookingError::CollectPeriodOver {
                                    deadline: c.collect_deadline,
                                },
                            );
                        } else if first > window_end {
                            errors.push(
                                "received_on",
                                &BookingError::CoolingOffNotOver {
                                    from: first,
                                    to: c.collect_deadline,
                                },
                            );
                        } else {
                            notes.push(Note::new(
                                "marriage-note-cooling-off",
                                vec![
                                    arg("received", received),
                                    arg("withdraw", c.withdraw_deadline),
                                    arg("from", first),
                                    arg("to", c.collect_deadline),
                                ],
                            ));
                            notes.push(Note::new("marriage-note-same-office", Vec::new()));
                            cooling_off = Some(c);
                        }
                    }
                    None => errors.push("received_on", &BookingError::ReceivedDateMissing),
                }
            }
        }
        let active = self
            .storage
            .marriage_person_active(
                &person_indexes,
                parties.service.key(),
                now,
                &today.to_string(),
            )
            .await
            .map_err(|e| internal(ctx, "active booking check", &e))?;
        if active {
            // Which party is not said: the answer must not reveal someone else's booking
            // beyond what the couple already knows.
            errors.push("party_a.document_number", &BookingError::AlreadyBooked);
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        if parties.needs_designated_office() {
            notes.push(Note::new("marriage-note-designated", Vec::new()));
        }
        let precheck = Precheck {
            parties: party_list
                .iter()
                .map(|(_, p)| PartySummary {
                    name: p.name.as_str().to_owned(),
                    document: p.document.masked(),
                })
                .collect(),
            notes,
        };
        Ok(Checked {
            parties,
            person_indexes,
            party_indexes,
            cooling_off,
            accepting_office,
            precheck,
        })
    }

    /// Step 3: offices matching a region name (or an office name), those that handle these
    /// parties' documents and offer the service.
    pub async fn search_offices(
        &self,
        ctx: &RequestCtx,
        checked: &Checked,
        query: &str,
    ) -> Result<Vec<OfficeView>, AppError> {
        if let Some(id) = checked.accepting_office {
            // 领证 happens at the registry that accepted the application (policy-rules §9.2).
            let office = self
                .storage
                .marriage_office(id)
                .await
                .map_err(|e| internal(ctx, "office", &e))?;
            return Ok(office.iter().map(offices::view).collect());
        }
        // Names only: control characters (a NUL would be refused by PostgreSQL) go.
        let query: String = query
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim()
            .chars()
            .take(20)
            .collect();
        if query.is_empty() {
            return Ok(Vec::new());
        }
        let designated = checked.parties.needs_designated_office();
        let regions = offices::regions_matching(&query, designated);
        let rows = self
            .storage
            .search_marriage_offices(&regions, &query, designated, 20)
            .await
            .map_err(|e| internal(ctx, "office search", &e))?;
        let service = checked.parties.service;
        Ok(rows
            .iter()
            .filter(|o| schedule_of(o).is_some_and(|s| s.offers(service)))
            .map(offices::view)
            .collect())
    }

    /// The office chosen in step 3, if it may serve these parties.
    pub async fn chosen_office(
        &self,
        ctx: &RequestCtx,
        checked: &Checked,
        raw: &str,
    ) -> Result<OfficeRow, AppError> {
        let office = match raw.trim().parse::<i64>() {
            Ok(id) => self
                .storage
                .marriage_office(id)
                .await
                .map_err(|e| internal(ctx, "office", &e))?,
            Err(_) => None,
        };
        let Some(office) = office.filter(|o| o.active) else {
            return Err(AppError::Invalid(field_error(
                "office",
                &BookingError::OfficeUnknown,
            )));
        };
        if office.designated != checked.parties.needs_designated_office() {
            return Err(AppError::Invalid(field_error(
                "office",
                &BookingError::OfficeNotDesignated,
            )));
        }
        if checked.accepting_office.is_some_and(|id| id != office.id) {
            return Err(AppError::Invalid(field_error(
                "office",
                &BookingError::OfficeUnknown,
            )));
        }
        if !schedule_of(&office).is_some_and(|s| s.offers(checked.parties.service)) {
            return Err(AppError::Invalid(field_error(
                "office",
                &BookingError::ServiceNotOffered,
            )));
        }
        Ok(office)
    }

    /// The office of an existing booking (rescheduling stays at the same office).
    pub async fn chosen_office_for(
        &self,
        ctx: &RequestCtx,
        row: &BookingRow,
    ) -> Result<OfficeRow, AppError> {
        self.storage
            .marriage_office(row.office_id)
            .await
            .map_err(|e| internal(ctx, "office", &e))?
            .ok_or_else(|| AppError::Invalid(field_error("date", &BookingError::OfficeUnknown)))
    }

    /// The office's open days from `from` to `to`, with their plans.
    pub async fn office_calendar(
        &self,
        office: &OfficeRow,
        from: Date,
        to: Date,
    ) -> Result<Option<Calendar>, crate::storage::StorageError> {
        let Some(schedule) = schedule_of(office) else {
            return Ok(None);
        };
        let closures: HashSet<String> = self
            .storage
            .marriage_closures(office.id, &from.to_string(), &to.to_string())
            .await?
            .into_iter()
            .map(|c| c.date)
            .collect();
        let specials: BTreeMap<Date, SpecialDate> = self
            .storage
            .marriage_special_dates(office.id, &from.to_string(), &to.to_string())
            .await?
            .iter()
            .filter_map(special_from_row)
            .map(|s| (s.date, s))
            .collect();
        let mut days = BTreeMap::new();
        let mut date = from;
        while date <= to {
            let special = specials.get(&date);
            let closed = closures.contains(&date.to_string());
            if let Some(plan) = day_plan(&schedule, date, self.calendar.as_ref(), closed, special) {
                days.insert(date, (plan, special.cloned()));
            }
            match date.add_days(1) {
                Some(next) => date = next,
                None => break,
            }
        }
        Ok(Some(Calendar { schedule, days }))
    }

    /// Places left in each slot of an open day for a service.
    async fn slots_of_day(
        &self,
        office: &OfficeRow,
        cal: &Calendar,
        date: Date,
        service: MarriageService,
    ) -> Result<Vec<(ClockTime, ClockTime, u32, u16)>, crate::storage::StorageError> {
        let Some((plan, special)) = cal.days.get(&date) else {
            return Ok(Vec::new());
        };
        let capacity = capacity_on(&cal.schedule, service, special.as_ref());
        if capacity == 0 {
            return Ok(Vec::new());
        }
        let counts: BTreeMap<i64, i64> = self
            .storage
            .marriage_slot_counts(
                office.id,
                service.key(),
                &date.to_string(),
                &date.to_string(),
                now_ms(),
            )
            .await?
            .into_iter()
            .map(|c| (c.start_minute, c.taken))
            .collect();
        let step = cal.schedule.slot_minutes;
        Ok(cal
            .schedule
            .slot_starts(plan.hours)
            .into_iter()
            .filter_map(|start| {
                let end = ClockTime::from_minutes(start.minutes() + step)?;
                let taken = counts
                    .get(&i64::from(start.minutes()))
                    .copied()
                    .unwrap_or(0);
                let left = (i64::from(capacity) - taken).max(0) as u32;
                Some((start, end, left, capacity))
            })
            .collect())
    }

    /// Step 4: the office's bookable dates for these parties, each with its places left and a
    /// warning where a rule refuses it (a party under the legal age that day).
    pub async fn dates(
        &self,
        ctx: &RequestCtx,
        checked: &Checked,
        office: &OfficeRow,
    ) -> Result<Vec<DateOption>, AppError> {
        let today = ctx.today;
        let Some(schedule) = schedule_of(office) else {
            return Ok(Vec::new());
        };
        let (first, last) = booking_window(&schedule, today);
        // Special dates may be released beyond the usual window.
        let horizon = last.add_days(366).unwrap_or(last);
        let cal = self
            .office_calendar(office, first, horizon)
            .await
            .map_err(|e| internal(ctx, "office calendar", &e))?;
        let Some(cal) = cal else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for (date, (_, special)) in &cal.days {
            if date_bookable(&cal.schedule, today, *date, special.as_ref()).is_err() {
                continue;
            }
            if let Some(c) = &checked.cooling_off {
                if c.check_collect_date(*date).is_err() {
                    continue;
                }
            }
            let slots = self
                .slots_of_day(office, &cal, *date, checked.parties.service)
                .await
                .map_err(|e| internal(ctx, "slots", &e))?;
            if slots.is_empty() {
                continue;
            }
            // The date each party comes of age is explained once, above the list; each date
            // before it only says so (and choosing it is refused with the full reason).
            let warning = checked
                .parties
                .check_marriage_ages_on(*date)
                .is_err()
                .then(|| Note::new("marriage-date-under-age", Vec::new()));
            out.push(DateOption {
                date: date.to_string(),
                weekday: weekday_number(*date),
                remaining: slots.iter().map(|s| s.2).sum(),
                special: special.as_ref().map(|s| s.label.clone()),
                warning,
            });
            if out.len() >= 62 {
                break;
            }
        }
        Ok(out)
    }

    /// Step 4's answer: the date, checked against every rule for these parties and office.
    pub async fn chosen_date(
        &self,
        ctx: &RequestCtx,
        checked: &Checked,
        office: &OfficeRow,
        raw: &str,
    ) -> Result<(Date, Vec<SlotOption>), AppError> {
        let today = ctx.today;
        let date = Date::parse(raw).map_err(|e| AppError::Invalid(field_error("date", &e)))?;
        let cal = self
            .office_calendar(office, date, date)
            .await
            .map_err(|e| internal(ctx, "office calendar", &e))?;
        let Some(cal) = cal else {
            return Err(AppError::Invalid(field_error(
                "date",
                &BookingError::SlotUnknown,
            )));
        };
        let Some((_, special)) = cal.days.get(&date) else {
            return Err(AppError::Invalid(field_error(
                "date",
                &BookingError::SlotUnknown,
            )));
        };
        date_bookable(&cal.schedule, today, date, special.as_ref())
            .map_err(|e| AppError::Invalid(field_error("date", &e)))?;
        if let Some(c) = &checked.cooling_off {
            c.check_collect_date(date)
                .map_err(|e| AppError::Invalid(field_error("date", &e)))?;
        }
        if let Err(errors) = checked.parties.check_marriage_ages_on(date) {
            // Shown at the date: that is what the couple can change.
            let mut at_date = FormErrors::new();
            for e in errors.errors {
                at_date.errors.push(domain::form::FieldError {
                    field: "date".to_owned(),
                    ..e
                });
            }
            return Err(AppError::Invalid(at_date));
        }
        let slots = self
            .slots_of_day(office, &cal, date, checked.parties.service)
            .await
            .map_err(|e| internal(ctx, "slots", &e))?;
        if slots.iter().all(|s| s.2 == 0) {
            return Err(AppError::Invalid(field_error(
                "date",
                &BookingError::SlotFull,
            )));
        }
        Ok((
            date,
            slots
                .into_iter()
                .map(|(start, end, left, _)| SlotOption {
                    start: start.to_string(),
                    end: end.to_string(),
                    remaining: left,
                })
                .collect(),
        ))
    }

    /// The slot chosen, with the capacity the schedule gives it.
    async fn chosen_slot(
        &self,
        ctx: &RequestCtx,
        office: &OfficeRow,
        date: Date,
        service: MarriageService,
        raw: &str,
    ) -> Result<(ClockTime, u16), AppError> {
        let start = ClockTime::parse(raw)
            .map_err(|_| AppError::Invalid(field_error("slot", &BookingError::SlotUnknown)))?;
        let cal = self
            .office_calendar(office, date, date)
            .await
            .map_err(|e| internal(ctx, "office calendar", &e))?
            .ok_or_else(|| AppError::Invalid(field_error("slot", &BookingError::SlotUnknown)))?;
        let slots = self
            .slots_of_day(office, &cal, date, service)
            .await
            .map_err(|e| internal(ctx, "slots", &e))?;
        let Some(slot) = slots.iter().find(|s| s.0 == start) else {
            return Err(AppError::Invalid(field_error(
                "slot",
                &BookingError::SlotUnknown,
            )));
        };
        if slot.2 == 0 {
            return Err(AppError::Invalid(field_error(
                "slot",
                &BookingError::SlotFull,
            )));
        }
        Ok((start, slot.3))
    }

    /// Step 5: holds the slot for [`HOLD_MS`]; returns the token of the hold's page.
    ///
    /// `hold_key` (from the form) makes the step idempotent: a double tap, or the same page
    /// posted again after "Back", leads to the same hold instead of "already booked".
    /// What a slot form's hold key (32 hex digits, made when the slot step was shown) names
    /// already. A form posted twice (a double tap, a retry after a lost answer) finds its hold
    /// here and is sent to it, before the pre-check, which would otherwise refuse the couple
    /// for holding a booking: their own.
    pub async fn hold_of_key(
        &self,
        ctx: &RequestCtx,
        hold_key: Option<&str>,
    ) -> Result<HoldOfKey, AppError> {
        let Some(keyed) = hold_key
            .filter(|k| k.len() == 32 && k.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(|k| self.vault.blind_index(HOLD_KEY_PURPOSE, k))
        else {
            return Ok(HoldOfKey::NoKey);
        };
        let now = now_ms();
        Ok(match self.by_token(ctx, &keyed).await? {
            Some(r) if (r.status == "held" && r.hold_expires_at > now) || r.status == "booked" => {
                HoldOfKey::Live(keyed)
            }
            Some(_) => HoldOfKey::Ended,
            None => HoldOfKey::Unused(keyed),
        })
    }

    pub async fn hold(
        &self,
        ctx: &RequestCtx,
        checked: &Checked,
        office: &OfficeRow,
        date: Date,
        raw_slot: &str,
        hold_key: Option<&str>,
    ) -> Result<String, AppError> {
        let now = now_ms();
        let mut token = None;
        match self.hold_of_key(ctx, hold_key).await? {
            HoldOfKey::Live(existing) => return Ok(existing),
            HoldOfKey::Unused(keyed) => token = Some(keyed),
            // Used before and ended since: this post starts a new hold, randomly named.
            HoldOfKey::Ended | HoldOfKey::NoKey => {}
        }
        // The token this post's key would give, to recognise its own twin below.
        let keyed = token.clone();
        let service = checked.parties.service;
        let (start, capacity) = self
            .chosen_slot(ctx, office, date, service, raw_slot)
            .await?;
        self.take(
            ctx,
            format!("marriage-hold:{}", client_bucket(ctx.client_ip)),
            HOLDS_PER_CLIENT,
        )
        .await?;
        let p = &checked.parties;
        let stored = StoredBooking {
            parties: std::iter::once(&p.party_a)
                .chain(p.party_b.as_ref())
                .map(|party| StoredParty {
                    name: party.name.as_str().to_owned(),
                    document_kind: serde_json::to_value(party.document.kind())
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    document_number: document_number(&party.document),
                    country: document_country(&party.document),
                    sex: match party.sex {
                        domain::identity::Sex::Male => "male".to_owned(),
                        domain::identity::Sex::Female => "female".to_owned(),
                    },
                    birth_date: party.birth_date.to_string(),
                })
                .collect(),
            mobile: p.mobile.as_str().to_owned(),
        };
        let payload = serde_json::to_string(&stored).map_err(|e| internal(ctx, "payload", &e))?;
        let names_masked = std::iter::once(&p.party_a)
            .chain(p.party_b.as_ref())
            .map(|x| x.name.masked())
            .collect::<Vec<_>>()
            .join("、");
        let today = china_now(now).0.to_string();
        for _ in 0..3 {
            let mut random = [0u8; 6];
            rand::thread_rng().fill_bytes(&mut random);
            let code = BookingCode::generate(random);
            let token = token.take().unwrap_or_else(|| random_hex(32));
            let hold = NewHold {
                slot: SlotKey {
                    office_id: office.id,
                    date: date.to_string(),
                    start_minute: i64::from(start.minutes()),
                    service: service.key().to_owned(),
                },
                capacity: i64::from(capacity),
                code: code.as_str().to_owned(),
                token_hash: token_hash(&token),
                party_a_index: checked.party_indexes.0.clone(),
                party_b_index: checked.party_indexes.1.clone(),
                person_indexes: checked.person_indexes.clone(),
                payload_ciphertext: self.vault.encrypt(PAYLOAD_PURPOSE, &payload),
                names_masked: names_masked.clone(),
                received_on: checked.cooling_off.as_ref().map(|c| c.received.to_string()),
                locale: ctx.locale.tag().to_owned(),
                hold_expires_at: now + HOLD_MS,
                now,
                today: today.clone(),
            };
            let refuse =
                |field: &str, e: BookingError| Err(AppError::Invalid(field_error(field, &e)));
            match retrying(|| self.storage.hold_marriage_slot(&hold)).await {
                Ok(HoldOutcome::Held { booking_id }) => {
                    tracing::info!(
                        booking = booking_id,
                        office = office.id,
                        service = service.key(),
                        "marriage slot held"
                    );
                    return Ok(token);
                }
                Ok(HoldOutcome::Full) => return refuse("slot", BookingError::SlotFull),
                Ok(HoldOutcome::Closed) => return refuse("date", BookingError::DayClosed),
                Ok(HoldOutcome::AlreadyBooked | HoldOutcome::NotActive) => {
                    return refuse("slot", BookingError::AlreadyBooked)
                }
                // The same form posted twice at once: the other post made the hold.
                Err(crate::storage::StorageError::UniqueViolation(_))
                    if keyed.as_deref() == Some(token.as_str()) =>
                {
                    if let Some(r) = self.by_token(ctx, &token).await? {
                        if r.status == "held" || r.status == "booked" {
                            return Ok(token);
                        }
                    }
                }
                // A booking code drawn twice: draw again.
                Err(crate::storage::StorageError::UniqueViolation(_)) => continue,
                Err(e) => return Err(internal(ctx, "hold", &e)),
            }
        }
        Err(internal(ctx, "hold", &"no free booking code after 3 draws"))
    }

    fn decrypt(&self, row: &BookingRow) -> Option<StoredBooking> {
        let text = self
            .vault
            .decrypt(PAYLOAD_PURPOSE, &row.payload_ciphertext)
            .ok()?;
        serde_json::from_str(&text).ok()
    }

    fn notification(
        &self,
        row: &BookingRow,
        template: &str,
        office: Option<&OfficeRow>,
    ) -> Option<NewNotification> {
        let stored = self.decrypt(row)?;
        let mobile = domain::mobile::MobileNumber::parse(&stored.mobile).ok()?;
        let code = BookingCode::parse(&row.code).ok()?;
        let args = serde_json::json!({
            "code": code.to_string(),
            "date": row.date,
            "time": clock(row.start_minute),
            "office": office.map(|o| o.name.clone()).unwrap_or_default(),
        })
        .to_string();
        Some(NewNotification {
            application_number: format!("marriage:{}", row.code),
            channel: "sms",
            recipient_ciphertext: Some(
                self.vault
                    .encrypt(crate::staff::notify::RECIPIENT_PURPOSE, mobile.as_str()),
            ),
            recipient_masked: mobile.masked(),
            template: template.to_owned(),
            args,
            locale: row.locale.clone(),
            created_at: now_ms(),
        })
    }

    /// The view of a booking for its couple.
    pub async fn booking_view(
        &self,
        ctx: &RequestCtx,
        row: &BookingRow,
        token: Option<&str>,
    ) -> Result<BookingView, AppError> {
        let office = self
            .storage
            .marriage_office(row.office_id)
            .await
            .map_err(|e| internal(ctx, "office", &e))?
            .ok_or_else(|| internal(ctx, "office", &"booking's office is missing"))?;
        let stored = self
            .decrypt(row)
            .ok_or_else(|| internal(ctx, "booking payload", &"cannot decrypt"))?;
        let schedule = schedule_of(&office).unwrap_or_else(OfficeSchedule::standard);
        let date = Date::parse(&row.date).map_err(|e| internal(ctx, "booking date", &e))?;
        let code = BookingCode::parse(&row.code)
            .map(|c| c.to_string())
            .unwrap_or_else(|_| row.code.clone());
        let mut notes = Vec::new();
        if let Some(received) = row.received_on.as_deref().and_then(|d| Date::parse(d).ok()) {
            if let Some(c) = CoolingOff::from_received(received, self.calendar.as_ref()) {
                notes.push(Note::new(
                    "marriage-note-cooling-off",
                    vec![
                        arg("received", received),
                        arg("withdraw", c.withdraw_deadline),
                        arg("from", c.first_collect_day()),
                        arg("to", c.collect_deadline),
                    ],
                ));
            }
        }
        Ok(BookingView {
            code: code.clone(),
            service: row.service.clone(),
            status: row.status.clone(),
            office: offices::view(&office),
            date: row.date.clone(),
            weekday: weekday_number(date),
            start: clock(row.start_minute),
            end: clock(row.start_minute + i64::from(schedule.slot_minutes)),
            parties: stored
                .parties
                .iter()
                .map(|p| PartySummary {
                    name: domain::name::PersonName::parse(&p.name)
                        .map(|n| n.masked())
                        .unwrap_or_default(),
                    document: mask_number(&p.document_number),
                })
                .collect(),
            bring: offices::what_to_bring(&row.service, &stored),
            qr_svg: crate::staff::auth::qr_svg(&code),
            hold_until: (row.status == "held").then(|| {
                let (_, m) = china_now(row.hold_expires_at);
                clock(i64::from(m))
            }),
            token: token.map(str::to_owned),
            notes,
        })
    }

    pub async fn by_token(
        &self,
        ctx: &RequestCtx,
        token: &str,
    ) -> Result<Option<BookingRow>, AppError> {
        self.storage
            .marriage_booking_by_token(&token_hash(token))
            .await
            .map_err(|e| internal(ctx, "booking", &e))
    }

    /// Confirms a live hold: the booking is made and its SMS queued in one transaction.
    pub async fn confirm(
        &self,
        ctx: &RequestCtx,
        token: &str,
    ) -> Result<Option<BookingRow>, AppError> {
        let row = self.by_token(ctx, token).await?;
        let office = match &row {
            Some(r) => self
                .storage
                .marriage_office(r.office_id)
                .await
                .map_err(|e| internal(ctx, "office", &e))?,
            None => None,
        };
        let hash = token_hash(token);
        retrying(|| {
            self.storage.confirm_marriage_hold(&hash, now_ms(), |b| {
                self.notification(b, "sms-marriage-booked", office.as_ref())
            })
        })
        .await
        .map_err(|e| internal(ctx, "confirm", &e))
    }

    /// Gives a hold back before it expires (the couple chose "choose another time").
    pub async fn release_hold(&self, ctx: &RequestCtx, token: &str) -> Result<(), AppError> {
        let hash = token_hash(token);
        retrying(|| self.storage.release_marriage_hold(&hash, now_ms()))
            .await
            .map_err(|e| internal(ctx, "release hold", &e))?;
        Ok(())
    }

    /// A booking for its code and either party's document number (rate-limited; a wrong code
    /// and a wrong document get the same answer).
    pub async fn find(
        &self,
        ctx: &RequestCtx,
        form: &ManageForm,
    ) -> Result<(ManageRequest, BookingRow, StoredBooking), AppError> {
        let request = ManageRequest::parse(form).map_err(AppError::Invalid)?;
        self.take(
            ctx,
            format!("marriage-lookup-client:{}", client_bucket(ctx.client_ip)),
            LOOKUPS_PER_CLIENT,
        )
        .await?;
        self.take(
            ctx,
            format!("marriage-lookup-code:{}", request.code.as_str()),
            LOOKUPS_PER_CODE,
        )
        .await?;
        let row = self
            .storage
            .marriage_booking_by_code(request.code.as_str())
            .await
            .map_err(|e| internal(ctx, "booking lookup", &e))?;
        let not_found = || AppError::Invalid(field_error("code", &BookingError::NotFound));
        let row = row
            .filter(|r| r.status != "held" && r.status != "expired")
            .ok_or_else(not_found)?;
        let stored = self.decrypt(&row).ok_or_else(not_found)?;
        let typed = lookup_keys(&request.document_number);
        let matches = stored.parties.iter().any(|p| {
            let key = stored_lookup_key(p);
            typed.iter().any(|t| same(t, &key))
        });
        if !matches {
            return Err(not_found());
        }
        Ok((request, row, stored))
    }

    pub async fn cancel(&self, ctx: &RequestCtx, row: &BookingRow) -> Result<(), AppError> {
        if row.status != "booked" {
            return Err(AppError::Invalid(field_error(
                "code",
                &BookingError::NotCancellable,
            )));
        }
        let office = self
            .storage
            .marriage_office(row.office_id)
            .await
            .map_err(|e| internal(ctx, "office", &e))?;
        let n = self.notification(row, "sms-marriage-cancelled", office.as_ref());
        let done = retrying(|| {
            self.storage
                .cancel_marriage_booking(row.id, now_ms(), n.as_ref())
        })
        .await
        .map_err(|e| internal(ctx, "cancel", &e))?;
        if !done {
            return Err(AppError::Invalid(field_error(
                "code",
                &BookingError::NotCancellable,
            )));
        }
        tracing::info!(booking = row.id, "marriage booking cancelled by the couple");
        Ok(())
    }

    /// The parties of a stored booking, re-checked as of today (for rescheduling).
    pub async fn recheck(
        &self,
        ctx: &RequestCtx,
        row: &BookingRow,
        stored: &StoredBooking,
    ) -> Result<Checked, AppError> {
        let form = stored_form(&row.service, stored);
        let parties = Parties::parse(&form, ctx.today).map_err(AppError::Invalid)?;
        let person_indexes: Vec<String> = std::iter::once(&parties.party_a)
            .chain(parties.party_b.as_ref())
            .map(|p| person_index(&self.vault, &p.document))
            .collect();
        let cooling_off = row
            .received_on
            .as_deref()
            .and_then(|d| Date::parse(d).ok())
            .and_then(|d| CoolingOff::from_received(d, self.calendar.as_ref()));
        Ok(Checked {
            party_indexes: (person_indexes[0].clone(), person_indexes.get(1).cloned()),
            person_indexes,
            parties,
            cooling_off,
            accepting_office: Some(row.office_id),
            precheck: Precheck::default(),
        })
    }

    /// Moves a booking to another slot of its office (same rules as a new booking).
    pub async fn reschedule(
        &self,
        ctx: &RequestCtx,
        row: &BookingRow,
        checked: &Checked,
        date: Date,
        raw_slot: &str,
    ) -> Result<(), AppError> {
        let office = self
            .storage
            .marriage_office(row.office_id)
            .await
            .map_err(|e| internal(ctx, "office", &e))?
            .ok_or_else(|| AppError::Invalid(field_error("date", &BookingError::OfficeUnknown)))?;
        let (start, capacity) = self
            .chosen_slot(ctx, &office, date, checked.parties.service, raw_slot)
            .await?;
        let to = SlotKey {
            office_id: office.id,
            date: date.to_string(),
            start_minute: i64::from(start.minutes()),
            service: row.service.clone(),
        };
        let moved = BookingRow {
            date: to.date.clone(),
            start_minute: to.start_minute,
            ..row.clone()
        };
        let n = self.notification(&moved, "sms-marriage-rescheduled", Some(&office));
        match retrying(|| {
            self.storage.reschedule_marriage_booking(
                row.id,
                &to,
                i64::from(capacity),
                now_ms(),
                n.as_ref(),
            )
        })
        .await
        {
            Ok(HoldOutcome::Held { .. }) => Ok(()),
            Ok(HoldOutcome::Full) => Err(AppError::Invalid(field_error(
                "slot",
                &BookingError::SlotFull,
            ))),
            Ok(HoldOutcome::Closed) => Err(AppError::Invalid(field_error(
                "date",
                &BookingError::DayClosed,
            ))),
            Ok(HoldOutcome::AlreadyBooked | HoldOutcome::NotActive) => Err(AppError::Invalid(
                field_error("code", &BookingError::NotCancellable),
            )),
            Err(e) => Err(internal(ctx, "reschedule", &e)),
        }
    }

    /// Queues tomorrow's reminders (the day before, policy: a reminder through the outbox).
    pub async fn queue_reminders(&self, now: i64) -> Result<u64, crate::storage::StorageError> {
        let (today, minute) = china_now(now);
        // Reminders are sent in the daytime (09:00–20:00 China time), not by the first sweep
        // after midnight.
        if !(REMINDER_FROM..REMINDER_UNTIL).contains(&minute) {
            return Ok(0);
        }
        let Some(tomorrow) = today.add_days(1) else {
            return Ok(0);
        };
        let mut queued = 0;
        for row in self
            .storage
            .marriage_bookings_to_remind(&tomorrow.to_string(), 500)
            .await?
        {
            let office = self.storage.marriage_office(row.office_id).await?;
            if let Some(n) = self.notification(&row, "sms-marriage-reminder", office.as_ref()) {
                if self
                    .storage
                    .queue_marriage_reminder(row.id, &n, now)
                    .await?
                {
                    queued += 1;
                }
            }
        }
        Ok(queued)
    }

    /// The .ics calendar entry of a booking (RFC 5545), in China time.
    pub async fn ics(&self, ctx: &RequestCtx, row: &BookingRow) -> Result<String, AppError> {
        let view = self.booking_view(ctx, row, None).await?;
        Ok(offices::ics(row, &view, ctx.locale))
    }
}

fn document_number(d: &domain::identity::IdentityDocument) -> String {
    use domain::identity::IdentityDocument as D;
    match d {
        D::ResidentId { number } => number.as_str().to_owned(),
        D::HkMacaoPermit { number } => number.as_str().to_owned(),
        D::TaiwanPermit { number } => number.as_str().to_owned(),
        D::ResidencePermit { number } => number.as_str().to_owned(),
        D::PermanentResidence { number } => number.as_str().to_owned(),
        D::ForeignPassport { passport } => passport.number().to_owned(),
    }
}

fn document_country(d: &domain::identity::IdentityDocument) -> String {
    match d {
        domain::identity::IdentityDocument::ForeignPassport { passport } => {
            passport.country().to_owned()
        }
        _ => String::new(),
    }
}

/// First 2 and last 2 characters (what a couple sees of their own documents on a page that a
/// kiosk's next user might glimpse).
pub fn mask_number(n: &str) -> String {
    let chars: Vec<char> = n.chars().collect();
    if chars.len() <= 4 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 4))
}

fn stored_form(service: &str, s: &StoredBooking) -> PartiesForm {
    let party = |p: Option<&StoredParty>| {
        p.map(|p| PartyForm {
            document_kind: p.document_kind.clone(),
            document_number: p.document_number.clone(),
            country: p.country.clone(),
            name: p.name.clone(),
            sex: p.sex.clone(),
            birth_date: p.birth_date.clone(),
        })
        .unwrap_or_default()
    };
    PartiesForm {
        service: service.to_owned(),
        party_a: party(s.parties.first()),
        party_b: party(s.parties.get(1)),
        mobile: s.mobile.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_keys_cover_permit_renewals() {
        assert!(lookup_keys("h12345678 01").contains(&"H12345678".to_owned()));
        assert!(lookup_keys("1234567801").contains(&"12345678".to_owned()));
        let p = StoredParty {
            name: String::new(),
            document_kind: "hk_macao_permit".into(),
            document_number: "H1234567802".into(),
            country: String::new(),
            sex: String::new(),
            birth_date: String::new(),
        };
        assert!(lookup_keys("H1234567801")
            .iter()
            .any(|k| same(k, &stored_lookup_key(&p))));
        assert!(!lookup_keys("H1234567")
            .iter()
            .any(|k| same(k, &stored_lookup_key(&p))));
    }

    #[test]
    fn china_now_is_utc_plus_8() {
        // 2026-12-05T16:30:00Z is 2026-12-06 00:30 in China.
        let ms = 1_796_488_200_000;
        let (d, m) = china_now(ms);
        assert_eq!(d.to_string(), "2026-12-06");
        assert_eq!(m, 30);
    }

    #[test]
    fn tokens_are_64_hex() {
        assert!(parse_token(&"a".repeat(64)).is_some());
        assert!(parse_token(&"g".repeat(64)).is_none());
        assert!(parse_token("abc").is_none());
    }
}
