//! Reports within a jurisdiction (issue 7): case counts and processing times by program, by
//! workflow step and by township, for cases submitted in a period. One set of
//! [`reports::Table`]s feeds the page (with server-rendered SVG charts), the CSV download and
//! the XLSX workbook, so the three can never disagree.
//!
//! Counts only: no names, ID numbers or amounts of individual households appear, so every
//! role may read the reports of its own jurisdiction. Downloads are audited.

use std::collections::BTreeMap;

use app::error::AppError;
use app::locale::Locale;
use app::pages::staff_admin::{ReportSection, ReportView};
use app::ports::RequestCtx;
use domain::application::Program;
use domain::case::Stage;
use domain::date::working_days_between;
use domain::staff::{ReportPeriod, ReportPeriodForm};
use domain::{message::arg, Date};
use reports::{Cell, Table};
use serde_json::json;

use super::cases::days_left;
use super::{township_name, StaffCtx, StaffService};
use crate::services::internal;
use crate::storage::CaseRowData;

/// Cases one report reads at most. A county's yearly caseload is in the low thousands; past
/// this the page says the figures are incomplete rather than slowing every instance down.
const REPORT_CASE_LIMIT: i64 = 50_000;

/// Timeline events one report reads at most (a case has about ten).
const REPORT_STEP_LIMIT: i64 = 10 * REPORT_CASE_LIMIT;

/// The tables a report has, by their `table=` key.
pub const REPORT_TABLES: [&str; 3] = ["program", "stage", "township"];

/// Counts of one row of a report.
#[derive(Default)]
struct Tally {
    total: i64,
    open: i64,
    approved: i64,
    refused: i64,
    overdue: i64,
    /// Working days from acceptance to decision of each decided case, pauses for 补正 left
    /// out (the statutory clock's measure).
    durations: Vec<i64>,
}

impl Tally {
    fn add(&mut self, stage: Stage, overdue: bool, duration: Option<i64>) {
        self.total += 1;
        match stage {
            Stage::Approved => self.approved += 1,
            Stage::Rejected | Stage::NotAccepted => self.refused += 1,
            _ => self.open += 1,
        }
        if overdue {
            self.overdue += 1;
        }
        if let Some(d) = duration {
            self.durations.push(d);
        }
    }

    fn cells(&self, label: String) -> Vec<Cell> {
        let average = (!self.durations.is_empty())
            .then(|| self.durations.iter().sum::<i64>() as f64 / self.durations.len() as f64);
        vec![
            Cell::Text(label),
            Cell::Int(self.total),
            Cell::Int(self.open),
            Cell::Int(self.approved),
            Cell::Int(self.refused),
            Cell::Int(self.overdue),
            average.map_or(Cell::Text(String::new()), |value| Cell::Decimal {
                value,
                places: 1,
            }),
            self.durations
                .iter()
                .max()
                .map_or(Cell::Text(String::new()), |m| Cell::Int(*m)),
        ]
    }
}

/// A report computed for one member: its tables (in [`REPORT_TABLES`] order) and counts.
pub struct Report {
    pub tables: Vec<(&'static str, Table)>,
    pub total: i64,
    pub truncated: bool,
}

fn text(locale: Locale, id: &str) -> String {
    app::i18n::message(locale, id, &[])
}

/// How a cell reads on the page (the CSV and XLSX writers format numbers the same way).
fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(t) => t.clone(),
        Cell::Int(n) => n.to_string(),
        Cell::Decimal { value, places } => {
            if value.is_finite() {
                format!("{value:.prec$}", prec = usize::from(*places))
            } else {
                String::new()
            }
        }
    }
}

fn date(s: &str) -> Option<Date> {
    Date::parse(s).ok()
}

impl StaffService {
    /// The report of the member's jurisdiction for cases submitted in `period`.
    pub(crate) async fn report(
        &self,
        ctx: &RequestCtx,
        staff: &StaffCtx,
        period: ReportPeriod,
    ) -> Result<Report, AppError> {
        let iso = |d: Option<Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let mut rows = self
            .storage
            .cases_for_report(
                &staff.prefix,
                &iso(period.from),
                &iso(period.to),
                REPORT_CASE_LIMIT + 1,
            )
            .await
            .map_err(|e| internal(ctx, "report", &e))?;
        let mut truncated = rows.len() as i64 > REPORT_CASE_LIMIT;
        rows.truncate(REPORT_CASE_LIMIT as usize);
        let mut steps = self
            .storage
            .case_steps_for_report(
                &staff.prefix,
                &iso(period.from),
                &iso(period.to),
                REPORT_STEP_LIMIT + 1,
            )
            .await
            .map_err(|e| internal(ctx, "report", &e))?;
        truncated |= steps.len() as i64 > REPORT_STEP_LIMIT;
        steps.truncate(REPORT_STEP_LIMIT as usize);
        let stays = self.stays(&steps);
        Ok(self.tabulate(ctx.locale, ctx.today, &rows, &stays, truncated))
    }

    fn duration(&self, row: &CaseRowData) -> Option<i64> {
        let accepted = date(row.accepted_on.as_deref()?)?;
        let decided = date(row.decided_on.as_deref()?)?;
        let days = i64::from(working_days_between(accepted, decided, &*self.calendar));
        Some((days - row.paused_working_days).max(0))
    }

    /// Working days each finished stay in a step lasted, per step (index in `Stage::ALL`):
    /// from the event that entered the step to the next event of the same case. A step the
    /// case is still in is not counted (its stay is not over).
    fn stays(&self, steps: &[(String, String, String)]) -> BTreeMap<usize, Vec<i64>> {
        let mut out: BTreeMap<usize, Vec<i64>> = BTreeMap::new();
        for pair in steps.windows(2) {
            let ((number, status, entered), (next_number, _, left)) = (&pair[0], &pair[1]);
            if number != next_number {
                continue;
            }
            let (Some(stage), Some(entered), Some(left)) =
                (Stage::from_key(status), date(entered), date(left))
            else {
                continue;
            };
            let k = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
            let days = i64::from(working_days_between(entered, left, &*self.calendar));
            out.entry(k).or_default().push(days);
        }
        out
    }

    fn tabulate(
        &self,
        locale: Locale,
        today: Date,
        rows: &[CaseRowData],
        stays: &BTreeMap<usize, Vec<i64>>,
        truncated: bool,
    ) -> Report {
        let mut by_program: BTreeMap<usize, Tally> = BTreeMap::new();
        let mut by_stage: BTreeMap<usize, i64> = BTreeMap::new();
        let mut by_township: BTreeMap<String, Tally> = BTreeMap::new();
        for row in rows {
            let Some(stage) = Stage::from_key(&row.status) else {
                continue;
            };
            let overdue = days_left(&self.calendar, row, today).is_some_and(|d| d < 0);
            let duration = stage.is_final().then(|| self.duration(row)).flatten();
            // A case applying for two programs counts once under each.
            for p in row.programs.split(',').filter_map(Program::from_key) {
                let k = Program::ALL.iter().position(|q| *q == p).unwrap_or(0);
                by_program
                    .entry(k)
                    .or_default()
                    .add(stage, overdue, duration);
            }
            let k = Stage::ALL.iter().position(|s| *s == stage).unwrap_or(0);
            *by_stage.entry(k).or_default() += 1;
            by_township
                .entry(row.township.clone())
                .or_default()
                .add(stage, overdue, duration);
        }
        let headings = |first: &str| {
            [
                first,
                "staff-report-col-total",
                "staff-report-col-open",
                "staff-report-col-approved",
                "staff-report-col-refused",
                "staff-report-col-overdue",
                "staff-report-col-average",
                "staff-report-col-longest",
            ]
            .iter()
            .map(|id| text(locale, id))
            .collect::<Vec<_>>()
        };
        let program_table = Table {
            title: text(locale, "staff-report-by-program"),
            headings: headings("staff-col-programs"),
            rows: by_program
                .iter()
                .map(|(k, t)| {
                    let name = text(
                        locale,
                        app::pages::apply::program_message_id(Program::ALL[*k]),
                    );
                    t.cells(name)
                })
                .collect(),
        };
        // Every step that has cases now or had finished stays, in workflow order.
        let steps: std::collections::BTreeSet<usize> =
            by_stage.keys().chain(stays.keys()).copied().collect();
        let stage_table = Table {
            title: text(locale, "staff-report-by-stage"),
            headings: [
                "staff-col-stage",
                "staff-report-col-now",
                "staff-report-col-passed",
                "staff-report-col-stay",
            ]
            .iter()
            .map(|id| text(locale, id))
            .collect(),
            rows: steps
                .iter()
                .map(|k| {
                    let done = stays.get(k).map_or(&[][..], Vec::as_slice);
                    let average = (!done.is_empty())
                        .then(|| done.iter().sum::<i64>() as f64 / done.len() as f64);
                    vec![
                        Cell::Text(text(
                            locale,
                            &format!("case-stage-{}", Stage::ALL[*k].key()),
                        )),
                        Cell::Int(by_stage.get(k).copied().unwrap_or(0)),
                        Cell::Int(done.len() as i64),
                        average.map_or(Cell::Text(String::new()), |value| Cell::Decimal {
                            value,
                            places: 1,
                        }),
                    ]
                })
                .collect(),
        };
        let mut townships: Vec<(String, &Tally)> = by_township
            .iter()
            .map(|(code, t)| {
                let name = match township_name(code) {
                    n if n.is_empty() => text(locale, "staff-report-no-township"),
                    n => n,
                };
                (name, t)
            })
            .collect();
        townships.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
        let township_table = Table {
            title: text(locale, "staff-report-by-township"),
            headings: headings("staff-filter-township"),
            rows: townships
                .into_iter()
                .map(|(name, t)| t.cells(name))
                .collect(),
        };
        Report {
            tables: vec![
                ("program", program_table),
                ("stage", stage_table),
                ("township", township_table),
            ],
            total: rows.len() as i64,
            truncated,
        }
    }

    /// The reports page: every table with its bar chart of case counts.
    pub async fn report_view(
        &self,
        ctx: &RequestCtx,
        form: &ReportPeriodForm,
    ) -> Result<ReportView, AppError> {
        let staff = self.authenticate(ctx).await?;
        // Assistance reports are for the assistance roles and administrators.
        if staff.role == domain::case::Role::Registrar {
            return Err(AppError::Forbidden);
        }
        let period = form.parse()?;
        let report = self.report(ctx, &staff, period).await?;
        let locale = ctx.locale;
        let sections = report
            .tables
            .into_iter()
            .map(|(key, table)| {
                let bars: Vec<(String, i64)> = table
                    .rows
                    .iter()
                    .filter_map(|r| match (r.first(), r.get(1)) {
                        // Steps nobody is in now are in the table (their stays), not the chart.
                        (Some(Cell::Text(label)), Some(Cell::Int(n)))
                            if *n > 0 || key != "stage" =>
                        {
                            Some((label.clone(), *n))
                        }
                        _ => None,
                    })
                    .collect();
                let chart_svg = reports::bar_chart_svg(
                    &table.title,
                    &bars,
                    &|n| app::i18n::message(locale, "staff-report-cases", &[arg("count", n)]),
                    &text(locale, "staff-report-empty"),
                );
                ReportSection {
                    key: key.to_owned(),
                    title: table.title,
                    headings: table.headings,
                    rows: table
                        .rows
                        .iter()
                        .map(|r| r.iter().map(cell_text).collect())
                        .collect(),
                    chart_svg,
                }
            })
            .collect();
        Ok(ReportView {
            period: form.clone(),
            total: report.total,
            sections,
            truncated: report.truncated,
        })
    }

    /// A download of the report: one table as CSV (`table` = `program`, `stage` or
    /// `township`), or every table as an XLSX workbook (`table` = `None`). Audited.
    pub async fn report_export(
        &self,
        ctx: &RequestCtx,
        form: &ReportPeriodForm,
        table: Option<&str>,
    ) -> Result<Vec<u8>, AppError> {
        let staff = self.authenticate(ctx).await?;
        // Assistance reports are for the assistance roles and administrators.
        if staff.role == domain::case::Role::Registrar {
            return Err(AppError::Forbidden);
        }
        let period = form.parse()?;
        if let Some(key) = table {
            if !REPORT_TABLES.contains(&key) {
                return Err(AppError::NotFound);
            }
        }
        let report = self.report(ctx, &staff, period).await?;
        let bytes = match table {
            Some(key) => report
                .tables
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, t)| reports::csv(t).into_bytes())
                .unwrap_or_default(),
            None => {
                let tables: Vec<Table> = report.tables.into_iter().map(|(_, t)| t).collect();
                reports::xlsx(&tables).map_err(|e| internal(ctx, "report workbook", &e))?
            }
        };
        self.audit(self.entry(
            &staff,
            "report.export",
            &staff.jurisdiction.to_string(),
            "ok",
            json!({
                "format": if table.is_some() { "csv" } else { "xlsx" },
                "table": table,
                "from": form.from.trim(),
                "to": form.to.trim(),
                "cases": report.total,
            }),
        ))
        .await
        .map_err(|e| internal(ctx, "audit", &e))?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tally_counts_outcomes_and_working_days() {
        let mut t = Tally::default();
        t.add(Stage::Approved, false, Some(10));
        t.add(Stage::Rejected, false, Some(21));
        t.add(Stage::HomeVisit, true, None);
        let cells = t.cells("低保".into());
        assert_eq!(cells[1], Cell::Int(3));
        assert_eq!(cells[2], Cell::Int(1));
        assert_eq!(cells[3], Cell::Int(1));
        assert_eq!(cells[4], Cell::Int(1));
        assert_eq!(cells[5], Cell::Int(1));
        assert_eq!(cell_text(&cells[6]), "15.5");
        assert_eq!(cells[7], Cell::Int(21));
        let empty = Tally::default().cells("x".into());
        assert_eq!(cell_text(&empty[6]), "");
    }
}
