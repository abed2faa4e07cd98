//! Civil dates in China time and the legal arithmetic of policy-rules.md §0.
//!
//! Rules encoded here (民法典 第1259条, 第200–203条):
//! - "以上 / 以下 / 以内 / 届满" include the boundary; "不满 / 超过 / 以外" exclude it.
//! - Age in 周岁 is reached on the birthday; a 29 February birthday is reached on 28 February
//!   in common years (第202条: no corresponding day → the month's last day).
//! - A period does not count its start day; counting begins the next day.
//! - A month period ends on the corresponding day; if that day does not exist, on the
//!   month's last day.
//! - If the last day is a statutory rest day, the period ends on the day after the rest days.
//! - Working days (工作日) follow the State Council holiday calendar including 调休 make-up
//!   working days; the calendar is pluggable ([`HolidayCalendar`]).
//!
//! The type is deliberately small and dependency-free: it is compiled into the browser too.

use std::fmt;

use crate::message::Localized;

/// A calendar date (proleptic Gregorian), without time zone: dates in this portal are China
/// civil dates (UTC+8); converting an instant to a date is the caller's job.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weekday {
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("date is empty")]
    Empty,
    #[error("date is not in the form YYYY-MM-DD")]
    Format,
    #[error("no such calendar date")]
    NoSuchDate,
}

impl DateError {
    pub const MESSAGE_IDS: &'static [&'static str] =
        &["err-date-empty", "err-date-format", "err-date-no-such-date"];
}

impl Localized for DateError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "err-date-empty",
            Self::Format => "err-date-format",
            Self::NoSuchDate => "err-date-no-such-date",
        }
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The earliest and latest years accepted anywhere in the portal.
    pub const MIN_YEAR: i32 = 1800;
    pub const MAX_YEAR: i32 = 2200;

    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        ((Self::MIN_YEAR..=Self::MAX_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Date { year, month, day })
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses `YYYY-MM-DD` (also `YYYY/MM/DD`, `YYYY.MM.DD` and `YYYY年MM月DD日`, with or
    /// without leading zeros), as residents and date pickers write it, and the eight digits
    /// `YYYYMMDD`, which is all a phone's numeric keypad or the kiosk's keypad can type.
    pub fn parse(raw: &str) -> Result<Date, DateError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(DateError::Empty);
        }
        if s.len() > 20 {
            return Err(DateError::Format);
        }
        if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
            if s.starts_with('0') {
                return Err(DateError::Format); // a year before 1000, as below
            }
            return Date::parse_compact(s).ok_or(DateError::NoSuchDate);
        }
        let normalized: String = s
            .chars()
            .map(|c| match c {
                '/' | '.' | '年' | '月' => '-',
                '日' => ' ',
                c => c,
            })
            .collect();
        let mut parts = normalized.trim().split('-');
        let (Some(y), Some(m), Some(d), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(DateError::Format);
        };
        let digits = |p: &str, max_len: usize| {
            (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
                .then(|| p.parse::<u32>().ok())
                .flatten()
        };
        let (Some(y), Some(m), Some(d)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
            return Err(DateError::Format);
        };
        if y < 1000 {
            return Err(DateError::Format);
        }
        Date::from_ymd(y as i32, m as u8, d as u8).ok_or(DateError::NoSuchDate)
    }

    /// Parses the compact `YYYYMMDD` form used inside ID numbers.
    pub fn parse_compact(s: &str) -> Option<Date> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y = s[0..4].parse().ok()?;
        let m = s[4..6].parse().ok()?;
        let d = s[6..8].parse().ok()?;
        Date::from_ymd(y, m, d)
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil-from-days algorithm.
    pub fn to_days(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The inverse of [`Date::to_days`]; `None` outside the supported years.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = yoe + era * 400 + i64::from(m <= 2);
        Date::from_ymd(i32::try_from(y).ok()?, m, d)
    }

    /// The civil date at a Unix timestamp in a zone `utc_offset_seconds` east of UTC (China:
    /// +8 h, no daylight saving).
    pub fn from_unix_seconds(seconds: i64, utc_offset_seconds: i32) -> Option<Date> {
        let local = seconds.checked_add(i64::from(utc_offset_seconds))?;
        Date::from_days(local.div_euclid(86_400))
    }

    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days(self.to_days().checked_add(days)?)
    }

    pub fn days_until(self, later: Date) -> i64 {
        later.to_days() - self.to_days()
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.to_days() + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    pub fn is_weekend(self) -> bool {
        matches!(self.weekday(), Weekday::Saturday | Weekday::Sunday)
    }

    /// The same day `months` months later (or earlier); the month's last day when that day does
    /// not exist (31 January + 1 month = 28/29 February).
    pub fn add_months(self, months: i32) -> Option<Date> {
        let index = (self.year * 12 + i32::from(self.month) - 1).checked_add(months)?;
        let year = index.div_euclid(12);
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date::from_ymd(year, month, day)
    }

    pub fn add_years(self, years: i32) -> Option<Date> {
        self.add_months(years.checked_mul(12)?)
    }

    /// First day of the month.
    pub fn month_start(self) -> Date {
        Date { day: 1, ..self }
    }

    /// ISO form `YYYYMMDD`.
    pub fn compact(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

serde_via_parse!(Date);

/// Age in 周岁 on `on`: whole years since `birth`, the year counted on the birthday itself (a
/// 29 February birthday counts on 28 February in common years). `None` before birth.
pub fn age_on(birth: Date, on: Date) -> Option<u32> {
    if on < birth {
        return None;
    }
    let mut years = on.year - birth.year;
    let anniversary_day = birth.day.min(days_in_month(on.year, birth.month));
    if (on.month, on.day) < (birth.month, anniversary_day) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// "N周岁以上": age ≥ N (以上 includes the boundary).
pub fn aged_at_least(birth: Date, on: Date, years: u32) -> bool {
    age_on(birth, on).is_some_and(|a| a >= years)
}

/// "未满/不满N周岁": age < N (不满 excludes the boundary).
pub fn aged_under(birth: Date, on: Date, years: u32) -> bool {
    age_on(birth, on).is_some_and(|a| a < years)
}

/// The date on which someone born on `birth` reaches `years` 周岁.
pub fn reaches_age_on(birth: Date, years: u32) -> Option<Date> {
    birth.add_years(i32::try_from(years).ok()?)
}

/// Which days are statutory rest days (法定休假日: weekends and public holidays, minus 调休
/// make-up working days).
pub trait HolidayCalendar {
    fn is_rest_day(&self, date: Date) -> bool;

    fn is_working_day(&self, date: Date) -> bool {
        !self.is_rest_day(date)
    }

    /// Whether `date` is a public holiday (a 节假日, not merely a weekend). Offices open on
    /// ordinary Saturdays close on holidays even when the holiday falls on a Saturday, so a
    /// calendar that knows its holidays should override this; the default can only tell a rest
    /// day on a weekday, and so misses holidays that fall on weekends.
    fn is_public_holiday(&self, date: Date) -> bool {
        self.is_rest_day(date) && !date.is_weekend()
    }
}

/// Weekends only: the fallback where no official calendar covers a date.
#[derive(Debug, Clone, Copy, Default)]
pub struct WeekendsOnly;

impl HolidayCalendar for WeekendsOnly {
    fn is_rest_day(&self, date: Date) -> bool {
        date.is_weekend()
    }
}

/// A legal period's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Months(u32),
    Years(u32),
}

/// Last day of a period that begins with the event on `start` (the start day is not counted),
/// rolled forward past rest days when it falls on one.
pub fn period_end(start: Date, period: Period, calendar: &impl HolidayCalendar) -> Option<Date> {
    let nominal = match period {
        Period::Days(n) => start.add_days(i64::from(n))?,
        Period::Months(n) => start.add_months(i32::try_from(n).ok()?)?,
        Period::Years(n) => start.add_years(i32::try_from(n).ok()?)?,
    };
    let mut end = nominal;
    // A run of rest days is at most a few weeks long; the bound guards a broken calendar.
    for _ in 0..366 {
        if calendar.is_working_day(end) {
            return Some(end);
        }
        end = end.add_days(1)?;
    }
    None
}

/// The `n`-th working day after `start` (counting begins the next day): "N个工作日内" ends on it.
pub fn add_working_days(start: Date, n: u32, calendar: &impl HolidayCalendar) -> Option<Date> {
    let mut date = start;
    let mut left = n;
    let mut guard = 0u32;
    while left > 0 {
        date = date.add_days(1)?;
        if calendar.is_working_day(date) {
            left -= 1;
        }
        guard += 1;
        if guard > n.saturating_mul(4).saturating_add(366) {
            return None;
        }
    }
    Some(date)
}

/// Working days strictly after `start` up to and including `end`.
pub fn working_days_between(start: Date, end: Date, calendar: &impl HolidayCalendar) -> u32 {
    let mut count = 0;
    let mut date = start;
    while date < end {
        match date.add_days(1) {
            Some(next) => date = next,
            None => break,
        }
        if calendar.is_working_day(date) {
            count += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn parsing() {
        assert_eq!(Date::parse("2026-11-22"), Ok(d(2026, 11, 22)));
        assert_eq!(Date::parse(" 2026/1/2 "), Ok(d(2026, 1, 2)));
        assert_eq!(Date::parse("2026年1月2日"), Ok(d(2026, 1, 2)));
        assert_eq!(Date::parse(""), Err(DateError::Empty));
        assert_eq!(Date::parse("2026-02-29"), Err(DateError::NoSuchDate));
        assert_eq!(Date::parse("2024-02-29"), Ok(d(2024, 2, 29)));
        assert_eq!(Date::parse("26-1-2"), Err(DateError::Format));
        assert_eq!(Date::parse("2026-13-01"), Err(DateError::NoSuchDate));
        assert_eq!(Date::parse("2026-1-2-3"), Err(DateError::Format));
        assert_eq!(Date::parse("２０２６-01-02"), Err(DateError::Format));
        // Eight digits, as a numeric keypad types them; anything else digit-only is refused.
        assert_eq!(Date::parse("19750301"), Ok(d(1975, 3, 1)));
        assert_eq!(Date::parse(" 19750301 "), Ok(d(1975, 3, 1)));
        assert_eq!(Date::parse("19750230"), Err(DateError::NoSuchDate));
        assert_eq!(Date::parse("1975031"), Err(DateError::Format));
        assert_eq!(Date::parse("197503011"), Err(DateError::Format));
        assert_eq!(Date::parse("09750301"), Err(DateError::Format));
    }

    #[test]
    fn unix_seconds_to_china_dates() {
        const CHINA: i32 = 8 * 3600;
        // 2026-11-22T16:00:00Z is midnight in Beijing: already the 23rd there.
        assert_eq!(
            Date::from_unix_seconds(1_795_363_200, CHINA),
            Some(d(2026, 11, 23))
        );
        assert_eq!(
            Date::from_unix_seconds(1_795_363_199, CHINA),
            Some(d(2026, 11, 22))
        );
        assert_eq!(Date::from_unix_seconds(0, 0), Some(d(1970, 1, 1)));
    }

    #[test]
    fn arithmetic_never_overflows() {
        let day = d(2026, 1, 1);
        assert_eq!(day.add_days(i64::MAX), None);
        assert_eq!(day.add_months(i32::MAX), None);
        assert_eq!(
            period_end(day, Period::Months(u32::MAX), &WeekendsOnly),
            None
        );
    }

    #[test]
    fn weekdays_and_days() {
        assert_eq!(d(1970, 1, 1).to_days(), 0);
        assert_eq!(d(2026, 11, 22).weekday(), Weekday::Sunday);
        assert_eq!(d(2000, 2, 29).weekday(), Weekday::Tuesday);
        assert_eq!(d(2026, 2, 28).add_days(1), Some(d(2026, 3, 1)));
    }

    #[test]
    fn age_is_reached_on_the_birthday() {
        let birth = d(2004, 6, 15);
        assert_eq!(age_on(birth, d(2026, 6, 14)), Some(21));
        assert_eq!(age_on(birth, d(2026, 6, 15)), Some(22));
        assert!(!aged_at_least(birth, d(2026, 6, 14), 22));
        assert!(aged_at_least(birth, d(2026, 6, 15), 22));
        assert!(aged_under(birth, d(2026, 6, 14), 22));
        assert_eq!(age_on(birth, d(2004, 6, 14)), None);
        assert_eq!(age_on(birth, birth), Some(0));
    }

    #[test]
    fn leap_day_birthdays_count_on_28_february_in_common_years() {
        let birth = d(2008, 2, 29);
        assert_eq!(age_on(birth, d(2026, 2, 27)), Some(17));
        assert_eq!(age_on(birth, d(2026, 2, 28)), Some(18));
        assert_eq!(age_on(birth, d(2028, 2, 28)), Some(19));
        assert_eq!(age_on(birth, d(2028, 2, 29)), Some(20));
        assert_eq!(reaches_age_on(birth, 18), Some(d(2026, 2, 28)));
    }

    #[test]
    fn boundary_ages_are_exact() {
        // The ages the rules use: 16 (特困 minors), 18, 20/22 (婚龄), 60, 80, 90, 100.
        let birth = d(1960, 3, 1);
        for years in [16u32, 18, 20, 22, 60, 80, 90, 100] {
            let day = reaches_age_on(birth, years).unwrap();
            let before = day.add_days(-1).unwrap();
            assert_eq!(age_on(birth, day), Some(years));
            assert_eq!(age_on(birth, before), Some(years - 1));
            assert!(aged_at_least(birth, day, years) && !aged_at_least(birth, before, years));
            assert!(aged_under(birth, before, years) && !aged_under(birth, day, years));
        }
    }

    #[test]
    fn month_periods_end_on_the_corresponding_or_last_day() {
        assert_eq!(d(2026, 1, 31).add_months(1), Some(d(2026, 2, 28)));
        assert_eq!(d(2024, 1, 31).add_months(1), Some(d(2024, 2, 29)));
        assert_eq!(d(2026, 3, 31).add_months(-1), Some(d(2026, 2, 28)));
        assert_eq!(d(2026, 12, 15).add_months(1), Some(d(2027, 1, 15)));
        // 60 days for 行政复议 from 2026-11-02 (Mon): 2027-01-01 (Fri) is New Year's Day,
        // so with a calendar that rests that day the period ends on Monday 4 January.
        struct NewYear;
        impl HolidayCalendar for NewYear {
            fn is_rest_day(&self, date: Date) -> bool {
                date.is_weekend() || (date.month() == 1 && date.day() == 1)
            }
        }
        assert_eq!(
            period_end(d(2026, 11, 2), Period::Days(60), &NewYear),
            Some(d(2027, 1, 4))
        );
        assert_eq!(
            period_end(d(2026, 11, 2), Period::Days(60), &WeekendsOnly),
            Some(d(2027, 1, 1))
        );
        // Six months for a lawsuit, ending on a Sunday → Monday.
        assert_eq!(
            period_end(d(2026, 5, 22), Period::Months(6), &WeekendsOnly),
            Some(d(2026, 11, 23))
        );
        assert_eq!(
            period_end(d(2026, 5, 24), Period::Months(6), &WeekendsOnly),
            Some(d(2026, 11, 24))
        );
    }

    #[test]
    fn working_days_skip_weekends() {
        // Friday + 1 working day = Monday.
        assert_eq!(
            add_working_days(d(2026, 11, 20), 1, &WeekendsOnly),
            Some(d(2026, 11, 23))
        );
        assert_eq!(
            add_working_days(d(2026, 11, 20), 0, &WeekendsOnly),
            Some(d(2026, 11, 20))
        );
        assert_eq!(
            add_working_days(d(2026, 11, 16), 10, &WeekendsOnly),
            Some(d(2026, 11, 30))
        );
        assert_eq!(
            working_days_between(d(2026, 11, 16), d(2026, 11, 30), &WeekendsOnly),
            10
        );
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (1900i32..2100, 1u8..=12, 1u8..=31)
            .prop_map(|(y, m, day)| Date::from_ymd(y, m, day.min(days_in_month(y, m))).unwrap())
    }

    proptest! {
        #[test]
        fn days_round_trip(date in any_date()) {
            prop_assert_eq!(Date::from_days(date.to_days()), Some(date));
            prop_assert_eq!(date.add_days(1).unwrap().to_days(), date.to_days() + 1);
            let json = serde_json::to_string(&date).unwrap();
            prop_assert_eq!(serde_json::from_str::<Date>(&json).unwrap(), date);
            prop_assert_eq!(Date::parse(&date.to_string()), Ok(date));
        }

        #[test]
        fn age_increments_exactly_on_birthdays(birth in any_date(), years in 0u32..110) {
            if let Some(day) = reaches_age_on(birth, years) {
                prop_assert_eq!(age_on(birth, day), Some(years));
                if years > 0 {
                    prop_assert_eq!(age_on(birth, day.add_days(-1).unwrap()), Some(years - 1));
                }
            }
        }

        #[test]
        fn periods_never_end_on_rest_days_or_before_nominal(start in any_date(), n in 0u32..400) {
            let end = period_end(start, Period::Days(n), &WeekendsOnly).unwrap();
            prop_assert!(!end.is_weekend());
            prop_assert!(end >= start.add_days(i64::from(n)).unwrap());
            prop_assert!(end.to_days() - start.add_days(i64::from(n)).unwrap().to_days() <= 2);
        }

        #[test]
        fn working_day_arithmetic_is_consistent(start in any_date(), n in 0u32..200) {
            let end = add_working_days(start, n, &WeekendsOnly).unwrap();
            prop_assert_eq!(working_days_between(start, end, &WeekendsOnly), n);
            if n > 0 { prop_assert!(!end.is_weekend()); }
        }

        #[test]
        fn parse_never_panics(raw in "\\PC{0,24}") {
            let _ = Date::parse(&raw);
        }
    }
}
