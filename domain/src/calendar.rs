//! The official working-day calendar: national public holidays and 调休 make-up working days,
//! as the State Council publishes them each year (`data/calendar/cn-public-holidays.toml`).
//!
//! Statutory time limits in social assistance are counted in 工作日 (policy-rules.md §2.5, §13).
//! A weekend-only count is wrong around every long holiday: across the 2026 Spring Festival it
//! ends a 15-working-day limit four working days early. A year the data does not cover is
//! counted with weekends and the holidays fixed on Gregorian dates by law (see
//! [`fixed_public_holiday`]), and the result says so (`Deadline::provisional`), because the
//! next year's notice is published only in October or November.

use std::collections::{BTreeMap, BTreeSet};

use crate::date::{add_working_days, Date, HolidayCalendar};

/// One year's schedule and the notice it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearSchedule {
    pub year: i32,
    /// Title and 文号 of the State Council General Office's notice.
    pub notice: String,
    pub published: Date,
    pub source: String,
}

/// The calendar: days off and make-up working days of the covered years.
#[derive(Debug, Clone, Default)]
pub struct OfficialCalendar {
    years: BTreeMap<i32, YearSchedule>,
    off: BTreeSet<Date>,
    work: BTreeSet<Date>,
}

/// A working-day time limit's last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub end: Date,
    /// Part of the period falls in a year whose holiday notice the data does not hold yet:
    /// the end date was counted with weekends only there and may move.
    pub provisional: bool,
}

impl OfficialCalendar {
    /// Whether the official schedule of `date`'s year is in the data.
    pub fn covers(&self, date: Date) -> bool {
        self.years.contains_key(&date.year())
    }

    pub fn years(&self) -> impl Iterator<Item = &YearSchedule> {
        self.years.values()
    }

    /// The `n`-th working day after `start` ("N个工作日内" ends on it; counting begins the next
    /// day), and whether that count crossed a year the data does not cover.
    pub fn deadline(&self, start: Date, working_days: u32) -> Option<Deadline> {
        let end = add_working_days(start, working_days, self)?;
        let provisional = (start.year()..=end.year()).any(|y| !self.years.contains_key(&y));
        Some(Deadline { end, provisional })
    }
}

/// Public holidays that 《全国年节及纪念日放假办法》 fixes on Gregorian dates, which are days
/// off whatever the State Council's yearly notice later arranges: the notice only adds 调休
/// around them. Used for years the data does not cover, so that a period ending on 1 January
/// of next year is not counted as ending on a holiday.
///
/// - From 2025 (the November 2024 revision, in force 2025-01-01): 元旦 1 January, 劳动节
///   1–2 May, 国庆节 1–3 October.
/// - 2008–2024 (the 2007 revision, kept by the 2013 one): 1 January, 1 May, 1–3 October.
///
/// What stays unknown until the notice: the lunar holidays (春节, 端午, 中秋) and 清明 (a solar
/// term), which need an astronomical calendar this crate does not carry; the 补假 weekday
/// given when a fixed holiday falls on a weekend; and the 调休 make-up working days.
/// Results in such years therefore stay provisional ([`Deadline::provisional`]).
pub fn fixed_public_holiday(date: Date) -> bool {
    let (month, day) = (date.month(), date.day());
    match date.year() {
        2025.. => matches!((month, day), (1, 1) | (5, 1) | (5, 2) | (10, 1..=3)),
        2008..=2024 => matches!((month, day), (1, 1) | (5, 1) | (10, 1..=3)),
        _ => false,
    }
}

impl HolidayCalendar for OfficialCalendar {
    fn is_rest_day(&self, date: Date) -> bool {
        if self.work.contains(&date) {
            return false;
        }
        self.off.contains(&date)
            || date.is_weekend()
            || (!self.covers(date) && fixed_public_holiday(date))
    }

    /// Exactly the notice's days off (a holiday on a weekend is still a holiday, and a
    /// weekend merely adjoining one is not); in uncovered years, the fixed holidays only.
    fn is_public_holiday(&self, date: Date) -> bool {
        self.off.contains(&date) || (!self.covers(date) && fixed_public_holiday(date))
    }
}

#[cfg(feature = "policy-data")]
pub use data::{embedded, parse, FILE};

#[cfg(feature = "policy-data")]
mod data {
    use serde::Deserialize;

    use super::{OfficialCalendar, YearSchedule};
    use crate::date::Date;

    /// The embedded file.
    pub const FILE: &str = include_str!("../data/calendar/cn-public-holidays.toml");

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        years: Vec<RawYear>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawYear {
        year: i32,
        notice: String,
        published: String,
        source: String,
        holidays: Vec<RawHoliday>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct RawHoliday {
        name: String,
        off: [String; 2],
        #[serde(default)]
        work: Vec<String>,
    }

    /// The embedded calendar; the file is checked by the tests, so this cannot fail in a
    /// build that passed them (the server still reports an error rather than panicking).
    pub fn embedded() -> Result<OfficialCalendar, Vec<String>> {
        parse(FILE)
    }

    /// Parses and checks a calendar file: dates valid, ranges ordered and within a few days
    /// of their year, make-up days on weekends and not also off, no year twice. Every problem
    /// is reported, so a broken edit shows all its mistakes at once.
    pub fn parse(text: &str) -> Result<OfficialCalendar, Vec<String>> {
        let file: File = toml::from_str(text).map_err(|e| vec![e.to_string()])?;
        let mut errors = Vec::new();
        let mut calendar = OfficialCalendar::default();
        for y in file.years {
            let date = |raw: &str, errors: &mut Vec<String>| match Date::parse(raw) {
                Ok(d) => Some(d),
                Err(_) => {
                    errors.push(format!("{}: {raw:?} is not a date", y.year));
                    None
                }
            };
            let Some(published) = date(&y.published, &mut errors) else {
                continue;
            };
            if calendar.years.contains_key(&y.year) {
                errors.push(format!("{}: the year appears twice", y.year));
                continue;
            }
            for h in &y.holidays {
                let (Some(first), Some(last)) =
                    (date(&h.off[0], &mut errors), date(&h.off[1], &mut errors))
                else {
                    continue;
                };
                // New Year's Day may start in the last days of the year before.
                if first > last || last.days_until(first).abs() > 10 || (last.year() != y.year) {
                    errors.push(format!(
                        "{} {}: off range {first}–{last} is not within the year",
                        y.year, h.name
                    ));
                    continue;
                }
                let mut d = first;
                while d <= last {
                    calendar.off.insert(d);
                    match d.add_days(1) {
                        Some(n) => d = n,
                        None => break,
                    }
                }
                for raw in &h.work {
                    let Some(w) = date(raw, &mut errors) else {
                        continue;
                    };
                    if !w.is_weekend() {
                        errors.push(format!(
                            "{} {}: make-up working day {w} is not a weekend day",
                            y.year, h.name
                        ));
                    }
                    if calendar.off.contains(&w) {
                        errors.push(format!(
                            "{} {}: {w} is both off and a working day",
                            y.year, h.name
                        ));
                    }
                    calendar.work.insert(w);
                }
            }
            calendar.years.insert(
                y.year,
                YearSchedule {
                    year: y.year,
                    notice: y.notice,
                    published,
                    source: y.source,
                },
            );
        }
        if let Some(w) = calendar.work.iter().find(|w| calendar.off.contains(w)) {
            errors.push(format!("{w} is both off and a working day"));
        }
        if errors.is_empty() {
            Ok(calendar)
        } else {
            Err(errors)
        }
    }
}

#[cfg(all(test, feature = "policy-data"))]
mod tests {
    use super::*;
    use crate::date::{working_days_between, WeekendsOnly};

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn calendar() -> OfficialCalendar {
        embedded().expect("the embedded calendar is valid")
    }

    #[test]
    fn covers_2024_to_2026_with_their_notices() {
        let c = calendar();
        let years: Vec<i32> = c.years().map(|y| y.year).collect();
        assert_eq!(years, vec![2024, 2025, 2026]);
        assert!(c.years().all(|y| y.notice.contains("国办发明电")));
        assert!(c.covers(d("2026-12-31")));
        assert!(!c.covers(d("2027-01-04")));
    }

    #[test]
    fn spring_festival_2026_days_off_and_make_up_days() {
        let c = calendar();
        // 2月15日至23日放假调休，2月14日（周六）、2月28日（周六）上班.
        assert!(c.is_working_day(d("2026-02-14")));
        for day in 15..=23 {
            assert!(
                c.is_rest_day(Date::from_ymd(2026, 2, day).unwrap()),
                "2026-02-{day}"
            );
        }
        assert!(c.is_working_day(d("2026-02-24")));
        assert!(c.is_working_day(d("2026-02-28")));
        assert!(c.is_rest_day(d("2026-03-01")));
    }

    #[test]
    fn fifteen_working_days_across_the_2026_spring_festival() {
        // An application registered on Tuesday 10 February 2026. Working days after it:
        // 11, 12, 13, 14 (Saturday, made a working day), then nine days off (15–23), then
        // 24, 25, 26, 27, 28 (Saturday, made a working day), 2, 3, 4, 5, 6 March and 9 March.
        let c = calendar();
        let deadline = c.deadline(d("2026-02-10"), 15).unwrap();
        assert_eq!(
            deadline,
            Deadline {
                end: d("2026-03-09"),
                provisional: false
            }
        );
        assert_eq!(
            working_days_between(d("2026-02-10"), d("2026-03-09"), &c),
            15
        );
        // Weekends only would end it on 3 March, four working days early.
        assert_eq!(
            add_working_days(d("2026-02-10"), 15, &WeekendsOnly),
            Some(d("2026-03-03"))
        );
    }

    #[test]
    fn thirty_working_days_across_the_2025_spring_festival() {
        // Registered Friday 17 January 2025; 26 January (Sunday) and 8 February (Saturday) are
        // working days; 28 January to 4 February are off.
        let c = calendar();
        let deadline = c.deadline(d("2025-01-17"), 30).unwrap();
        let weekends = add_working_days(d("2025-01-17"), 30, &WeekendsOnly).unwrap();
        assert_eq!(working_days_between(d("2025-01-17"), deadline.end, &c), 30);
        assert!(c.is_working_day(d("2025-01-26")));
        assert!(c.is_rest_day(d("2025-02-03")));
        assert_eq!(deadline.end, d("2025-03-06"));
        assert_eq!(weekends, d("2025-02-28"));
    }

    #[test]
    fn a_period_reaching_an_uncovered_year_is_provisional() {
        let c = calendar();
        let deadline = c.deadline(d("2026-12-20"), 15).unwrap();
        assert!(deadline.provisional);
        assert!(deadline.end.year() == 2027);
        assert!(!c.deadline(d("2026-11-23"), 15).unwrap().provisional);
    }

    #[test]
    fn uncovered_years_rest_on_the_holidays_fixed_by_law() {
        let c = calendar();
        // 2027 is not in the data: 1 January (a Friday), 1–2 May and 1–3 October are certain.
        for day in [
            "2027-01-01",
            "2027-05-01",
            "2027-05-02",
            "2027-10-01",
            "2027-10-03",
        ] {
            assert!(c.is_rest_day(d(day)), "{day}");
            assert!(c.is_public_holiday(d(day)), "{day}");
        }
        // 3 May was a 劳动节 day only by the yearly notices; 4 October likewise.
        assert!(c.is_working_day(d("2027-05-03")));
        assert!(c.is_working_day(d("2027-10-04")));
        // Weekends stay rest days but are not holidays; lunar holidays are not computed.
        assert!(c.is_rest_day(d("2027-01-02")) && !c.is_public_holiday(d("2027-01-02")));
        assert!(
            c.is_working_day(d("2027-02-08")),
            "春节 2027 is not computed"
        );
        // Before the 2024 revision 劳动节 was one day.
        assert!(fixed_public_holiday(d("2023-05-01")) && !fixed_public_holiday(d("2023-05-02")));
        assert!(!fixed_public_holiday(d("2007-10-01")));
        // Covered years follow the notice alone.
        assert!(c.is_working_day(d("2026-01-04")), "a 调休 Sunday");
        assert!(
            c.is_public_holiday(d("2026-01-03")),
            "a holiday on a Saturday"
        );
        assert!(
            !c.is_public_holiday(d("2026-01-10")),
            "an ordinary Saturday"
        );
        assert!(!c.is_public_holiday(d("2026-02-14")), "a 调休 Saturday");
        assert!(c.is_public_holiday(d("2026-10-05")));
    }

    #[test]
    fn a_period_ending_on_new_year_2027_rolls_to_the_next_working_day() {
        // 60 days from 2026-11-02 end nominally on Friday 1 January 2027: rolled past the
        // holiday and the weekend to Monday 4 January, although 2027 is not covered.
        let c = calendar();
        assert_eq!(
            crate::date::period_end(d("2026-11-02"), crate::date::Period::Days(60), &c),
            Some(d("2027-01-04"))
        );
        assert_eq!(c.deadline(d("2026-12-30"), 1).unwrap().end, d("2026-12-31"));
        let next = c.deadline(d("2026-12-31"), 1).unwrap();
        assert_eq!((next.end, next.provisional), (d("2027-01-04"), true));
    }

    #[test]
    fn broken_files_are_rejected_with_every_mistake() {
        let text = r#"
[[years]]
year = 2030
notice = "x"
published = "2029-11-01"
source = "x"
[[years.holidays]]
name = "A"
off = ["2030-02-10", "2030-02-05"]
[[years.holidays]]
name = "B"
off = ["2030-05-01", "2030-05-03"]
work = ["2030-05-06", "2030-05-02"]
"#;
        let errors = parse(text).unwrap_err();
        assert!(
            errors.iter().any(|e| e.contains("not within the year")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.contains("not a weekend day")),
            "{errors:?}"
        );
        assert!(
            errors
                .iter()
                .any(|e| e.contains("both off and a working day")),
            "{errors:?}"
        );
    }
}
