//! Booking marriage registration at any office nationwide (policy-rules.md §9, §13.5–13.7):
//! office opening hours and slots, special dates, admin closures, the booking window, the
//! divorce cooling-off period that decides when a certificate can be collected, and the
//! booking code a resident uses to manage a booking.
//!
//! Pure rules only: no clock, no randomness, no storage. "Today" is a China civil date the
//! caller passes in, randomness arrives as bytes, and capacity counting is the server's job;
//! this module says which days, slots and codes are valid. It is compiled into the browser
//! too, so the booking page shows exactly the choices the server accepts.
//!
//! There is no national slot standard (§9.4): hours, slot length, per-slot capacity and the
//! booking window are per-office parameters, with [`OfficeSchedule::standard`] as a default.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::{period_end, Date, DateError, HolidayCalendar, Period, Weekday};
use crate::form::FormErrors;
use crate::marriage::MarriageService;
use crate::message::{arg, Localized, MessageArg};
use crate::text::is_disallowed_invisible;

/// Bounds of an office's parameters. The slot length spans a quick 补领 (10 minutes) to a
/// half-day ceremony block; capacity per slot is far above any real counter count, only a
/// guard against typing errors; booking is at most 30 days ahead (issue 8).
pub const MIN_SLOT_MINUTES: u16 = 10;
pub const MAX_SLOT_MINUTES: u16 = 240;
pub const MAX_CAPACITY: u16 = 200;
pub const MAX_DAYS_AHEAD: u16 = 30;
/// A special date's label is shown in the slot picker next to the date.
pub const LABEL_MAX_CHARS: usize = 20;
/// A closure's reason is shown to residents whose booking it cancels.
pub const REASON_MAX_CHARS: usize = 60;
/// Longer than any document number the portal accepts (passports included).
pub const DOCUMENT_MAX_CHARS: usize = 32;

/// Form and text keys of the weekdays, Monday first (the index of [`OfficeSchedule::weekly`]).
pub const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Problems with an office's schedule, special dates and closures (entered by office admins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("time is not in the form HH:MM-HH:MM")]
    TimeFormat,
    #[error("closing time is not after opening time")]
    HoursOrder,
    #[error("opening hours are shorter than one slot of {min} minutes")]
    HoursShort { min: u16 },
    #[error("no day of the week is open")]
    NoOpenDay,
    #[error("slot length must be {min} to {max} minutes")]
    SlotLength { min: u16, max: u16 },
    #[error("capacity must be a whole number from {min} to {max}")]
    Capacity { min: u16, max: u16 },
    #[error("days ahead must be a whole number from {min} to {max}")]
    DaysAhead { min: u16, max: u16 },
    #[error("label is empty")]
    LabelEmpty,
    #[error("label is longer than {max} characters")]
    LabelTooLong { max: usize },
    #[error("label contains angle brackets, control or invisible characters")]
    LabelInvalidCharacter,
    #[error("reason is empty")]
    ReasonEmpty,
    #[error("reason is longer than {max} characters")]
    ReasonTooLong { max: usize },
    #[error("reason contains angle brackets, control or invisible characters")]
    ReasonInvalidCharacter,
    #[error("date must be {first} or later")]
    DatePast { first: Date },
    #[error("booking must open between {from} and {to}")]
    ReleaseRange { from: Date, to: Date },
    #[error("stored schedule text is malformed")]
    TextFormat,
}

impl ScheduleError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-schedule-time-format",
        "err-schedule-hours-order",
        "err-schedule-hours-short",
        "err-schedule-no-open-day",
        "err-schedule-slot-length",
        "err-schedule-capacity",
        "err-schedule-days-ahead",
        "err-schedule-label-empty",
        "err-schedule-label-too-long",
        "err-schedule-label-invalid-character",
        "err-schedule-reason-empty",
        "err-schedule-reason-too-long",
        "err-schedule-reason-invalid-character",
        "err-schedule-date-past",
        "err-schedule-release-range",
        "err-schedule-text-format",
    ];
}

impl Localized for ScheduleError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::TimeFormat => "err-schedule-time-format",
            Self::HoursOrder => "err-schedule-hours-order",
            Self::HoursShort { .. } => "err-schedule-hours-short",
            Self::NoOpenDay => "err-schedule-no-open-day",
            Self::SlotLength { .. } => "err-schedule-slot-length",
            Self::Capacity { .. } => "err-schedule-capacity",
            Self::DaysAhead { .. } => "err-schedule-days-ahead",
            Self::LabelEmpty => "err-schedule-label-empty",
            Self::LabelTooLong { .. } => "err-schedule-label-too-long",
            Self::LabelInvalidCharacter => "err-schedule-label-invalid-character",
            Self::ReasonEmpty => "err-schedule-reason-empty",
            Self::ReasonTooLong { .. } => "err-schedule-reason-too-long",
            Self::ReasonInvalidCharacter => "err-schedule-reason-invalid-character",
            Self::DatePast { .. } => "err-schedule-date-past",
            Self::ReleaseRange { .. } => "err-schedule-release-range",
            Self::TextFormat => "err-schedule-text-format",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::HoursShort { min } => vec![arg("min", min)],
            Self::SlotLength { min, max }
            | Self::Capacity { min, max }
            | Self::DaysAhead { min, max } => vec![arg("min", min), arg("max", max)],
            Self::LabelTooLong { max } | Self::ReasonTooLong { max } => vec![arg("max", max)],
            Self::DatePast { first } => vec![arg("date", first)],
            Self::ReleaseRange { from, to } => vec![arg("from", from), arg("to", to)],
            _ => Vec::new(),
        }
    }
}

/// Why a booking (or managing one) is refused; shown to residents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum BookingError {
    #[error("the earliest bookable day is {first}")]
    TooSoon { first: Date },
    #[error("the latest bookable day is {last}")]
    TooLate { last: Date },
    #[error("booking for this date opens on {release_on}")]
    NotReleased { release_on: Date },
    #[error("the cooling-off period is not over; collect from {from} to {to}")]
    CoolingOffNotOver { from: Date, to: Date },
    #[error("the collection period ended on {deadline}; the application is deemed withdrawn")]
    CollectPeriodOver { deadline: Date },
    #[error("the slot is fully booked")]
    SlotFull,
    #[error("no such slot")]
    SlotUnknown,
    #[error("no such office")]
    OfficeUnknown,
    #[error("the office does not handle Hong Kong, Macao, Taiwan or foreign parties")]
    OfficeNotDesignated,
    #[error("the office does not offer this service")]
    ServiceNotOffered,
    #[error("the person already has an active booking for this service")]
    AlreadyBooked,
    #[error("the held slot was released")]
    HoldExpired,
    #[error("no booking matches the code and document number")]
    NotFound,
    #[error("the booking can no longer be cancelled or changed")]
    NotCancellable,
    #[error("booking code is empty")]
    CodeEmpty,
    #[error("booking code is not 10 letters and digits")]
    CodeFormat,
    #[error("booking code has a typing error")]
    CodeCheck,
    #[error("the date on the acceptance receipt is missing")]
    ReceivedDateMissing,
    #[error("the date on the acceptance receipt is in the future")]
    ReceivedDateFuture,
    #[error("document number is empty")]
    DocumentEmpty,
    #[error("document number is longer than {max} characters")]
    DocumentFormat { max: usize },
    /// At the desk: the booking is for another day.
    #[error("the booking is for {date}")]
    NotToday { date: Date },
    /// At the desk: the couple has already been checked in.
    #[error("already checked in")]
    AlreadyArrived,
    /// At the desk: the day is already closed.
    #[error("the day is already closed")]
    DayClosed,
}

impl BookingError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-booking-too-soon",
        "err-booking-too-late",
        "err-booking-not-released",
        "err-booking-cooling-off",
        "err-booking-collect-over",
        "err-booking-slot-full",
        "err-booking-slot-unknown",
        "err-booking-office-unknown",
        "err-booking-office-not-designated",
        "err-booking-service-not-offered",
        "err-booking-already-booked",
        "err-booking-hold-expired",
        "err-booking-not-found",
        "err-booking-not-cancellable",
        "err-booking-code-empty",
        "err-booking-code-format",
        "err-booking-code-check",
        "err-booking-received-missing",
        "err-booking-received-future",
        "err-booking-document-empty",
        "err-booking-document-format",
        "err-booking-not-today",
        "err-booking-already-arrived",
        "err-booking-day-closed",
    ];
}

impl Localized for BookingError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::TooSoon { .. } => "err-booking-too-soon",
            Self::TooLate { .. } => "err-booking-too-late",
            Self::NotReleased { .. } => "err-booking-not-released",
            Self::CoolingOffNotOver { .. } => "err-booking-cooling-off",
            Self::CollectPeriodOver { .. } => "err-booking-collect-over",
            Self::SlotFull => "err-booking-slot-full",
            Self::SlotUnknown => "err-booking-slot-unknown",
            Self::OfficeUnknown => "err-booking-office-unknown",
            Self::OfficeNotDesignated => "err-booking-office-not-designated",
            Self::ServiceNotOffered => "err-booking-service-not-offered",
            Self::AlreadyBooked => "err-booking-already-booked",
            Self::HoldExpired => "err-booking-hold-expired",
            Self::NotFound => "err-booking-not-found",
            Self::NotCancellable => "err-booking-not-cancellable",
            Self::CodeEmpty => "err-booking-code-empty",
            Self::CodeFormat => "err-booking-code-format",
            Self::CodeCheck => "err-booking-code-check",
            Self::ReceivedDateMissing => "err-booking-received-missing",
            Self::ReceivedDateFuture => "err-booking-received-future",
            Self::DocumentEmpty => "err-booking-document-empty",
            Self::DocumentFormat { .. } => "err-booking-document-format",
            Self::NotToday { .. } => "err-booking-not-today",
            Self::AlreadyArrived => "err-booking-already-arrived",
            Self::DayClosed => "err-booking-day-closed",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::TooSoon { first: date }
            | Self::TooLate { last: date }
            | Self::NotReleased { release_on: date }
            | Self::CollectPeriodOver { deadline: date }
            | Self::NotToday { date } => vec![arg("date", date)],
            Self::CoolingOffNotOver { from, to } => vec![arg("from", from), arg("to", to)],
            Self::DocumentFormat { max } => vec![arg("max", max)],
            _ => Vec::new(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Times of day and opening hours
// ---------------------------------------------------------------------------------------------

/// A time of day in China time, in minutes since midnight (0..=1439).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    pub const LAST_MINUTE: u16 = 24 * 60 - 1;

    pub fn from_minutes(minutes: u16) -> Option<ClockTime> {
        (minutes <= Self::LAST_MINUTE).then_some(ClockTime(minutes))
    }

    pub fn from_hm(hour: u8, minute: u8) -> Option<ClockTime> {
        (hour < 24 && minute < 60).then(|| ClockTime(u16::from(hour) * 60 + u16::from(minute)))
    }

    pub fn minutes(self) -> u16 {
        self.0
    }

    pub fn hour(self) -> u8 {
        (self.0 / 60) as u8
    }

    pub fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }

    /// Parses `H:MM` or `HH:MM` (24-hour clock); a full-width colon is accepted because
    /// Chinese input methods type one.
    pub fn parse(raw: &str) -> Result<ClockTime, ScheduleError> {
        let s = raw.trim();
        if s.len() > 8 {
            return Err(ScheduleError::TimeFormat);
        }
        let s = s.replace('：', ":");
        let (h, m) = s.split_once(':').ok_or(ScheduleError::TimeFormat)?;
        let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if !(1..=2).contains(&h.len()) || m.len() != 2 || !digits(h) || !digits(m) {
            return Err(ScheduleError::TimeFormat);
        }
        let (h, m) = (h.parse::<u8>(), m.parse::<u8>());
        match (h, m) {
            (Ok(h), Ok(m)) => ClockTime::from_hm(h, m).ok_or(ScheduleError::TimeFormat),
            _ => Err(ScheduleError::TimeFormat),
        }
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl fmt::Debug for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

serde_via_parse!(ClockTime);

/// One day's opening hours, `open < close`. Serialized as `09:00-17:00`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct DayHours {
    pub open: ClockTime,
    pub close: ClockTime,
}

impl DayHours {
    pub fn new(open: ClockTime, close: ClockTime) -> Option<DayHours> {
        (open < close).then_some(DayHours { open, close })
    }

    /// 09:00–17:00: the hours a special date gets on a weekday the office is normally closed
    /// (a Sunday 七夕) when the admin did not give any.
    pub fn standard() -> DayHours {
        DayHours {
            open: ClockTime(9 * 60),
            close: ClockTime(17 * 60),
        }
    }

    /// Length in minutes (0 for a value built by hand with `close <= open`).
    pub fn minutes(self) -> u16 {
        self.close.0.saturating_sub(self.open.0)
    }

    /// Parses `09:00-17:00`; also `~`, `～`, `–`, `—` or `至` between the times, as admins
    /// copy them from published notices.
    pub fn parse(raw: &str) -> Result<DayHours, ScheduleError> {
        let s = raw.trim();
        if s.chars().count() > 24 {
            return Err(ScheduleError::TimeFormat);
        }
        let (open, close) = s
            .split_once(['-', '~', '～', '–', '—', '至'])
            .ok_or(ScheduleError::TimeFormat)?;
        let (open, close) = (ClockTime::parse(open)?, ClockTime::parse(close)?);
        DayHours::new(open, close).ok_or(ScheduleError::HoursOrder)
    }
}

impl fmt::Display for DayHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.open, self.close)
    }
}

impl fmt::Debug for DayHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

serde_via_parse!(DayHours);

/// Index of a weekday in [`OfficeSchedule::weekly`] and [`DAY_KEYS`].
pub fn weekday_index(day: Weekday) -> usize {
    match day {
        Weekday::Monday => 0,
        Weekday::Tuesday => 1,
        Weekday::Wednesday => 2,
        Weekday::Thursday => 3,
        Weekday::Friday => 4,
        Weekday::Saturday => 5,
        Weekday::Sunday => 6,
    }
}

/// Position of a service in [`MarriageService::ALL`], which is also its position in
/// [`OfficeSchedule::capacity`] and in the stored `cap=` line (so that order is fixed).
fn service_index(service: MarriageService) -> usize {
    match service {
        MarriageService::Marriage => 0,
        MarriageService::DivorceApplication => 1,
        MarriageService::DivorceCertificate => 2,
        MarriageService::ReplaceMarriageCertificate => 3,
        MarriageService::ReplaceDivorceCertificate => 4,
    }
}

// ---------------------------------------------------------------------------------------------
// The office schedule
// ---------------------------------------------------------------------------------------------

/// An office's regular booking parameters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawSchedule")]
pub struct OfficeSchedule {
    /// Index 0 = Monday … 6 = Sunday; `None` = closed that weekday.
    pub weekly: [Option<DayHours>; 7],
    /// 10..=240.
    pub slot_minutes: u16,
    /// Bookings per slot, indexed like [`MarriageService::ALL`]; 0 = service not offered.
    pub capacity: [u16; 5],
    /// ≥ 1: booking closes the day before at the latest, so the office can prepare the
    /// day's list and the 联网核对 (条例 第十条) is not done at the counter under time pressure.
    pub min_days_ahead: u16,
    /// ≥ `min_days_ahead`, ≤ 30.
    pub max_days_ahead: u16,
}

/// The unchecked shape, so deserializing runs [`OfficeSchedule::validate`].
#[derive(Deserialize)]
struct RawSchedule {
    weekly: [Option<DayHours>; 7],
    slot_minutes: u16,
    capacity: [u16; 5],
    min_days_ahead: u16,
    max_days_ahead: u16,
}

impl TryFrom<RawSchedule> for OfficeSchedule {
    type Error = ScheduleError;

    fn try_from(raw: RawSchedule) -> Result<Self, ScheduleError> {
        let schedule = OfficeSchedule {
            weekly: raw.weekly,
            slot_minutes: raw.slot_minutes,
            capacity: raw.capacity,
            min_days_ahead: raw.min_days_ahead,
            max_days_ahead: raw.max_days_ahead,
        };
        schedule.validate()?;
        Ok(schedule)
    }
}

impl OfficeSchedule {
    /// The default for a new office, from the practices policy-rules.md §9.4 observed (there
    /// is no national standard): weekdays 09:00–17:00 (Saturday service is a local choice the
    /// admin adds), 30-minute slots, 4 marriages, 2 divorce applications, 2 divorce
    /// certificates and 1 replacement of each kind per slot, bookable 1 to 30 days ahead
    /// (Beijing books ≥ 2 working days ahead; most provincial systems about a month).
    pub fn standard() -> OfficeSchedule {
        let weekday = Some(DayHours::standard());
        OfficeSchedule {
            weekly: [weekday, weekday, weekday, weekday, weekday, None, None],
            slot_minutes: 30,
            capacity: [4, 2, 2, 1, 1],
            min_days_ahead: 1,
            max_days_ahead: 30,
        }
    }

    pub fn capacity_for(&self, service: MarriageService) -> u16 {
        self.capacity[service_index(service)]
    }

    pub fn offers(&self, service: MarriageService) -> bool {
        self.capacity_for(service) > 0
    }

    pub fn check_offers(&self, service: MarriageService) -> Result<(), BookingError> {
        if self.offers(service) {
            Ok(())
        } else {
            Err(BookingError::ServiceNotOffered)
        }
    }

    /// The regular hours of `date`'s weekday.
    pub fn hours_on(&self, day: Weekday) -> Option<DayHours> {
        self.weekly[weekday_index(day)]
    }

    /// Slot start times within `hours`: from opening, every `slot_minutes`; a slot must end at
    /// or before closing, so a shortened last slot is never offered.
    pub fn slot_starts(&self, hours: DayHours) -> Vec<ClockTime> {
        // A hand-built schedule with 0 would loop forever; validated ones have ≥ 10.
        let step = u32::from(self.slot_minutes.max(1));
        let close = u32::from(hours.close.0);
        let mut start = u32::from(hours.open.0);
        let mut starts = Vec::new();
        while start + step <= close {
            starts.push(ClockTime(start as u16));
            start += step;
        }
        starts
    }

    /// Checks every invariant; `from_text`, `parse_form` and deserialization all run it.
    pub fn validate(&self) -> Result<(), ScheduleError> {
        if !(MIN_SLOT_MINUTES..=MAX_SLOT_MINUTES).contains(&self.slot_minutes) {
            return Err(ScheduleError::SlotLength {
                min: MIN_SLOT_MINUTES,
                max: MAX_SLOT_MINUTES,
            });
        }
        for hours in self.weekly.iter().flatten() {
            if hours.open >= hours.close {
                return Err(ScheduleError::HoursOrder);
            }
            if hours.minutes() < self.slot_minutes {
                return Err(ScheduleError::HoursShort {
                    min: self.slot_minutes,
                });
            }
        }
        if self.weekly.iter().all(Option::is_none) {
            return Err(ScheduleError::NoOpenDay);
        }
        if self.capacity.iter().any(|c| *c > MAX_CAPACITY) {
            return Err(ScheduleError::Capacity {
                min: 0,
                max: MAX_CAPACITY,
            });
        }
        if !(1..=MAX_DAYS_AHEAD).contains(&self.min_days_ahead) {
            return Err(ScheduleError::DaysAhead {
                min: 1,
                max: MAX_DAYS_AHEAD,
            });
        }
        if !(self.min_days_ahead..=MAX_DAYS_AHEAD).contains(&self.max_days_ahead) {
            return Err(ScheduleError::DaysAhead {
                min: self.min_days_ahead,
                max: MAX_DAYS_AHEAD,
            });
        }
        Ok(())
    }

    /// The stored form (a DB TEXT column): one `key=value` line per field, e.g.
    ///
    /// ```text
    /// mon=09:00-17:00
    /// …
    /// sat=closed
    /// sun=closed
    /// slot=30
    /// cap=4,2,2,1,1
    /// window=1-30
    /// ```
    ///
    /// Readable in a database console and diffable in the audit log; `cap` follows the order
    /// of [`MarriageService::ALL`] (pinned by a test, so stored rows keep their meaning).
    pub fn to_text(&self) -> String {
        let mut lines: Vec<String> = DAY_KEYS
            .iter()
            .zip(&self.weekly)
            .map(|(key, hours)| match hours {
                Some(h) => format!("{key}={h}"),
                None => format!("{key}=closed"),
            })
            .collect();
        lines.push(format!("slot={}", self.slot_minutes));
        let caps: Vec<String> = self.capacity.iter().map(u16::to_string).collect();
        lines.push(format!("cap={}", caps.join(",")));
        lines.push(format!(
            "window={}-{}",
            self.min_days_ahead, self.max_days_ahead
        ));
        lines.join("\n")
    }

    /// Reads [`OfficeSchedule::to_text`]'s form back: every key exactly once (any order, blank
    /// lines and `\r\n` tolerated), then every invariant checked. A row edited by hand into
    /// something invalid is refused rather than half-applied.
    pub fn from_text(text: &str) -> Result<OfficeSchedule, ScheduleError> {
        use ScheduleError::TextFormat;
        if text.len() > 1024 {
            return Err(TextFormat);
        }
        let mut weekly: [Option<Option<DayHours>>; 7] = [None; 7];
        let (mut slot, mut cap, mut window) = (None, None, None);
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let (key, value) = line.split_once('=').ok_or(TextFormat)?;
            let (key, value) = (key.trim(), value.trim());
            if let Some(i) = DAY_KEYS.iter().position(|k| *k == key) {
                let hours = match value {
                    "closed" => None,
                    v => Some(DayHours::parse(v)?),
                };
                if weekly[i].replace(hours).is_some() {
                    return Err(TextFormat);
                }
                continue;
            }
            let duplicate = match key {
                "slot" => slot
                    .replace(small_number(value).ok_or(ScheduleError::SlotLength {
                        min: MIN_SLOT_MINUTES,
                        max: MAX_SLOT_MINUTES,
                    })?)
                    .is_some(),
                "cap" => {
                    let values: Vec<&str> = value.split(',').collect();
                    let mut caps = [0u16; 5];
                    if values.len() != caps.len() {
                        return Err(TextFormat);
                    }
                    for (c, v) in caps.iter_mut().zip(values) {
                        *c = small_number(v).ok_or(ScheduleError::Capacity {
                            min: 0,
                            max: MAX_CAPACITY,
                        })?;
                    }
                    cap.replace(caps).is_some()
                }
                "window" => {
                    let (min, max) = value.split_once('-').ok_or(TextFormat)?;
                    let range = (small_number(min), small_number(max));
                    let (Some(min), Some(max)) = range else {
                        return Err(TextFormat);
                    };
                    window.replace((min, max)).is_some()
                }
                _ => return Err(TextFormat),
            };
            if duplicate {
                return Err(TextFormat);
            }
        }
        let mut days = [None; 7];
        for (day, parsed) in days.iter_mut().zip(weekly) {
            *day = parsed.ok_or(TextFormat)?;
        }
        let (Some(slot_minutes), Some(capacity), Some((min_days_ahead, max_days_ahead))) =
            (slot, cap, window)
        else {
            return Err(TextFormat);
        };
        let schedule = OfficeSchedule {
            weekly: days,
            slot_minutes,
            capacity,
            min_days_ahead,
            max_days_ahead,
        };
        schedule.validate()?;
        Ok(schedule)
    }

    /// Parses the admin's schedule form, every problem at its field (the field names of
    /// [`ScheduleForm`]), in page order.
    pub fn parse_form(form: &ScheduleForm) -> Result<OfficeSchedule, FormErrors> {
        let mut errors = FormErrors::new();
        let slot = number_in(&form.slot_minutes, MIN_SLOT_MINUTES, MAX_SLOT_MINUTES).ok_or(
            ScheduleError::SlotLength {
                min: MIN_SLOT_MINUTES,
                max: MAX_SLOT_MINUTES,
            },
        );
        let mut weekly = [None; 7];
        let mut day_errors = false;
        for (i, (field, raw)) in DAY_KEYS.iter().zip(form.days()).enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            match DayHours::parse(raw) {
                Ok(hours) => match slot {
                    Ok(min) if hours.minutes() < min => {
                        errors.push(field, &ScheduleError::HoursShort { min });
                        day_errors = true;
                    }
                    _ => weekly[i] = Some(hours),
                },
                Err(e) => {
                    errors.push(field, &e);
                    day_errors = true;
                }
            }
        }
        // A day typed wrongly was meant to be open: fix that first.
        if !day_errors && weekly.iter().all(Option::is_none) {
            errors.push("mon", &ScheduleError::NoOpenDay);
        }
        let slot_minutes = errors.field("slot_minutes", slot);
        let mut capacity = [0u16; 5];
        let mut capacity_ok = true;
        for (c, (field, raw)) in capacity.iter_mut().zip(form.capacities()) {
            let parsed = number_in(raw, 0, MAX_CAPACITY).ok_or(ScheduleError::Capacity {
                min: 0,
                max: MAX_CAPACITY,
            });
            match errors.field(field, parsed) {
                Some(v) => *c = v,
                None => capacity_ok = false,
            }
        }
        let min_days = errors.field(
            "min_days_ahead",
            number_in(&form.min_days_ahead, 1, MAX_DAYS_AHEAD).ok_or(ScheduleError::DaysAhead {
                min: 1,
                max: MAX_DAYS_AHEAD,
            }),
        );
        let floor = min_days.unwrap_or(1);
        let max_days = errors.field(
            "max_days_ahead",
            number_in(&form.max_days_ahead, floor, MAX_DAYS_AHEAD).ok_or(
                ScheduleError::DaysAhead {
                    min: floor,
                    max: MAX_DAYS_AHEAD,
                },
            ),
        );
        match (slot_minutes, min_days, max_days) {
            (Some(slot_minutes), Some(min_days_ahead), Some(max_days_ahead))
                if errors.is_empty() && capacity_ok =>
            {
                let schedule = OfficeSchedule {
                    weekly,
                    slot_minutes,
                    capacity,
                    min_days_ahead,
                    max_days_ahead,
                };
                // Everything was checked field by field; this is a guard, not a second rule.
                if let Err(e) = schedule.validate() {
                    errors.push("mon", &e);
                    return Err(errors);
                }
                Ok(schedule)
            }
            _ => Err(errors),
        }
    }

    /// The form an admin edits, filled with this schedule.
    pub fn to_form(&self) -> ScheduleForm {
        let day = |i: usize| self.weekly[i].map(|h| h.to_string()).unwrap_or_default();
        let cap = |s: MarriageService| self.capacity_for(s).to_string();
        ScheduleForm {
            mon: day(0),
            tue: day(1),
            wed: day(2),
            thu: day(3),
            fri: day(4),
            sat: day(5),
            sun: day(6),
            slot_minutes: self.slot_minutes.to_string(),
            cap_marriage: cap(MarriageService::Marriage),
            cap_divorce_application: cap(MarriageService::DivorceApplication),
            cap_divorce_certificate: cap(MarriageService::DivorceCertificate),
            cap_replace_marriage: cap(MarriageService::ReplaceMarriageCertificate),
            cap_replace_divorce: cap(MarriageService::ReplaceDivorceCertificate),
            min_days_ahead: self.min_days_ahead.to_string(),
            max_days_ahead: self.max_days_ahead.to_string(),
        }
    }
}

/// A whole number of at most 4 ASCII digits (no sign, no spaces inside).
fn small_number(raw: &str) -> Option<u16> {
    let s = raw.trim();
    (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

fn number_in(raw: &str, min: u16, max: u16) -> Option<u16> {
    small_number(raw).filter(|n| (min..=max).contains(n))
}

/// The admin's form for an office's regular schedule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScheduleForm {
    /// `09:00-17:00`, or empty when closed.
    pub mon: String,
    pub tue: String,
    pub wed: String,
    pub thu: String,
    pub fri: String,
    pub sat: String,
    pub sun: String,
    pub slot_minutes: String,
    pub cap_marriage: String,
    pub cap_divorce_application: String,
    pub cap_divorce_certificate: String,
    pub cap_replace_marriage: String,
    pub cap_replace_divorce: String,
    pub min_days_ahead: String,
    pub max_days_ahead: String,
}

impl ScheduleForm {
    fn days(&self) -> [&String; 7] {
        [
            &self.mon, &self.tue, &self.wed, &self.thu, &self.fri, &self.sat, &self.sun,
        ]
    }

    /// Field names and values in the order of [`MarriageService::ALL`].
    fn capacities(&self) -> [(&'static str, &String); 5] {
        [
            ("cap_marriage", &self.cap_marriage),
            ("cap_divorce_application", &self.cap_divorce_application),
            ("cap_divorce_certificate", &self.cap_divorce_certificate),
            ("cap_replace_marriage", &self.cap_replace_marriage),
            ("cap_replace_divorce", &self.cap_replace_divorce),
        ]
    }
}

// ---------------------------------------------------------------------------------------------
// Special dates, closures and the plan of one day
// ---------------------------------------------------------------------------------------------

/// A date with extra demand (5月20日, 七夕, 2月14日 …): MCA encourages offices to meet it
/// but sets no rule (policy-rules.md §9.4, MCA reply of 2024-08-05), so each office opts in.
/// It may open a weekend or a public holiday, change the hours and the 结婚登记 quota, and
/// open booking on a fixed day for everyone at once instead of a rolling window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialDate {
    pub date: Date,
    /// ≤ 20 characters, no `<` `>`, control or invisible characters.
    pub label: String,
    /// `None` = the weekday's usual hours (09:00–17:00 if the office is closed that weekday).
    pub hours: Option<DayHours>,
    /// Per-slot quota for 结婚登记 that day; other services keep the schedule's capacity.
    pub marriage_capacity: u16,
    /// Booking for this date opens on this day (China time) instead of `max_days_ahead`
    /// before it.
    pub release_on: Date,
}

/// The demand dates offices commonly open for (policy-rules.md §9.4), as suggestions for the
/// admin page: 2月14日 and 5月20日 every year, and 七夕.
///
/// 七夕 is the 7th day of the 7th lunar month; this crate has no lunar calendar, so only
/// verified years are listed: 2026-08-19 (the 7th month begins with the new moon of 13 August
/// 2026, China time) and 2027-08-08 (new moon 2 August 2027; no leap month before it in
/// 2027). Other years return no 七夕: admins add it themselves from the published calendar.
pub fn default_special_dates(year: i32) -> Vec<(Date, &'static str)> {
    const QIXI: [(i32, u8, u8); 2] = [(2026, 8, 19), (2027, 8, 8)];
    let mut dates: Vec<(Date, &'static str)> = [(2, 14, "2月14日"), (5, 20, "5月20日")]
        .into_iter()
        .filter_map(|(m, d, label)| Some((Date::from_ymd(year, m, d)?, label)))
        .collect();
    dates.extend(
        QIXI.iter()
            .filter(|(y, _, _)| *y == year)
            .filter_map(|(y, m, d)| Some((Date::from_ymd(*y, *m, *d)?, "七夕"))),
    );
    dates.sort();
    dates
}

/// The admin's form for a special date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SpecialDateForm {
    pub date: String,
    pub label: String,
    /// Empty, or `09:00-17:00`.
    pub hours: String,
    pub marriage_capacity: String,
    pub release_on: String,
}

impl SpecialDate {
    /// Parses the admin's form as of `today`: the date after today (today's list is already
    /// fixed), the release day from today up to the date itself.
    pub fn parse_form(form: &SpecialDateForm, today: Date) -> Result<SpecialDate, FormErrors> {
        let mut errors = FormErrors::new();
        let date = match Date::parse(&form.date) {
            Ok(d) if d <= today => {
                let first = today.add_days(1).unwrap_or(today);
                errors.push("date", &ScheduleError::DatePast { first });
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.push("date", &e);
                None
            }
        };
        let label = errors.field("label", label_text(&form.label));
        let hours = if form.hours.trim().is_empty() {
            Some(None)
        } else {
            errors
                .field("hours", DayHours::parse(&form.hours))
                .map(Some)
        };
        // A special date exists to open 结婚登记, so a zero quota is a mistake.
        let capacity = errors.field(
            "marriage_capacity",
            number_in(&form.marriage_capacity, 1, MAX_CAPACITY).ok_or(ScheduleError::Capacity {
                min: 1,
                max: MAX_CAPACITY,
            }),
        );
        let release_on = match Date::parse(&form.release_on) {
            Ok(r) if r < today || date.is_some_and(|d| r > d) => {
                let to = date.unwrap_or(r.max(today));
                errors.push(
                    "release_on",
                    &ScheduleError::ReleaseRange { from: today, to },
                );
                None
            }
            Ok(r) => Some(r),
            Err(e) => {
                errors.push("release_on", &e);
                None
            }
        };
        match (date, label, hours, capacity, release_on) {
            (Some(date), Some(label), Some(hours), Some(marriage_capacity), Some(release_on)) => {
                Ok(SpecialDate {
                    date,
                    label,
                    hours,
                    marriage_capacity,
                    release_on,
                })
            }
            _ => Err(errors),
        }
    }

    pub fn to_form(&self) -> SpecialDateForm {
        SpecialDateForm {
            date: self.date.to_string(),
            label: self.label.clone(),
            hours: self.hours.map(|h| h.to_string()).unwrap_or_default(),
            marriage_capacity: self.marriage_capacity.to_string(),
            release_on: self.release_on.to_string(),
        }
    }
}

/// A day an admin closes the office (training, relocation, system outage …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub date: Date,
    /// ≤ 60 characters; shown to residents whose bookings it affects.
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClosureForm {
    pub date: String,
    pub reason: String,
}

impl Closure {
    /// Today may still be closed (an outage this morning); the past cannot.
    pub fn parse_form(form: &ClosureForm, today: Date) -> Result<Closure, FormErrors> {
        let mut errors = FormErrors::new();
        let date = match Date::parse(&form.date) {
            Ok(d) if d < today => {
                errors.push("date", &ScheduleError::DatePast { first: today });
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                errors.push("date", &e);
                None
            }
        };
        let reason = errors.field("reason", reason_text(&form.reason));
        match (date, reason) {
            (Some(date), Some(reason)) => Ok(Closure { date, reason }),
            _ => Err(errors),
        }
    }
}

enum ShortTextProblem {
    Empty,
    TooLong,
    InvalidCharacter,
}

/// Trimmed one-line text of at most `max` characters. Angle brackets are refused besides
/// control and disguising characters: labels end up in SMS texts and exported lists, where
/// nothing escapes them.
fn short_text(raw: &str, max: usize) -> Result<String, ShortTextProblem> {
    if raw.len() > max * 4 + 64 {
        return Err(ShortTextProblem::TooLong);
    }
    let s = raw.trim();
    if s.is_empty() {
        return Err(ShortTextProblem::Empty);
    }
    if s.chars()
        .any(|c| c.is_control() || is_disallowed_invisible(c) || c == '<' || c == '>')
    {
        return Err(ShortTextProblem::InvalidCharacter);
    }
    if s.chars().count() > max {
        return Err(ShortTextProblem::TooLong);
    }
    Ok(s.to_owned())
}

fn label_text(raw: &str) -> Result<String, ScheduleError> {
    short_text(raw, LABEL_MAX_CHARS).map_err(|p| match p {
        ShortTextProblem::Empty => ScheduleError::LabelEmpty,
        ShortTextProblem::TooLong => ScheduleError::LabelTooLong {
            max: LABEL_MAX_CHARS,
        },
        ShortTextProblem::InvalidCharacter => ScheduleError::LabelInvalidCharacter,
    })
}

fn reason_text(raw: &str) -> Result<String, ScheduleError> {
    short_text(raw, REASON_MAX_CHARS).map_err(|p| match p {
        ShortTextProblem::Empty => ScheduleError::ReasonEmpty,
        ShortTextProblem::TooLong => ScheduleError::ReasonTooLong {
            max: REASON_MAX_CHARS,
        },
        ShortTextProblem::InvalidCharacter => ScheduleError::ReasonInvalidCharacter,
    })
}

/// An open day of an office: its hours and, on a special date, the label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayPlan {
    pub date: Date,
    pub hours: DayHours,
    pub special: Option<String>,
}

/// Whether and when an office is open on `date`; `None` = closed.
///
/// In order:
/// 1. An admin closure closes the day, even a special date (the closure is the later, more
///    specific decision: a burst pipe beats 5月20日).
/// 2. A special date opens with its hours, else the weekday's, else 09:00–17:00 — it may
///    fall on a weekend or holiday, that is its purpose (§9.4).
/// 3. A public holiday closes the office, also one falling on a Saturday the office
///    normally serves (Xiamen: Monday to Saturday except holidays, §9.4). An office that
///    does serve on a holiday (Wuhan: by appointment) opens it as a special date.
/// 4. A 调休 make-up working day on a weekend is a working day: the office serves as on a
///    weekday. Which weekday the notice swaps it for is not in the data, so the hours of the
///    first Monday–Friday with hours are used.
/// 5. Otherwise the weekday's regular hours (ordinary Saturdays included).
///
/// `special` is ignored unless it is for `date`.
pub fn day_plan(
    schedule: &OfficeSchedule,
    date: Date,
    calendar: &impl HolidayCalendar,
    closed: bool,
    special: Option<&SpecialDate>,
) -> Option<DayPlan> {
    if closed {
        return None;
    }
    let regular = schedule.hours_on(date.weekday());
    if let Some(special) = special.filter(|s| s.date == date) {
        return Some(DayPlan {
            date,
            hours: special.hours.or(regular).unwrap_or_else(DayHours::standard),
            special: Some(special.label.clone()),
        });
    }
    if calendar.is_public_holiday(date) {
        return None;
    }
    let hours = if date.is_weekend() && calendar.is_working_day(date) {
        schedule.weekly[..5]
            .iter()
            .flatten()
            .next()
            .copied()
            .or(regular)
    } else {
        regular
    }?;
    Some(DayPlan {
        date,
        hours,
        special: None,
    })
}

/// Per-slot capacity of `service` on a day, given its special date if any.
pub fn capacity_on(
    schedule: &OfficeSchedule,
    service: MarriageService,
    special: Option<&SpecialDate>,
) -> u16 {
    match special {
        Some(s) if service == MarriageService::Marriage => s.marriage_capacity,
        _ => schedule.capacity_for(service),
    }
}

/// Couples with a Hong Kong, Macao, Taiwan or foreign party register only at offices the
/// province designates (条例 第二条第二款; policy-rules.md §9.3 "Registry competence").
pub fn check_office_competence(
    needs_designated: bool,
    office_designated: bool,
) -> Result<(), BookingError> {
    if needs_designated && !office_designated {
        Err(BookingError::OfficeNotDesignated)
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The booking window
// ---------------------------------------------------------------------------------------------

/// `date + days`, saturating at the last supported date: only reachable near year 2200, where
/// a saturated bound still refuses rather than wraps.
fn add_days_saturating(date: Date, days: u16) -> Date {
    date.add_days(i64::from(days))
        .or_else(|| Date::from_ymd(Date::MAX_YEAR, 12, 31))
        .unwrap_or(date)
}

/// First and last bookable dates (inclusive) for a booking made on `today`.
pub fn booking_window(schedule: &OfficeSchedule, today: Date) -> (Date, Date) {
    (
        add_days_saturating(today, schedule.min_days_ahead),
        add_days_saturating(today, schedule.max_days_ahead),
    )
}

/// Whether `date` may be booked on `today`. The minimum lead time always applies. A special
/// date is bookable from its release day on, however far ahead it is, and not before it even
/// when the rolling window already reaches it — a fixed opening moment is fairer than one
/// that depends on each office's window (and lets residents plan for it). `special` is
/// ignored unless it is for `date`.
pub fn date_bookable(
    schedule: &OfficeSchedule,
    today: Date,
    date: Date,
    special: Option<&SpecialDate>,
) -> Result<(), BookingError> {
    let (first, last) = booking_window(schedule, today);
    if date < first {
        return Err(BookingError::TooSoon { first });
    }
    match special.filter(|s| s.date == date) {
        Some(s) if today < s.release_on => Err(BookingError::NotReleased {
            release_on: s.release_on,
        }),
        Some(_) => Ok(()),
        None if date > last => Err(BookingError::TooLate { last }),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// The divorce cooling-off period
// ---------------------------------------------------------------------------------------------

/// 离婚冷静期 (民法典 第1077条; policy-rules.md §9.2, §13.6): either party may withdraw the
/// application within 30 days from the day the office receives it; within 30 days after that
/// period ends both must appear to collect the certificate, or the application is deemed
/// withdrawn. Periods are counted by 第201、203条: the start day is not counted, and a period
/// ending on a statutory rest day ends on the first working day after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoolingOff {
    /// T0, the date on the 《离婚登记申请受理回执单》.
    pub received: Date,
    /// W: the last day to withdraw.
    pub withdraw_deadline: Date,
    /// C: the last day to collect; the collect window is (W, C].
    pub collect_deadline: Date,
}

impl CoolingOff {
    /// W = legal_end(T0 + 30 days), C = legal_end(W + 30 days). `None` only past year 2200.
    pub fn from_received(received: Date, calendar: &impl HolidayCalendar) -> Option<CoolingOff> {
        let withdraw_deadline = period_end(received, Period::Days(30), calendar)?;
        let collect_deadline = period_end(withdraw_deadline, Period::Days(30), calendar)?;
        Some(CoolingOff {
            received,
            withdraw_deadline,
            collect_deadline,
        })
    }

    /// The first day the certificate can be collected (the day after W; the office may still
    /// be closed that day, which [`day_plan`] decides).
    pub fn first_collect_day(&self) -> Date {
        add_days_saturating(self.withdraw_deadline, 1)
    }

    /// Whether a 离婚领证 booking may be made for `date`: strictly after W, at the latest C.
    pub fn check_collect_date(&self, date: Date) -> Result<(), BookingError> {
        if date <= self.withdraw_deadline {
            Err(BookingError::CoolingOffNotOver {
                from: self.first_collect_day(),
                to: self.collect_deadline,
            })
        } else if date > self.collect_deadline {
            Err(BookingError::CollectPeriodOver {
                deadline: self.collect_deadline,
            })
        } else {
            Ok(())
        }
    }

    /// Past C without the certificate: the application is deemed withdrawn (第1077条第二款).
    pub fn is_deemed_withdrawn(&self, today: Date) -> bool {
        today > self.collect_deadline
    }

    /// Parses the receipt's date a resident types for a 离婚领证 booking, reporting at
    /// `field`: required, a valid date, not after today.
    pub fn parse_received(raw: &str, today: Date, field: &str) -> Result<Date, FormErrors> {
        let mut errors = FormErrors::new();
        match Date::parse(raw) {
            Ok(d) if d > today => errors.push(field, &BookingError::ReceivedDateFuture),
            Ok(d) => return Ok(d),
            Err(DateError::Empty) => errors.push(field, &BookingError::ReceivedDateMissing),
            Err(e) => errors.push(field, &e),
        }
        Err(errors)
    }
}

// ---------------------------------------------------------------------------------------------
// Booking codes
// ---------------------------------------------------------------------------------------------

/// Crockford's base32 alphabet: no I, L, O (read as 1, 1, 0) and no U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_DATA_CHARS: usize = 9;
const CODE_CHARS: usize = CODE_DATA_CHARS + 1;

/// Multiplication in GF(32) = GF(2)[x] / (x⁵ + x² + 1), a primitive polynomial, so x (= 2)
/// generates all 31 non-zero elements.
const fn gf32_mul(a: u8, b: u8) -> u8 {
    let (mut a, mut b, mut product) = (a, b, 0u8);
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        b >>= 1;
        a <<= 1;
        if a & 0x20 != 0 {
            a ^= 0b10_0101;
        }
    }
    product
}

/// Weight of position `i` (0..10): x^(9−i), so the check character's weight is 1. All ten are
/// distinct and non-zero.
const fn weight(i: usize) -> u8 {
    let mut w = 1;
    let mut k = i;
    while k < CODE_CHARS - 1 {
        w = gf32_mul(w, 2);
        k += 1;
    }
    w
}

/// Σ wᵢ·vᵢ over GF(32) (addition is XOR).
fn weighted_sum(values: &[u8]) -> u8 {
    values
        .iter()
        .enumerate()
        .fold(0, |sum, (i, v)| sum ^ gf32_mul(weight(i), *v))
}

/// A booking's reference: 9 random Crockford base32 characters (45 bits) and a check
/// character, shown as `XXXXX-XXXXX`. With the document number of a party it lets a resident
/// look up, cancel or reschedule the booking without an account.
///
/// The check character makes the weighted sum Σ x^(9−i)·vᵢ over GF(32) zero: a linear code
/// with distinct non-zero weights, so any single wrong character (the weight times a non-zero
/// difference is non-zero) and any swap of two characters, adjacent or not ((wᵢ − wⱼ)·(a − b)
/// ≠ 0), is detected, check character included — the typing errors that would otherwise show
/// "no such booking" and send a resident to the phone. It uses the same 32 characters, so
/// the code stays readable aloud without Crockford's extra check symbols (`*~$=U`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BookingCode(String);

impl BookingCode {
    /// A code from 6 random bytes (the caller's CSPRNG; this crate has no randomness): the
    /// low 45 bits, 5 bits per character, so every code is equally likely.
    pub fn generate(random: [u8; 6]) -> BookingCode {
        let mut bits = random
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let mut values = [0u8; CODE_CHARS];
        for v in values[..CODE_DATA_CHARS].iter_mut().rev() {
            *v = (bits & 0x1F) as u8;
            bits >>= 5;
        }
        values[CODE_DATA_CHARS] = weighted_sum(&values[..CODE_DATA_CHARS]);
        BookingCode(
            values
                .iter()
                .map(|v| ALPHABET[*v as usize] as char)
                .collect(),
        )
    }

    /// Parses a code as typed: case-insensitive, spaces and hyphens ignored, full-width
    /// characters accepted, O read as 0 and I/L as 1 (Crockford).
    pub fn parse(raw: &str) -> Result<BookingCode, BookingError> {
        if raw.len() > 64 {
            return Err(BookingError::CodeFormat);
        }
        let mut values = Vec::with_capacity(CODE_CHARS);
        for c in raw.chars() {
            let c = match c {
                '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                    char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
                }
                c => c,
            };
            let c = match c.to_ascii_uppercase() {
                ' ' | '\u{3000}' | '-' | '－' | '\t' => continue,
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            };
            let value = ALPHABET
                .iter()
                .position(|a| char::from(*a) == c)
                .ok_or(BookingError::CodeFormat)?;
            values.push(value as u8);
        }
        if values.is_empty() {
            return Err(BookingError::CodeEmpty);
        }
        if values.len() != CODE_CHARS {
            return Err(BookingError::CodeFormat);
        }
        if weighted_sum(&values) != 0 {
            return Err(BookingError::CodeCheck);
        }
        Ok(BookingCode(
            values
                .iter()
                .map(|v| ALPHABET[*v as usize] as char)
                .collect(),
        ))
    }

    /// The compact form, `XXXXXXXXXX` (for storage and lookup).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BookingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", &self.0[..5], &self.0[5..])
    }
}

/// Only the first two characters: half of the key to someone's booking should not end up in
/// a log through a stray `{:?}`.
impl fmt::Debug for BookingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BookingCode({}********)", &self.0[..2])
    }
}

serde_via_parse!(BookingCode);

// ---------------------------------------------------------------------------------------------
// Managing a booking
// ---------------------------------------------------------------------------------------------

/// Look up a booking to cancel or reschedule it: the code and either party's document number.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ManageForm {
    pub code: String,
    pub document_number: String,
}

redacted_debug!(ManageForm {
    code,
    document_number
});

#[derive(Clone, PartialEq, Eq)]
pub struct ManageRequest {
    pub code: BookingCode,
    /// Normalised like the document parsers do (trimmed, full-width folded, spaces and hyphens
    /// dropped, uppercase), so it equals the stored document's canonical form. The server
    /// compares its keyed hash with both parties' hashes, so the kind is not needed.
    pub document_number: String,
}

impl fmt::Debug for ManageRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ManageRequest")
            .field("code", &self.code)
            .field("document_number", &"<redacted>")
            .finish()
    }
}

impl ManageRequest {
    pub fn parse(form: &ManageForm) -> Result<ManageRequest, FormErrors> {
        let mut errors = FormErrors::new();
        let code = errors.field("code", BookingCode::parse(&form.code));
        let document_number = errors.field(
            "document_number",
            normalize_document_number(&form.document_number),
        );
        match (code, document_number) {
            (Some(code), Some(document_number)) => Ok(ManageRequest {
                code,
                document_number,
            }),
            _ => Err(errors),
        }
    }
}

fn normalize_document_number(raw: &str) -> Result<String, BookingError> {
    let too_long = BookingError::DocumentFormat {
        max: DOCUMENT_MAX_CHARS,
    };
    if raw.len() > DOCUMENT_MAX_CHARS * 4 + 64 {
        return Err(too_long);
    }
    let normalized: String = raw
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '（' | '）' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .filter(|c| !matches!(c, ' ' | '\u{3000}' | '-' | '－'))
        .flat_map(char::to_uppercase)
        .collect();
    if normalized.is_empty() {
        return Err(BookingError::DocumentEmpty);
    }
    if normalized.chars().count() > DOCUMENT_MAX_CHARS {
        return Err(too_long);
    }
    Ok(normalized)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "policy-data")]
    use crate::date::{add_working_days, working_days_between};
    use crate::date::{age_on, is_leap_year, reaches_age_on, WeekendsOnly};
    use crate::identity::id_number::tests::with_check;
    use crate::identity::{IdNumber, IdentityDocument, Sex};
    use crate::marriage::{Party, MIN_AGE_MAN, MIN_AGE_WOMAN};
    use crate::name::PersonName;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn t(s: &str) -> ClockTime {
        ClockTime::parse(s).unwrap()
    }

    fn hours(s: &str) -> DayHours {
        DayHours::parse(s).unwrap()
    }

    #[cfg(feature = "policy-data")]
    fn calendar() -> &'static crate::calendar::OfficialCalendar {
        static CALENDAR: std::sync::OnceLock<crate::calendar::OfficialCalendar> =
            std::sync::OnceLock::new();
        CALENDAR.get_or_init(|| crate::calendar::embedded().expect("valid calendar"))
    }

    /// (field, message id) pairs, for comparing form errors.
    fn fields(errors: &FormErrors) -> Vec<(&str, &str)> {
        errors
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.message_id.as_str()))
            .collect()
    }

    // --- messages -----------------------------------------------------------------------

    #[test]
    fn every_error_has_a_listed_message_id() {
        let day = d("2026-11-22");
        let schedule = [
            ScheduleError::TimeFormat,
            ScheduleError::HoursOrder,
            ScheduleError::HoursShort { min: 30 },
            ScheduleError::NoOpenDay,
            ScheduleError::SlotLength { min: 10, max: 240 },
            ScheduleError::Capacity { min: 0, max: 200 },
            ScheduleError::DaysAhead { min: 1, max: 30 },
            ScheduleError::LabelEmpty,
            ScheduleError::LabelTooLong { max: 20 },
            ScheduleError::LabelInvalidCharacter,
            ScheduleError::ReasonEmpty,
            ScheduleError::ReasonTooLong { max: 60 },
            ScheduleError::ReasonInvalidCharacter,
            ScheduleError::DatePast { first: day },
            ScheduleError::ReleaseRange { from: day, to: day },
            ScheduleError::TextFormat,
        ];
        let ids: Vec<_> = schedule.iter().map(Localized::message_id).collect();
        assert_eq!(ids, ScheduleError::MESSAGE_IDS);
        let booking = [
            BookingError::TooSoon { first: day },
            BookingError::TooLate { last: day },
            BookingError::NotReleased { release_on: day },
            BookingError::CoolingOffNotOver { from: day, to: day },
            BookingError::CollectPeriodOver { deadline: day },
            BookingError::SlotFull,
            BookingError::SlotUnknown,
            BookingError::OfficeUnknown,
            BookingError::OfficeNotDesignated,
            BookingError::ServiceNotOffered,
            BookingError::AlreadyBooked,
            BookingError::HoldExpired,
            BookingError::NotFound,
            BookingError::NotCancellable,
            BookingError::CodeEmpty,
            BookingError::CodeFormat,
            BookingError::CodeCheck,
            BookingError::ReceivedDateMissing,
            BookingError::ReceivedDateFuture,
            BookingError::DocumentEmpty,
            BookingError::DocumentFormat { max: 32 },
            BookingError::NotToday { date: day },
            BookingError::AlreadyArrived,
            BookingError::DayClosed,
        ];
        let ids: Vec<_> = booking.iter().map(Localized::message_id).collect();
        assert_eq!(ids, BookingError::MESSAGE_IDS);
        assert!(ids.iter().all(|id| id.starts_with("err-booking-")));
        // The client fills only these argument names into message templates (app i18n).
        for args in schedule
            .iter()
            .map(Localized::message_args)
            .chain(booking.iter().map(Localized::message_args))
        {
            for a in args {
                assert!(["min", "max", "date", "from", "to"].contains(&a.name.as_str()));
            }
        }
        let all = crate::all_message_ids();
        assert!(BookingError::MESSAGE_IDS.iter().all(|id| all.contains(id)));
        assert!(ScheduleError::MESSAGE_IDS.iter().all(|id| all.contains(id)));
    }

    // --- clock times and hours ----------------------------------------------------------

    #[test]
    fn clock_times_parse_and_display() {
        assert_eq!(t("09:30").minutes(), 570);
        assert_eq!(t("9:30"), t("09:30"));
        assert_eq!(t(" 9：05 ").to_string(), "09:05");
        assert_eq!(t("0:00").minutes(), 0);
        assert_eq!(t("23:59").minutes(), ClockTime::LAST_MINUTE);
        for bad in [
            "", "24:00", "9:60", "930", "09:3", "009:30", "+9:30", "9:30 am", "٩:٣٠",
        ] {
            assert_eq!(
                ClockTime::parse(bad),
                Err(ScheduleError::TimeFormat),
                "{bad}"
            );
        }
        assert_eq!(ClockTime::from_minutes(1440), None);
        assert_eq!(
            ClockTime::from_minutes(61).map(|c| c.to_string()),
            Some("01:01".into())
        );
        let json = serde_json::to_string(&t("13:00")).unwrap();
        assert_eq!(json, "\"13:00\"");
        assert!(serde_json::from_str::<ClockTime>("\"25:00\"").is_err());
    }

    #[test]
    fn day_hours_parse() {
        assert_eq!(hours("9:00-17:00").to_string(), "09:00-17:00");
        assert_eq!(hours("09:00～12:00"), hours("09:00-12:00"));
        assert_eq!(hours("09:00 至 12:00"), hours("09:00-12:00"));
        assert_eq!(
            DayHours::parse("17:00-09:00"),
            Err(ScheduleError::HoursOrder)
        );
        assert_eq!(
            DayHours::parse("09:00-09:00"),
            Err(ScheduleError::HoursOrder)
        );
        assert_eq!(DayHours::parse("09:00"), Err(ScheduleError::TimeFormat));
        assert_eq!(DayHours::parse("9-17"), Err(ScheduleError::TimeFormat));
        assert!(serde_json::from_str::<DayHours>("\"12:00-09:00\"").is_err());
    }

    // --- the schedule -------------------------------------------------------------------

    #[test]
    fn the_standard_schedule() {
        let s = OfficeSchedule::standard();
        assert_eq!(s.validate(), Ok(()));
        assert_eq!(s.capacity_for(MarriageService::Marriage), 4);
        assert_eq!(s.capacity_for(MarriageService::DivorceApplication), 2);
        assert_eq!(s.capacity_for(MarriageService::DivorceCertificate), 2);
        assert_eq!(
            s.capacity_for(MarriageService::ReplaceMarriageCertificate),
            1
        );
        assert_eq!(
            s.capacity_for(MarriageService::ReplaceDivorceCertificate),
            1
        );
        assert!(MarriageService::ALL.into_iter().all(|m| s.offers(m)));
        assert_eq!(
            s.to_text(),
            "mon=09:00-17:00\ntue=09:00-17:00\nwed=09:00-17:00\nthu=09:00-17:00\n\
             fri=09:00-17:00\nsat=closed\nsun=closed\nslot=30\ncap=4,2,2,1,1\nwindow=1-30"
        );
        // The stored `cap=` order is MarriageService::ALL's: changing either breaks old rows.
        let keys: Vec<_> = MarriageService::ALL.iter().map(|s| s.key()).collect();
        assert_eq!(
            keys,
            [
                "marriage",
                "divorce_application",
                "divorce_certificate",
                "replace_marriage_certificate",
                "replace_divorce_certificate"
            ]
        );
        for (i, s) in MarriageService::ALL.into_iter().enumerate() {
            assert_eq!(service_index(s), i);
        }
        let mut none = s.clone();
        none.capacity[3] = 0;
        assert!(!none.offers(MarriageService::ReplaceMarriageCertificate));
        assert_eq!(
            none.check_offers(MarriageService::ReplaceMarriageCertificate),
            Err(BookingError::ServiceNotOffered)
        );
    }

    #[test]
    fn slots_end_by_closing_time() {
        let s = OfficeSchedule::standard();
        let starts = s.slot_starts(hours("09:00-17:00"));
        assert_eq!(starts.len(), 16);
        assert_eq!(starts[0], t("09:00"));
        assert_eq!(starts[15], t("16:30"));
        let mut s45 = s.clone();
        s45.slot_minutes = 45;
        // 09:00, 09:45, 10:30, 11:15; 12:00 would end at 12:45, after closing.
        let starts: Vec<String> = s45
            .slot_starts(hours("09:00-12:30"))
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(starts, ["09:00", "09:45", "10:30", "11:15"]);
        assert!(s45.slot_starts(hours("09:00-09:30")).is_empty());
        assert_eq!(s.slot_starts(hours("23:00-23:59")), [t("23:00")]);
        let broken = OfficeSchedule {
            slot_minutes: 0,
            ..s
        };
        assert_eq!(broken.slot_starts(hours("09:00-09:03")).len(), 3);
    }

    #[test]
    fn stored_text_is_validated() {
        let good = OfficeSchedule::standard().to_text();
        assert_eq!(
            OfficeSchedule::from_text(&good),
            Ok(OfficeSchedule::standard())
        );
        // Order, blank lines and CRLF do not matter.
        let mut lines: Vec<&str> = good.lines().collect();
        lines.reverse();
        let shuffled = format!("\r\n{}\r\n", lines.join("\r\n"));
        assert_eq!(
            OfficeSchedule::from_text(&shuffled),
            Ok(OfficeSchedule::standard())
        );
        let with = |from: &str, to: &str| OfficeSchedule::from_text(&good.replace(from, to));
        use ScheduleError::*;
        assert_eq!(
            with("slot=30", "slot=5"),
            Err(SlotLength { min: 10, max: 240 })
        );
        assert_eq!(
            with("slot=30", "slot=x"),
            Err(SlotLength { min: 10, max: 240 })
        );
        assert_eq!(
            with("cap=4,2,2,1,1", "cap=4,2,2,1,201"),
            Err(Capacity { min: 0, max: 200 })
        );
        assert_eq!(with("cap=4,2,2,1,1", "cap=4,2,2,1"), Err(TextFormat));
        assert_eq!(
            with("window=1-30", "window=0-30"),
            Err(DaysAhead { min: 1, max: 30 })
        );
        assert_eq!(
            with("window=1-30", "window=5-4"),
            Err(DaysAhead { min: 5, max: 30 })
        );
        assert_eq!(
            with("window=1-30", "window=1-31"),
            Err(DaysAhead { min: 1, max: 30 })
        );
        assert_eq!(with("window=1-30", "window=1"), Err(TextFormat));
        assert_eq!(with("mon=09:00-17:00", "mon=17:00-09:00"), Err(HoursOrder));
        assert_eq!(
            with("mon=09:00-17:00", "mon=09:00-09:20"),
            Err(HoursShort { min: 30 })
        );
        assert_eq!(with("mon=09:00-17:00", "mon=open"), Err(TimeFormat));
        assert_eq!(
            with("sat=closed", "sun=closed"),
            Err(TextFormat),
            "duplicate key"
        );
        assert_eq!(with("sat=closed\n", ""), Err(TextFormat), "missing key");
        assert_eq!(with("slot=30", "slot=30\nextra=1"), Err(TextFormat));
        assert_eq!(with("slot=30", "slot 30"), Err(TextFormat));
        let all_closed = DAY_KEYS.iter().fold(good.clone(), |text, key| {
            text.replace(&format!("{key}=09:00-17:00"), &format!("{key}=closed"))
        });
        assert_eq!(OfficeSchedule::from_text(&all_closed), Err(NoOpenDay));
        assert_eq!(
            OfficeSchedule::from_text(&"x".repeat(2000)),
            Err(TextFormat)
        );
        assert_eq!(OfficeSchedule::from_text(""), Err(TextFormat));
    }

    #[test]
    fn deserializing_validates() {
        let json = serde_json::to_string(&OfficeSchedule::standard()).unwrap();
        assert_eq!(
            serde_json::from_str::<OfficeSchedule>(&json).unwrap(),
            OfficeSchedule::standard()
        );
        let bad = json.replace("\"slot_minutes\":30", "\"slot_minutes\":3");
        assert!(serde_json::from_str::<OfficeSchedule>(&bad).is_err());
    }

    fn schedule_form() -> ScheduleForm {
        OfficeSchedule::standard().to_form()
    }

    #[test]
    fn the_schedule_form_round_trips() {
        let form = schedule_form();
        assert_eq!(form.mon, "09:00-17:00");
        assert_eq!(form.sat, "");
        assert_eq!(form.cap_replace_divorce, "1");
        assert_eq!(
            OfficeSchedule::parse_form(&form),
            Ok(OfficeSchedule::standard())
        );
        let mut saturday = form.clone();
        saturday.sat = "9:00-13:00".into();
        let s = OfficeSchedule::parse_form(&saturday).unwrap();
        assert_eq!(s.weekly[5], Some(hours("09:00-13:00")));
    }

    #[test]
    fn every_schedule_form_error_is_at_its_field() {
        let form = ScheduleForm {
            mon: "9点".into(),
            tue: "17:00-09:00".into(),
            wed: "09:00-09:20".into(),
            slot_minutes: "30".into(),
            cap_marriage: "201".into(),
            cap_divorce_application: "".into(),
            cap_divorce_certificate: "-1".into(),
            cap_replace_marriage: "1.5".into(),
            cap_replace_divorce: "0".into(),
            min_days_ahead: "0".into(),
            max_days_ahead: "91".into(),
            ..ScheduleForm::default()
        };
        let errors = OfficeSchedule::parse_form(&form).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("mon", "err-schedule-time-format"),
                ("tue", "err-schedule-hours-order"),
                ("wed", "err-schedule-hours-short"),
                ("cap_marriage", "err-schedule-capacity"),
                ("cap_divorce_application", "err-schedule-capacity"),
                ("cap_divorce_certificate", "err-schedule-capacity"),
                ("cap_replace_marriage", "err-schedule-capacity"),
                ("min_days_ahead", "err-schedule-days-ahead"),
                ("max_days_ahead", "err-schedule-days-ahead"),
            ]
        );
        assert_eq!(errors.errors[2].args[0].value, "30");
        let closed = ScheduleForm {
            mon: String::new(),
            tue: String::new(),
            wed: String::new(),
            thu: String::new(),
            fri: String::new(),
            slot_minutes: "300".into(),
            min_days_ahead: "10".into(),
            max_days_ahead: "5".into(),
            ..schedule_form()
        };
        let errors = OfficeSchedule::parse_form(&closed).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("mon", "err-schedule-no-open-day"),
                ("slot_minutes", "err-schedule-slot-length"),
                ("max_days_ahead", "err-schedule-days-ahead"),
            ]
        );
        // The window's lower bound is the earliest day the admin chose.
        assert_eq!(errors.errors[2].args[0].value, "10");
    }

    // --- special dates and closures -----------------------------------------------------

    #[test]
    fn default_special_dates_list_only_verified_qixi() {
        let dates = |y| -> Vec<String> {
            default_special_dates(y)
                .into_iter()
                .map(|(date, label)| format!("{date} {label}"))
                .collect()
        };
        assert_eq!(
            dates(2026),
            [
                "2026-02-14 2月14日",
                "2026-05-20 5月20日",
                "2026-08-19 七夕"
            ]
        );
        assert_eq!(
            dates(2027),
            [
                "2027-02-14 2月14日",
                "2027-05-20 5月20日",
                "2027-08-08 七夕"
            ]
        );
        assert_eq!(dates(2028), ["2028-02-14 2月14日", "2028-05-20 5月20日"]);
        for (_, label) in default_special_dates(2026) {
            assert_eq!(label_text(label).as_deref(), Ok(label));
        }
    }

    fn special_form() -> SpecialDateForm {
        SpecialDateForm {
            date: "2027-05-20".into(),
            label: "5月20日".into(),
            hours: "".into(),
            marriage_capacity: "8".into(),
            release_on: "2027-05-13".into(),
        }
    }

    #[test]
    fn special_date_form() {
        let today = d("2027-04-01");
        let s = SpecialDate::parse_form(&special_form(), today).unwrap();
        assert_eq!(s.date, d("2027-05-20"));
        assert_eq!(s.hours, None);
        assert_eq!(s.marriage_capacity, 8);
        assert_eq!(SpecialDate::parse_form(&s.to_form(), today), Ok(s.clone()));
        let with_hours = SpecialDateForm {
            hours: "08:30-18:00".into(),
            ..special_form()
        };
        let s = SpecialDate::parse_form(&with_hours, today).unwrap();
        assert_eq!(s.hours, Some(hours("08:30-18:00")));
        // Released today, for a date tomorrow: the tightest valid case.
        let tight = SpecialDateForm {
            date: "2027-04-02".into(),
            release_on: "2027-04-01".into(),
            ..special_form()
        };
        assert!(SpecialDate::parse_form(&tight, today).is_ok());
    }

    #[test]
    fn every_special_date_error_is_at_its_field() {
        let today = d("2027-05-20");
        let form = SpecialDateForm {
            date: "2027-05-20".into(),
            label: "<b>520</b>".into(),
            hours: "18:00-09:00".into(),
            marriage_capacity: "0".into(),
            release_on: "2027-05-19".into(),
        };
        let errors = SpecialDate::parse_form(&form, today).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("date", "err-schedule-date-past"),
                ("label", "err-schedule-label-invalid-character"),
                ("hours", "err-schedule-hours-order"),
                ("marriage_capacity", "err-schedule-capacity"),
                ("release_on", "err-schedule-release-range"),
            ]
        );
        assert_eq!(errors.errors[0].args[0].value, "2027-05-21");
        assert_eq!(errors.errors[3].args[0].value, "1");
        let form = SpecialDateForm {
            date: "".into(),
            label: "一二三四五六七八九十一二三四五六七八九十一".into(),
            hours: "全天".into(),
            marriage_capacity: "".into(),
            release_on: "2027-02-30".into(),
        };
        let errors = SpecialDate::parse_form(&form, today).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("date", "err-date-empty"),
                ("label", "err-schedule-label-too-long"),
                ("hours", "err-schedule-time-format"),
                ("marriage_capacity", "err-schedule-capacity"),
                ("release_on", "err-date-no-such-date"),
            ]
        );
        // Released after the date itself.
        let late = SpecialDateForm {
            release_on: "2027-05-21".into(),
            label: " ".into(),
            ..special_form()
        };
        let errors = SpecialDate::parse_form(&late, d("2027-04-01")).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("label", "err-schedule-label-empty"),
                ("release_on", "err-schedule-release-range")
            ]
        );
        let args: Vec<_> = errors.errors[1]
            .args
            .iter()
            .map(|a| a.value.as_str())
            .collect();
        assert_eq!(args, ["2027-04-01", "2027-05-20"]);
    }

    #[test]
    fn closures() {
        let today = d("2026-11-22");
        let form = ClosureForm {
            date: "2026-11-22".into(),
            reason: " 系统升级 ".into(),
        };
        assert_eq!(
            Closure::parse_form(&form, today),
            Ok(Closure {
                date: today,
                reason: "系统升级".into()
            })
        );
        let errors = Closure::parse_form(
            &ClosureForm {
                date: "2026-11-21".into(),
                reason: "".into(),
            },
            today,
        )
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("date", "err-schedule-date-past"),
                ("reason", "err-schedule-reason-empty")
            ]
        );
        assert_eq!(errors.errors[0].args[0].value, "2026-11-22");
        let errors = Closure::parse_form(
            &ClosureForm {
                date: "tomorrow".into(),
                reason: "停电".repeat(31),
            },
            today,
        )
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("date", "err-date-format"),
                ("reason", "err-schedule-reason-too-long")
            ]
        );
        let errors = Closure::parse_form(
            &ClosureForm {
                date: "2026-12-01".into(),
                reason: "停电\u{202E}".into(),
            },
            today,
        )
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [("reason", "err-schedule-reason-invalid-character")]
        );
        let sixty = "停".repeat(60);
        assert!(Closure::parse_form(
            &ClosureForm {
                date: "2026-12-01".into(),
                reason: sixty
            },
            today
        )
        .is_ok());
    }

    // --- day plans ----------------------------------------------------------------------

    fn special(date: &str, hours: Option<&str>) -> SpecialDate {
        SpecialDate {
            date: d(date),
            label: "七夕".into(),
            hours: hours.map(|h| DayHours::parse(h).unwrap()),
            marriage_capacity: 10,
            release_on: d(date).add_days(-7).unwrap(),
        }
    }

    fn with_saturdays() -> OfficeSchedule {
        let mut s = OfficeSchedule::standard();
        s.weekly[5] = Some(hours("09:00-13:00"));
        s
    }

    #[test]
    fn day_plans_with_weekends_only() {
        let s = with_saturdays();
        let plan = |date: &str| day_plan(&s, d(date), &WeekendsOnly, false, None);
        assert_eq!(plan("2026-11-23").unwrap().hours, hours("09:00-17:00"));
        assert_eq!(plan("2026-11-21").unwrap().hours, hours("09:00-13:00"));
        assert_eq!(plan("2026-11-22"), None, "no Sunday hours");
        assert_eq!(
            day_plan(&s, d("2026-11-23"), &WeekendsOnly, true, None),
            None
        );
        // A special date for another day changes nothing.
        let other = special("2026-11-24", None);
        assert_eq!(
            day_plan(&s, d("2026-11-22"), &WeekendsOnly, false, Some(&other)),
            None
        );
    }

    #[cfg(feature = "policy-data")]
    #[test]
    fn day_plans_follow_the_official_calendar() {
        let c = calendar();
        let s = with_saturdays();
        let plan = |date: &str, sp: Option<&SpecialDate>| day_plan(&s, d(date), c, false, sp);
        // 国庆 2026: 1–7 October off, Saturday 3 October included; Saturday 10 October and
        // Sunday 20 September are make-up working days.
        assert_eq!(plan("2026-10-05", None), None, "a holiday Monday");
        assert_eq!(
            plan("2026-10-03", None),
            None,
            "a holiday on a Saturday with hours"
        );
        let makeup = plan("2026-10-10", None).unwrap();
        assert_eq!(
            makeup.hours,
            hours("09:00-17:00"),
            "weekday hours, not Saturday's"
        );
        assert_eq!(
            plan("2026-09-20", None).unwrap().hours,
            hours("09:00-17:00")
        );
        assert_eq!(
            plan("2026-10-17", None).unwrap().hours,
            hours("09:00-13:00")
        );
        // Saturday 14 February 2026 is both 2月14日 and a 调休 working day.
        assert!(plan("2026-02-14", None).is_some());
        // A special date on a Sunday (七夕 2027) opens 09:00–17:00 or with its own hours.
        let qixi = special("2027-08-08", None);
        let p = plan("2027-08-08", Some(&qixi)).unwrap();
        assert_eq!(
            (p.hours, p.special.as_deref()),
            (hours("09:00-17:00"), Some("七夕"))
        );
        let qixi = special("2027-08-08", Some("08:30-12:00"));
        assert_eq!(
            plan("2027-08-08", Some(&qixi)).unwrap().hours,
            hours("08:30-12:00")
        );
        assert_eq!(plan("2027-08-08", None), None);
        // On a Saturday without own hours it takes the Saturday's.
        let sat = special("2026-05-23", None);
        assert_eq!(
            plan("2026-05-23", Some(&sat)).unwrap().hours,
            hours("09:00-13:00")
        );
        // A special date opens even a holiday; an admin closure closes even a special date.
        let national = special("2026-10-01", None);
        assert!(plan("2026-10-01", Some(&national)).is_some());
        assert_eq!(
            day_plan(&s, d("2026-10-01"), c, true, Some(&national)),
            None
        );
        // An uncovered year still closes on New Year's Day.
        assert_eq!(plan("2027-01-01", None), None);
        assert!(plan("2027-01-04", None).is_some());
        // With no weekday hours at all, a make-up Saturday falls back to its own hours.
        let mut weekends = OfficeSchedule::standard();
        weekends.weekly = [
            None,
            None,
            None,
            None,
            None,
            Some(hours("10:00-16:00")),
            None,
        ];
        let p = day_plan(&weekends, d("2026-10-10"), c, false, None).unwrap();
        assert_eq!(p.hours, hours("10:00-16:00"));
    }

    #[test]
    fn capacity_and_competence() {
        let s = OfficeSchedule::standard();
        let sp = special("2027-08-08", None);
        assert_eq!(capacity_on(&s, MarriageService::Marriage, Some(&sp)), 10);
        assert_eq!(capacity_on(&s, MarriageService::Marriage, None), 4);
        assert_eq!(
            capacity_on(&s, MarriageService::DivorceApplication, Some(&sp)),
            2
        );
        assert_eq!(
            check_office_competence(true, false),
            Err(BookingError::OfficeNotDesignated)
        );
        assert!(check_office_competence(true, true).is_ok());
        assert!(check_office_competence(false, false).is_ok());
    }

    // --- the booking window -------------------------------------------------------------

    #[test]
    fn booking_window_boundaries() {
        let s = OfficeSchedule::standard();
        let today = d("2026-11-22");
        assert_eq!(
            booking_window(&s, today),
            (d("2026-11-23"), d("2026-12-22"))
        );
        let check = |date: &str| date_bookable(&s, today, d(date), None);
        assert_eq!(
            check("2026-11-22"),
            Err(BookingError::TooSoon {
                first: d("2026-11-23")
            })
        );
        assert_eq!(check("2026-11-23"), Ok(()));
        assert_eq!(check("2026-12-22"), Ok(()));
        assert_eq!(
            check("2026-12-23"),
            Err(BookingError::TooLate {
                last: d("2026-12-22")
            })
        );
        // A special date beyond the window opens on its release day, not before.
        let sp = SpecialDate {
            release_on: d("2027-01-14"),
            ..special("2027-02-14", None)
        };
        let special_check = |today: &str| date_bookable(&s, d(today), sp.date, Some(&sp));
        assert_eq!(
            special_check("2027-01-13"),
            Err(BookingError::NotReleased {
                release_on: d("2027-01-14")
            })
        );
        assert_eq!(special_check("2027-01-14"), Ok(()));
        assert_eq!(special_check("2027-02-13"), Ok(()));
        assert_eq!(
            special_check("2027-02-14"),
            Err(BookingError::TooSoon {
                first: d("2027-02-15")
            })
        );
        // Within the rolling window but not yet released: still closed.
        let soon = SpecialDate {
            release_on: d("2027-02-10"),
            ..sp.clone()
        };
        assert_eq!(
            date_bookable(&s, d("2027-02-01"), soon.date, Some(&soon)),
            Err(BookingError::NotReleased {
                release_on: d("2027-02-10")
            })
        );
        // A special date for another day does not widen the window.
        assert_eq!(
            date_bookable(&s, today, d("2027-02-13"), Some(&sp)),
            Err(BookingError::TooLate {
                last: d("2026-12-22")
            })
        );
        let far = Date::from_ymd(Date::MAX_YEAR, 12, 30).unwrap();
        assert_eq!(
            booking_window(&s, far).1,
            Date::from_ymd(Date::MAX_YEAR, 12, 31).unwrap()
        );
    }

    // --- cooling-off --------------------------------------------------------------------

    #[cfg(feature = "policy-data")]
    fn cooling(received: &str) -> CoolingOff {
        CoolingOff::from_received(d(received), calendar()).unwrap()
    }

    #[cfg(feature = "policy-data")]
    #[test]
    fn cooling_off_examples_on_the_official_calendar() {
        // Received Tuesday 8 September 2026: day 30 is Thursday 8 October, just after the
        // 国庆 holiday (1–7 October); day 30 after that is Saturday 7 November → Monday 9th.
        let c = cooling("2026-09-08");
        assert_eq!(c.withdraw_deadline, d("2026-10-08"));
        assert_eq!(c.collect_deadline, d("2026-11-09"));
        assert_eq!(c.first_collect_day(), d("2026-10-09"));
        // Received 3 September: day 30 is Saturday 3 October, inside the holiday → 8 October.
        let c = cooling("2026-09-03");
        assert_eq!(
            (c.withdraw_deadline, c.collect_deadline),
            (d("2026-10-08"), d("2026-11-09"))
        );
        // Received 21 August: day 30 is Sunday 20 September, a 调休 working day: no roll.
        assert_eq!(cooling("2026-08-21").withdraw_deadline, d("2026-09-20"));
        // Across the 2026 Spring Festival (15–23 February off): day 30 is 16 February →
        // Tuesday 24 February; C = 26 March (a Thursday).
        let c = cooling("2026-01-17");
        assert_eq!(
            (c.withdraw_deadline, c.collect_deadline),
            (d("2026-02-24"), d("2026-03-26"))
        );
        // Into 2027, which the data does not cover: 1 January (Friday) is a holiday by law,
        // then the weekend → Monday 4 January; C = Wednesday 3 February.
        let c = cooling("2026-12-02");
        assert_eq!(
            (c.withdraw_deadline, c.collect_deadline),
            (d("2027-01-04"), d("2027-02-03"))
        );
        assert_eq!(
            CoolingOff::from_received(d("2026-12-02"), &WeekendsOnly)
                .unwrap()
                .withdraw_deadline,
            d("2027-01-01"),
            "weekends only would end it on the holiday"
        );
    }

    #[cfg(feature = "policy-data")]
    #[test]
    fn collecting_is_possible_exactly_after_w_up_to_c() {
        let c = cooling("2026-09-08");
        assert_eq!(
            c.check_collect_date(d("2026-10-08")),
            Err(BookingError::CoolingOffNotOver {
                from: d("2026-10-09"),
                to: d("2026-11-09")
            })
        );
        assert_eq!(c.check_collect_date(d("2026-10-09")), Ok(()));
        assert_eq!(c.check_collect_date(d("2026-11-09")), Ok(()));
        assert_eq!(
            c.check_collect_date(d("2026-11-10")),
            Err(BookingError::CollectPeriodOver {
                deadline: d("2026-11-09")
            })
        );
        assert!(!c.is_deemed_withdrawn(d("2026-11-09")));
        assert!(c.is_deemed_withdrawn(d("2026-11-10")));
        let e = BookingError::CoolingOffNotOver {
            from: d("2026-10-09"),
            to: d("2026-11-09"),
        };
        let args: Vec<_> = e
            .message_args()
            .into_iter()
            .map(|a| (a.name, a.value))
            .collect();
        assert_eq!(
            args,
            [
                ("from".to_owned(), "2026-10-09".to_owned()),
                ("to".to_owned(), "2026-11-09".to_owned())
            ]
        );
    }

    #[test]
    fn the_receipt_date() {
        let today = d("2026-11-22");
        let parse = |raw: &str| CoolingOff::parse_received(raw, today, "received_on");
        assert_eq!(parse("2026-11-22"), Ok(today));
        for (raw, id) in [
            ("", "err-booking-received-missing"),
            ("2026-11-23", "err-booking-received-future"),
            ("11/23", "err-date-format"),
        ] {
            let errors = parse(raw).unwrap_err();
            assert_eq!(fields(&errors), [("received_on", id)], "{raw}");
        }
    }

    // --- booking codes ------------------------------------------------------------------

    fn values_of(code: &str) -> Vec<u8> {
        code.bytes()
            .map(|b| ALPHABET.iter().position(|a| *a == b).unwrap() as u8)
            .collect()
    }

    fn text_of(values: &[u8]) -> String {
        values
            .iter()
            .map(|v| ALPHABET[*v as usize] as char)
            .collect()
    }

    #[test]
    fn gf32_weights_are_distinct_and_non_zero() {
        let mut seen = std::collections::BTreeSet::new();
        let mut w = 1u8;
        for _ in 0..31 {
            assert!(seen.insert(w), "x has order 31");
            w = gf32_mul(w, 2);
        }
        assert_eq!(w, 1);
        let weights: std::collections::BTreeSet<u8> = (0..CODE_CHARS).map(weight).collect();
        assert_eq!(weights.len(), CODE_CHARS);
        assert!(!weights.contains(&0));
        // Every non-zero element has an inverse (a field, not just a ring).
        for a in 1..32u8 {
            assert!((1..32u8).any(|b| gf32_mul(a, b) == 1), "{a}");
        }
    }

    #[test]
    fn codes_generate_parse_and_display() {
        let zero = BookingCode::generate([0; 6]);
        assert_eq!(zero.as_str(), "0000000000");
        assert_eq!(zero.to_string(), "00000-00000");
        let code = BookingCode::generate([0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC]);
        assert_eq!(code.as_str().len(), 10);
        assert_eq!(BookingCode::parse(&code.to_string()), Ok(code.clone()));
        assert_eq!(
            BookingCode::parse(&code.as_str().to_lowercase()),
            Ok(code.clone())
        );
        let spaced = format!(" {} {} ", &code.as_str()[..3], &code.as_str()[3..]);
        assert_eq!(BookingCode::parse(&spaced), Ok(code.clone()));
        // The top 3 of 48 bits are dropped: codes depend on the low 45 bits only.
        assert_eq!(
            BookingCode::generate([0xE0, 0, 0, 0, 0, 1]),
            BookingCode::generate([0, 0, 0, 0, 0, 1])
        );
        assert_ne!(BookingCode::generate([0, 0, 0, 0, 0, 1]), zero);
        assert_eq!(
            format!("{code:?}"),
            format!("BookingCode({}********)", &code.as_str()[..2])
        );
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, format!("\"{code}\""));
        assert_eq!(serde_json::from_str::<BookingCode>(&json).unwrap(), code);
    }

    #[test]
    fn crockford_aliases_and_format_errors() {
        // "0000000000" typed with letters O, and 1s typed as I or L.
        assert_eq!(
            BookingCode::parse("ooooo-OOOOO").unwrap().as_str(),
            "0000000000"
        );
        let ones = BookingCode::generate([0, 0, 0, 0, 0, 0b1]);
        let typed = ones.as_str().replace('0', "O").replace('1', "l");
        assert_eq!(BookingCode::parse(&typed), Ok(ones.clone()));
        assert_eq!(
            BookingCode::parse("０００００-００００ｏ")
                .unwrap()
                .as_str(),
            "0000000000"
        );
        assert_eq!(BookingCode::parse(""), Err(BookingError::CodeEmpty));
        assert_eq!(BookingCode::parse(" - "), Err(BookingError::CodeEmpty));
        assert_eq!(
            BookingCode::parse("000000000"),
            Err(BookingError::CodeFormat)
        );
        assert_eq!(
            BookingCode::parse("00000000000"),
            Err(BookingError::CodeFormat)
        );
        assert_eq!(
            BookingCode::parse("0000U00000"),
            Err(BookingError::CodeFormat)
        );
        assert_eq!(
            BookingCode::parse("00000*0000"),
            Err(BookingError::CodeFormat)
        );
        assert_eq!(
            BookingCode::parse(&"0".repeat(100)),
            Err(BookingError::CodeFormat)
        );
        assert_eq!(
            BookingCode::parse("0000000001"),
            Err(BookingError::CodeCheck)
        );
    }

    /// The code is linear, so checking every value pair at every position on one base code
    /// covers every code: all 10·32·31 substitutions and 9·32·31 adjacent swaps (and every
    /// non-adjacent swap too).
    #[test]
    fn every_single_error_and_transposition_is_detected_exhaustively() {
        let base = values_of(BookingCode::generate([1, 2, 3, 4, 5, 6]).as_str());
        for i in 0..CODE_CHARS {
            for a in 0..32u8 {
                let mut v = base.clone();
                v[i] = a;
                // Re-balance with the check character (or a data one when i is the check)
                // so `v` is valid, then damage position i.
                let fix = if i == CODE_CHARS - 1 {
                    0
                } else {
                    CODE_CHARS - 1
                };
                v[fix] = 0;
                let sum = weighted_sum(&v);
                let inv = (1..32u8).find(|b| gf32_mul(weight(fix), *b) == 1).unwrap();
                v[fix] = gf32_mul(sum, inv);
                assert_eq!(weighted_sum(&v), 0);
                assert!(BookingCode::parse(&text_of(&v)).is_ok());
                for b in (0..32u8).filter(|b| *b != v[i]) {
                    let mut wrong = v.clone();
                    wrong[i] = b;
                    assert_eq!(
                        BookingCode::parse(&text_of(&wrong)),
                        Err(BookingError::CodeCheck)
                    );
                }
                for j in (0..CODE_CHARS).filter(|j| *j != i && v[*j] != v[i]) {
                    let mut swapped = v.clone();
                    swapped.swap(i, j);
                    assert_eq!(
                        BookingCode::parse(&text_of(&swapped)),
                        Err(BookingError::CodeCheck),
                        "swap {i} {j}"
                    );
                }
            }
        }
    }

    // --- managing a booking -------------------------------------------------------------

    #[test]
    fn manage_requests() {
        let code = BookingCode::generate([9, 8, 7, 6, 5, 4]);
        let form = ManageForm {
            code: code.to_string().to_lowercase(),
            document_number: " 4401 0320 0412 0113 1x ".into(),
        };
        let r = ManageRequest::parse(&form).unwrap();
        assert_eq!(r.code, code);
        assert_eq!(r.document_number, "44010320041201131X");
        assert!(!format!("{r:?}").contains("4401"));
        assert!(!format!("{form:?}").contains("4401"));
        let full_width = ManageForm {
            document_number: "Ｈ１２３４５６７８－０１".into(),
            ..form.clone()
        };
        assert_eq!(
            ManageRequest::parse(&full_width).unwrap().document_number,
            "H1234567801"
        );
        let errors = ManageRequest::parse(&ManageForm::default()).unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("code", "err-booking-code-empty"),
                ("document_number", "err-booking-document-empty")
            ]
        );
        // One character mistyped.
        let first = if code.as_str().starts_with('7') {
            "8"
        } else {
            "7"
        };
        let typo = format!("{first}{}", &code.as_str()[1..]);
        let errors = ManageRequest::parse(&ManageForm {
            code: typo,
            document_number: "X".repeat(33),
        })
        .unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                ("code", "err-booking-code-check"),
                ("document_number", "err-booking-document-format")
            ]
        );
        let errors = ManageRequest::parse(&ManageForm {
            code: "ABC".into(),
            document_number: "X".repeat(32),
        })
        .unwrap_err();
        assert_eq!(fields(&errors), [("code", "err-booking-code-format")]);
    }

    // --- properties ---------------------------------------------------------------------

    fn any_date() -> impl Strategy<Value = Date> {
        (0i64..365 * 120).prop_map(|n| d("1950-01-01").add_days(n).unwrap())
    }

    /// Age in 周岁 computed independently of `age_on`: whole years, one less before this
    /// year's anniversary, which for a 29 February birthday is 28 February in common years
    /// (民法典 第202条: no corresponding day → the month's last day).
    fn reference_age(birth: Date, on: Date) -> Option<u32> {
        if on < birth {
            return None;
        }
        let leap_day = birth.month() == 2 && birth.day() == 29;
        let anniversary = if leap_day && !is_leap_year(on.year()) {
            (2, 28)
        } else {
            (birth.month(), birth.day())
        };
        let years = on.year() - birth.year() - i32::from((on.month(), on.day()) < anniversary);
        u32::try_from(years).ok()
    }

    fn party(sex: Sex, birth_date: Date) -> Party {
        // The document is irrelevant to the age check; the birth date field decides.
        let number = IdNumber::parse(&with_check("44010320041201131")).unwrap();
        Party {
            document: IdentityDocument::ResidentId { number },
            name: PersonName::parse("李雷").unwrap(),
            sex,
            birth_date,
        }
    }

    fn any_schedule() -> impl Strategy<Value = OfficeSchedule> {
        (
            MIN_SLOT_MINUTES..=MAX_SLOT_MINUTES,
            proptest::array::uniform7(proptest::option::of((any::<u16>(), any::<u16>()))),
            proptest::array::uniform5(0..=MAX_CAPACITY),
            1..=MAX_DAYS_AHEAD,
            any::<u16>(),
        )
            .prop_map(|(slot, days, capacity, min, extra)| {
                let mut weekly = days.map(|day| {
                    day.map(|(a, b)| {
                        let open = a % (1440 - slot);
                        let close = open + slot + b % (1440 - open - slot);
                        DayHours::new(ClockTime(open), ClockTime(close)).unwrap()
                    })
                });
                if weekly.iter().all(Option::is_none) {
                    weekly[2] = DayHours::new(ClockTime(0), ClockTime(ClockTime::LAST_MINUTE));
                }
                OfficeSchedule {
                    weekly,
                    slot_minutes: slot,
                    capacity,
                    min_days_ahead: min,
                    max_days_ahead: min + extra % (MAX_DAYS_AHEAD - min + 1),
                }
            })
    }

    proptest! {
        #[test]
        fn age_agrees_with_the_reference(birth in any_date(), on in any_date()) {
            prop_assert_eq!(age_on(birth, on), reference_age(birth, on));
            for (sex, min) in [(Sex::Male, MIN_AGE_MAN), (Sex::Female, MIN_AGE_WOMAN)] {
                let p = party(sex, birth);
                let reaches = reaches_age_on(birth, min).unwrap();
                prop_assert_eq!(p.check_marriage_age_on(on).is_ok(), on >= reaches);
                prop_assert_eq!(
                    p.check_marriage_age_on(on).is_ok(),
                    reference_age(birth, on).is_some_and(|a| a >= min)
                );
            }
        }

        #[test]
        fn ages_step_on_the_anniversary(birth in any_date(), n in 1u32..100) {
            let day = reaches_age_on(birth, n).unwrap();
            prop_assert_eq!(age_on(birth, day), Some(n));
            prop_assert_eq!(age_on(birth, day.add_days(-1).unwrap()), Some(n - 1));
        }

        #[test]
        fn stored_text_round_trips(s in any_schedule()) {
            prop_assert_eq!(s.validate(), Ok(()));
            prop_assert_eq!(OfficeSchedule::from_text(&s.to_text()), Ok(s.clone()));
            prop_assert_eq!(OfficeSchedule::parse_form(&s.to_form()), Ok(s.clone()));
            let json = serde_json::to_string(&s).unwrap();
            prop_assert_eq!(serde_json::from_str::<OfficeSchedule>(&json).unwrap(), s.clone());
            for hours in s.weekly.iter().flatten() {
                let starts = s.slot_starts(*hours);
                prop_assert!(!starts.is_empty());
                prop_assert_eq!(starts[0], hours.open);
                let last = starts[starts.len() - 1].minutes() + s.slot_minutes;
                prop_assert!(last <= hours.close.minutes());
                prop_assert!(last + s.slot_minutes > hours.close.minutes());
            }
        }

        #[test]
        fn stored_text_parsing_never_panics(raw in "[a-z0-9=:,\\n-]{0,120}") {
            let _ = OfficeSchedule::from_text(&raw);
        }

        #[test]
        fn codes_round_trip_and_catch_typing_errors(
            random in any::<[u8; 6]>(),
            i in 0usize..10,
            delta in 1u8..32,
        ) {
            let code = BookingCode::generate(random);
            prop_assert_eq!(BookingCode::parse(&code.to_string()), Ok(code.clone()));
            prop_assert_eq!(BookingCode::parse(code.as_str()), Ok(code.clone()));
            let aliased = code.as_str().replace('0', "o").replace('1', "I");
            prop_assert_eq!(BookingCode::parse(&aliased), Ok(code.clone()));
            let mut v = values_of(code.as_str());
            let original = v.clone();
            v[i] ^= delta;
            prop_assert_eq!(BookingCode::parse(&text_of(&v)), Err(BookingError::CodeCheck));
            if i < 9 && original[i] != original[i + 1] {
                let mut swapped = original.clone();
                swapped.swap(i, i + 1);
                let parsed = BookingCode::parse(&text_of(&swapped));
                prop_assert_eq!(parsed, Err(BookingError::CodeCheck));
            }
        }

        #[test]
        fn code_parsing_never_panics(raw in "\\PC{0,30}") {
            let _ = BookingCode::parse(&raw);
        }

        #[test]
        fn the_window_is_consistent(s in any_schedule(), offset in 0i64..120) {
            let today = d("2026-11-22");
            let (first, last) = booking_window(&s, today);
            let date = today.add_days(offset).unwrap();
            let inside = first <= date && date <= last;
            prop_assert_eq!(date_bookable(&s, today, date, None).is_ok(), inside);
        }
    }

    #[cfg(feature = "policy-data")]
    proptest! {
        #[test]
        fn cooling_off_deadlines_follow_the_calendar(offset in 0i64..1461) {
            let cal = calendar();
            let received = d("2024-01-01").add_days(offset).unwrap();
            let c = CoolingOff::from_received(received, cal).unwrap();
            let periods = [
                (received, c.withdraw_deadline),
                (c.withdraw_deadline, c.collect_deadline),
            ];
            for (start, end) in periods {
                let nominal = start.add_days(30).unwrap();
                prop_assert!(end >= nominal);
                prop_assert!(cal.is_working_day(end));
                let mut day = nominal;
                while day < end {
                    prop_assert!(cal.is_rest_day(day), "{} is a working day", day);
                    day = day.add_days(1).unwrap();
                }
            }
            // Collecting is accepted exactly on (W, C]; after C the application is void.
            let mut day = received;
            while day <= c.collect_deadline.add_days(5).unwrap() {
                let inside = day > c.withdraw_deadline && day <= c.collect_deadline;
                prop_assert_eq!(c.check_collect_date(day).is_ok(), inside, "{}", day);
                prop_assert_eq!(c.is_deemed_withdrawn(day), day > c.collect_deadline);
                day = day.add_days(1).unwrap();
            }
            prop_assert_eq!(c.check_collect_date(c.first_collect_day()), Ok(()));
        }

        #[test]
        fn working_day_arithmetic_on_the_official_calendar(offset in 0i64..1461, n in 0u32..60) {
            let cal = calendar();
            let start = d("2024-01-01").add_days(offset).unwrap();
            let end = add_working_days(start, n, cal).unwrap();
            let next = add_working_days(start, n + 1, cal).unwrap();
            if n > 0 {
                prop_assert!(cal.is_working_day(end));
            }
            prop_assert_eq!(working_days_between(start, end, cal), n);
            prop_assert!(next > end);
            prop_assert_eq!(working_days_between(end, next, cal), 1);
        }
    }
}
