//! The case workflow behind the staff pages and server functions: the work queue, the case
//! page, the export and the steps (`domain::case::decide`), each within the member's
//! jurisdiction and each audited.

use app::api::staff::{
    CaseFilter, CaseList, CaseRow, CaseView, EventView, MemberView, NoteView, RecheckView,
    SignatureView, StaffIdentity,
};
use app::error::AppError;
use app::ports::{RequestCtx, StaffDesk};
use async_trait::async_trait;
use domain::application::{Application, ApplicationForm, Program};
use domain::case::{self, ActionKind, CaseAction, CaseActionForm, CaseState, Month, Role, Stage};
use domain::date::working_days_between;
use domain::eligibility::{Facts, Screening};
use domain::{Date, FormErrors, Localized, Money};
use serde_json::json;

use super::notify::status_notifications;
use super::{township_name, StaffCtx, StaffService};
use crate::services::internal;
use crate::storage::{
    append_audit, apply_case_step, insert_notification, now_ms, CaseQuery, CaseRowData, CaseUpdate,
    NewEvent,
};

pub(crate) const PAYLOAD_PURPOSE: &str = "application.payload";
const STROKES_PURPOSE: &str = "application.signature";
pub const EVENT_PURPOSE: &str = "application.event";
pub(crate) const NOTE_PURPOSE: &str = "application.note";
/// Rows per page of the work queue.
pub const QUEUE_PAGE_ROWS: i64 = 50;
/// Rows one export holds at most (a county's caseload fits; the filters narrow it).
const EXPORT_LIMIT: i64 = 10_000;
/// Bulk publication handles at most this many cases per post.
const PUBLISH_LIMIT: usize = 500;
/// The queue's last page (50 × 10,000 cases is beyond any county).
const MAX_PAGE: i64 = 10_000;

/// The parsed application behind a case, with the figures staff compare.
pub(crate) struct Opened {
    pub app: Application,
    pub declared_income: Money,
    pub declared_assets_ok: bool,
}

fn date(s: &str) -> Option<Date> {
    Date::parse(s).ok()
}

/// Working days left until the deadline (negative once past), while the clock runs.
pub(crate) fn days_left(
    calendar: &domain::calendar::OfficialCalendar,
    row: &CaseRowData,
    today: Date,
) -> Option<i64> {
    let stage = Stage::from_key(&row.status)?;
    if !stage.clock_runs() || row.accepted_on.is_none() {
        return None;
    }
    let deadline = date(&row.deadline)?;
    Some(if today <= deadline {
        i64::from(working_days_between(today, deadline, calendar))
    } else {
        -i64::from(working_days_between(deadline, today, calendar))
    })
}

/// `today` if it is a working day, otherwise the working day before it: a case is overdue
/// once its deadline (always a working day) is before this day, which is when `days_left`
/// turns negative; over a weekend after a Friday deadline neither says "overdue" yet.
pub(crate) fn last_working_day(calendar: &impl domain::date::HolidayCalendar, today: Date) -> Date {
    let mut day = today;
    // The longest run of rest days (Spring Festival with a weekend) is under two weeks.
    for _ in 0..31 {
        if calendar.is_working_day(day) {
            return day;
        }
        match day.add_days(-1) {
            Some(d) => day = d,
            None => break,
        }
    }
    today
}

fn yuan(fen: Option<i64>) -> Option<String> {
    fen.map(|f| Money::from_fen(f).yuan_string())
}

fn programs_of(row: &CaseRowData) -> Vec<String> {
    row.programs
        .split(',')
        .filter(|p| Program::from_key(p).is_some())
        .map(str::to_owned)
        .collect()
}

impl StaffService {
    fn require_case_worker(&self, staff: &StaffCtx) -> Result<(), AppError> {
        if staff.role.works_cases() {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The queue's filters parsed; the scope itself is applied by the storage query.
    /// `per_page` rows of the filter's page (plus one, to tell whether another follows).
    fn query_of(
        &self,
        filter: &CaseFilter,
        today: Date,
        per_page: i64,
    ) -> Result<CaseQuery, AppError> {
        let mut errors = FormErrors::new();
        let program = match filter.program.trim() {
            "" => None,
            p if Program::from_key(p).is_some() => Some(p.to_owned()),
            _ => {
                errors.push("program", &domain::case::CaseFormError::UnknownAction);
                None
            }
        };
        let status = match filter.stage.trim() {
            "" => None,
            s if Stage::from_key(s).is_some() => Some(s.to_owned()),
            _ => {
                errors.push("stage", &domain::case::CaseFormError::UnknownAction);
                None
            }
        };
        let township = match filter.township.trim() {
            "" => None,
            t => match domain::region::TownshipCode::parse(t) {
                // A township outside the jurisdiction simply matches nothing: the scope
                // filter in the query still applies.
                Ok(code) => Some(code.to_string()),
                Err(e) => {
                    errors.push("township", &e);
                    None
                }
            },
        };
        let page = match filter.page.trim() {
            "" => 1,
            p => match p.parse::<i64>() {
                Ok(n) if (1..=MAX_PAGE).contains(&n) => n,
                _ => {
                    errors.push("page", &domain::staff::StaffError::PagePosition);
                    1
                }
            },
        };
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        Ok(CaseQuery {
            program,
            status,
            township,
            // Overdue once a working day has passed after the deadline (as `days_left`
            // counts): the deadline is before the last working day up to today.
            overdue_on: (filter.overdue.trim() == "yes")
                .then(|| last_working_day(&*self.calendar, today).to_string()),
            limit: per_page + 1,
            offset: (page - 1) * per_page,
        })
    }

    /// The filter's page of the queue (`per_page` rows), and whether another page follows.
    async fn rows(
        &self,
        ctx: &RequestCtx,
        staff: &StaffCtx,
        filter: &CaseFilter,
        per_page: i64,
    ) -> Result<(Vec<CaseRow>, bool), AppError> {
        let query = self.query_of(filter, ctx.today, per_page)?;
        let mut rows = self
            .storage
            .cases_in_scope(&staff.prefix, &query)
            .await
            .map_err(|e| internal(ctx, "case list", &e))?;
        let has_next = rows.len() as i64 > per_page;
        rows.truncate(per_page as usize);
        let rows = rows
            .iter()
            .filter_map(|r| {
                let stage = Stage::from_key(&r.status)?;
                let left = days_left(&self.calendar, r, ctx.today);
                let overdue = left.is_some_and(|d| d < 0);
                Some(CaseRow {
                    number: r.number.clone(),
                    programs: programs_of(r),
                    stage,
                    township: r.township.clone(),
                    township_name: township_name(&r.township),
                    community: r.community.clone(),
                    household_size: r.household_size,
                    submitted_on: r.submitted_on.clone(),
                    deadline: r.accepted_on.as_ref().map(|_| r.deadline.clone()),
                    days_left: left,
                    overdue,
                    simplified: r.simplified,
                    proposed_amount: yuan(r.proposed_amount_fen),
                })
            })
            .collect();
        Ok((rows, has_next))
    }

    /// Decrypts and re-parses the stored application.
    pub(crate) async fn open(
        &self,
        ctx: &RequestCtx,
        staff_prefix: &str,
        row: &CaseRowData,
    ) -> Result<Opened, AppError> {
        let (payload, _) = self
            .storage
            .case_ciphertexts_in_scope(staff_prefix, &row.number)
            .await
            .map_err(|e| internal(ctx, "case payload", &e))?
            .ok_or(AppError::NotFound)?;
        let text = self
            .vault
            .decrypt(PAYLOAD_PURPOSE, &payload)
            .map_err(|e| internal(ctx, "case payload", &e))?;
        let form: ApplicationForm =
            serde_json::from_str(&text).map_err(|e| internal(ctx, "case payload", &e))?;
        let submitted = date(&row.submitted_on).unwrap_or(ctx.today);
        let app = Application::parse(&form, submitted)
            .map_err(|_| internal(ctx, "case payload", &"stored application does not parse"))?;
        let size = app.household.size().max(1) as i64;
        let total = Money::checked_sum(
            app.household
                .counted_members()
                .map(|m| m.monthly_income(|_| true)),
        )
        .unwrap_or(Money::from_fen(0));
        let declared_income = total.checked_ratio(1, size).unwrap_or(total);
        let params = self.policy.parameters(app.region, ctx.today);
        let outcomes = domain::eligibility::evaluate(&self.screening(&app, ctx.today), &params);
        let declared_assets_ok = !outcomes.iter().any(|o| match &o.outcome {
            domain::eligibility::Outcome::Ineligible { reasons } => {
                reasons.iter().any(|r| r.message_id.contains("asset"))
            }
            _ => false,
        });
        Ok(Opened {
            app,
            declared_income,
            declared_assets_ok,
        })
    }

    fn screening(&self, app: &Application, today: Date) -> Screening {
        Screening {
            region: app.region,
            area: app.area,
            date: today,
            household: app.household.clone(),
            facts: Facts::default(),
        }
    }

    async fn find(
        &self,
        ctx: &RequestCtx,
        staff: &StaffCtx,
        number: &str,
    ) -> Result<CaseRowData, AppError> {
        let number = number.trim().to_ascii_uppercase();
        // Case numbers are ASCII letters, digits and hyphens (SQ20261206-ABC123); anything else
        // (a NUL, which PostgreSQL refuses in text; markup) names no case.
        if number.is_empty()
            || number.len() > 32
            || !number
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(AppError::NotFound);
        }
        self.storage
            .case_in_scope(&staff.prefix, &number)
            .await
            .map_err(|e| internal(ctx, "case", &e))?
            .ok_or(AppError::NotFound)
    }

    fn state_of(row: &CaseRowData) -> Option<CaseState> {
        Some(CaseState {
            stage: Stage::from_key(&row.status)?,
            resume_stage: row.resume_stage.as_deref().and_then(Stage::from_key),
            notice: match (&row.notice_from, &row.notice_to) {
                (Some(a), Some(b)) => Some((date(a)?, date(b)?)),
                _ => None,
            },
            proposed_amount: row.proposed_amount_fen.map(Money::from_fen),
        })
    }

    /// The steps `role` may take on the case now (what the page offers).
    fn available(row: &CaseRowData, role: Role, today: Date) -> Vec<ActionKind> {
        let Some(state) = Self::state_of(row) else {
            return Vec::new();
        };
        ActionKind::STAFF
            .into_iter()
            .filter(|k| k.allowed_for(role) && k.from_stages().contains(&state.stage))
            .filter(|k| {
                // Approval waits for the end of the notice; offer it only then.
                *k != ActionKind::Approve || state.notice.is_some_and(|(_, last)| today > last)
            })
            .collect()
    }

    /// The 低保 amount the verified per-capita income gives, (standard − income) × size
    /// (policy-rules.md §12.2 DB-08), from the last verification recorded.
    fn verified_amount(
        &self,
        opened: &Opened,
        history: &[EventView],
        today: Date,
    ) -> Option<String> {
        let verified = history
            .iter()
            .rev()
            .find(|e| e.action == ActionKind::RecordVerification.key())
            .and_then(|e| e.detail.as_deref())
            .and_then(|d| serde_json::from_str::<serde_json::Value>(d).ok())
            .and_then(|v| v["verified_income_fen"].as_i64())?;
        let params = self.policy.parameters(opened.app.region, today);
        let key = match opened.app.area {
            domain::eligibility::AreaType::Urban => domain::eligibility::KEY_DIBAO_URBAN,
            _ => domain::eligibility::KEY_DIBAO_RURAL,
        };
        let (rate, _) = params.rate(key)?;
        let gap = rate.monthly().fen() - verified;
        (gap > 0)
            .then(|| Money::from_fen(gap * opened.app.household.size().max(1) as i64).yuan_string())
    }

    async fn history(&self, ctx: &RequestCtx, number: &str) -> Result<Vec<EventView>, AppError> {
        Ok(self
            .storage
            .case_events(number)
            .await
            .map_err(|e| internal(ctx, "case history", &e))?
            .into_iter()
            .filter_map(|(status, action, actor, on_date, detail, at)| {
                Some(EventView {
                    stage: Stage::from_key(&status)?,
                    action,
                    actor,
                    on_date,
                    at,
                    detail: detail.and_then(|d| self.vault.decrypt(EVENT_PURPOSE, &d).ok()),
                })
            })
            .collect())
    }

    async fn view(
        &self,
        ctx: &RequestCtx,
        staff: &StaffCtx,
        row: &CaseRowData,
    ) -> Result<CaseView, AppError> {
        let opened = self.open(ctx, &staff.prefix, row).await?;
        let today = ctx.today;
        let app = &opened.app;
        let members = app
            .household
            .members
            .iter()
            .map(|m| MemberView {
                name: m.name.as_ref().map(|n| n.to_string()).unwrap_or_default(),
                id_number_masked: m.id_number.as_ref().map(|i| i.masked()).unwrap_or_default(),
                birth_date: m.birth_date.to_string(),
                age: m.age_on(today).unwrap_or(0),
                occupation: format!("{:?}", m.work),
                disability: m
                    .disability
                    .as_ref()
                    .map(|d| format!("{:?} {}", d.category, d.level))
                    .unwrap_or_default(),
                monthly_income: m.monthly_income(|_| true).yuan_string(),
            })
            .collect::<Vec<_>>();
        let names: Vec<String> = members.iter().map(|m| m.name.clone()).collect();
        let signatures = self
            .storage
            .case_signatures(&row.number)
            .await
            .map_err(|e| internal(ctx, "signatures", &e))?
            .into_iter()
            .map(
                |(member, signer, role, version, sha, strokes)| SignatureView {
                    member: names.get(member as usize).cloned().unwrap_or_default(),
                    signer: names.get(signer as usize).cloned().unwrap_or_default(),
                    guardian: role == "guardian",
                    text_version: version,
                    text_sha256: sha,
                    path: self
                        .vault
                        .decrypt(STROKES_PURPOSE, &strokes)
                        .ok()
                        .and_then(|s| domain::application::Strokes::parse(&s).ok())
                        .map(|s| s.svg_path())
                        .unwrap_or_default(),
                },
            )
            .collect();
        let documents = self
            .storage
            .case_documents(&row.number)
            .await
            .map_err(|e| internal(ctx, "documents", &e))?;
        let history = self.history(ctx, &row.number).await?;
        let notes = self
            .storage
            .case_notes(&row.number)
            .await
            .map_err(|e| internal(ctx, "notes", &e))?
            .into_iter()
            .map(|(author, body, at)| NoteView {
                author,
                body: self.vault.decrypt(NOTE_PURPOSE, &body).unwrap_or_default(),
                at,
            })
            .collect();
        let params = self.policy.parameters(app.region, today);
        let recheck = domain::eligibility::evaluate(&self.screening(app, today), &params)
            .into_iter()
            .map(|o| RecheckView {
                program: format!("{:?}", o.program),
                outcome: o.outcome.kind().to_owned(),
                amount: o.outcome.monthly_amount().map(|m| m.yuan_string()),
            })
            .collect();
        let left = days_left(&self.calendar, row, today);
        Ok(CaseView {
            number: row.number.clone(),
            stage: Stage::from_key(&row.status).unwrap_or(Stage::Submitted),
            programs: programs_of(row),
            procedure: row.procedure.clone(),
            place: super::jurisdiction_name(&domain::region::Jurisdiction::Region(app.region)),
            township_name: township_name(&row.township),
            community: row.community.clone(),
            submitted_on: row.submitted_on.clone(),
            accepted_on: row.accepted_on.clone(),
            deadline: row.accepted_on.as_ref().map(|_| row.deadline.clone()),
            days_left: left,
            overdue: left.is_some_and(|d| d < 0),
            simplified_available: case::simplified_procedure(&params).is_some(),
            simplified: row.simplified,
            notice: row.notice_from.clone().zip(row.notice_to.clone()),
            proposed_amount: yuan(row.proposed_amount_fen),
            amount: yuan(row.amount_fen),
            pay_from: row.pay_from.clone(),
            mobile_masked: app.mobile.masked(),
            members,
            declared_income_per_capita: opened.declared_income.yuan_string(),
            declared_assets_ok: opened.declared_assets_ok,
            hardship: app.hardship.clone(),
            documents,
            signatures,
            recheck,
            verified_amount: self.verified_amount(&opened, &history, today),
            history,
            notes,
            actions: Self::available(row, staff.role, today),
            earliest_pay_from: Month::of(today).next().to_string(),
        })
    }

    /// The event detail kept (encrypted) with a step: what staff wrote and the figures.
    fn detail_of(action: &CaseAction) -> Option<serde_json::Value> {
        Some(match action {
            CaseAction::Accept | CaseAction::Publish => return None,
            CaseAction::NotAccept { reasons }
            | CaseAction::ProposeRejection { reasons }
            | CaseAction::Reject { reasons } => json!({ "text": reasons.as_str() }),
            CaseAction::RequestSupplement { items } => json!({ "text": items.as_str() }),
            CaseAction::Supplemented { note } => {
                json!({ "text": note.as_ref().map(|n| n.as_str()) })
            }
            CaseAction::RecordVerification(v) => json!({
                "declared_income_fen": v.declared_income.fen(),
                "verified_income_fen": v.verified_income.fen(),
                "declared_assets_ok": v.declared_assets_ok,
                "verified_assets_ok": v.verified_assets_ok,
                "single_registration": v.single_registration,
                "complaint": v.complaint,
            }),
            CaseAction::RecordHomeVisit {
                visited_on,
                findings,
            } => {
                json!({ "date": visited_on.to_string(), "text": findings.as_str() })
            }
            CaseAction::RecordAppraisal { held_on, findings } => {
                json!({ "date": held_on.to_string(), "text": findings.as_str() })
            }
            CaseAction::ProposeApproval { amount } => json!({ "amount_fen": amount.fen() }),
            CaseAction::RecordObjection { summary } => json!({ "text": summary.as_str() }),
            CaseAction::Approve { amount, pay_from } => {
                json!({ "amount_fen": amount.fen(), "pay_from": pay_from.to_string() })
            }
        })
    }

    /// The column changes of a step decided by the workflow.
    fn update_of(
        &self,
        row: &CaseRowData,
        action: &CaseAction,
        t: &case::Transition,
        today: Date,
    ) -> CaseUpdate {
        let mut u = CaseUpdate {
            status: t.to.key().to_owned(),
            ..CaseUpdate::default()
        };
        if t.starts_clock {
            // The time limit runs from acceptance (policy-rules.md §2.5 item 6).
            let working_days = programs_of(row)
                .iter()
                .filter_map(|p| Program::from_key(p))
                .map(|p| p.statutory_working_days())
                .max()
                .unwrap_or(30);
            u.accepted_on = Some(today.to_string());
            u.deadline = self
                .calendar
                .deadline(today, working_days)
                .map(|d| d.end.to_string());
        }
        if t.to == Stage::SupplementRequested {
            u.paused_since = Some(Some(today.to_string()));
            u.resume_stage = Some(t.resume_stage.map(|s| s.key().to_owned()));
        }
        if matches!(action, CaseAction::Supplemented { .. }) {
            // The clock was paused while the resident gathered documents: the deadline moves
            // by the working days that passed (only once it had started).
            if let (Some(since), Some(_)) =
                (row.paused_since.as_deref().and_then(date), &row.accepted_on)
            {
                let paused = working_days_between(since, today, &*self.calendar);
                u.add_paused_working_days = i64::from(paused);
                u.deadline = date(&row.deadline)
                    .and_then(|d| self.calendar.deadline(d, paused))
                    .map(|d| d.end.to_string());
            }
            u.paused_since = Some(None);
            u.resume_stage = Some(None);
        }
        if t.simplified {
            u.simplified = Some(true);
        }
        if let Some((from, to)) = t.notice {
            u.notice = Some((from.to_string(), to.to_string()));
        }
        match action {
            CaseAction::ProposeApproval { amount } => u.proposed_amount_fen = Some(amount.fen()),
            CaseAction::Approve { amount, pay_from } => {
                u.amount_fen = Some(amount.fen());
                u.pay_from = Some(pay_from.to_string());
                u.decided_on = Some(today.to_string());
            }
            CaseAction::Reject { .. } | CaseAction::NotAccept { .. } => {
                u.decided_on = Some(today.to_string());
            }
            _ => {}
        }
        u
    }

    /// Takes one step: parse, decide, then in one transaction the conditional update, the
    /// event, the notifications and the audit entry. Refusals are audited too.
    pub(crate) async fn step(
        &self,
        ctx: &RequestCtx,
        staff: &StaffCtx,
        number: &str,
        form: &CaseActionForm,
    ) -> Result<Stage, AppError> {
        self.require_case_worker(staff)?;
        let row = self.find(ctx, staff, number).await?;
        let opened = self.open(ctx, &staff.prefix, &row).await?;
        let action = form.parse((opened.declared_income, opened.declared_assets_ok))?;
        let state = Self::state_of(&row).ok_or_else(|| internal(ctx, "case", &"unknown stage"))?;
        let params = self.policy.parameters(opened.app.region, ctx.today);
        let decided = case::decide(
            &state,
            &action,
            staff.role,
            ctx.today,
            case::simplified_procedure(&params),
        );
        let transition = match decided {
            Ok(t) => t,
            Err(e) => {
                let entry = self.entry(
                    staff,
                    &format!("case.{}", action.kind().key()),
                    &row.number,
                    "refused",
                    json!({ "stage": row.status, "reason": e.message_id() }),
                );
                self.audit(entry)
                    .await
                    .map_err(|e| internal(ctx, "audit", &e))?;
                let mut errors = FormErrors::new();
                errors.push("action", &e);
                return Err(if e == case::CaseError::RoleCannot {
                    AppError::Forbidden
                } else {
                    AppError::Invalid(errors)
                });
            }
        };
        let update = self.update_of(&row, &action, &transition, ctx.today);
        let now = now_ms();
        let event = NewEvent {
            status: transition.to.key().to_owned(),
            action: action.kind().key().to_owned(),
            actor: staff.username.clone(),
            on_date: ctx.today.to_string(),
            detail_ciphertext: Self::detail_of(&action)
                .map(|d| self.vault.encrypt(EVENT_PURPOSE, &d.to_string())),
            at: now,
        };
        let notifications = status_notifications(
            &self.vault,
            &row.number,
            &opened.app,
            transition.to,
            &action,
            now,
        );
        let audit = self.entry(
            staff,
            &format!("case.{}", action.kind().key()),
            &row.number,
            "ok",
            json!({
                "before": row.status,
                "after": transition.to.key(),
                "simplified": transition.simplified,
            }),
        );
        let mut tx = self
            .storage
            .begin_write()
            .await
            .map_err(|e| internal(ctx, "case step", &e))?;
        let applied = apply_case_step(
            &mut tx,
            &staff.prefix,
            &row.number,
            &row.status,
            &update,
            &event,
        )
        .await
        .map_err(|e| internal(ctx, "case step", &e))?;
        if !applied {
            // Someone else moved the case first: nothing is written.
            let _ = tx.rollback().await;
            let mut errors = FormErrors::new();
            errors.push(
                "action",
                &case::CaseError::WrongStage { stage: state.stage },
            );
            return Err(AppError::Invalid(errors));
        }
        for n in &notifications {
            insert_notification(&mut tx, n)
                .await
                .map_err(|e| internal(ctx, "notification", &e))?;
        }
        append_audit(&mut tx, &audit, &self.audit_hasher())
            .await
            .map_err(|e| internal(ctx, "audit", &e))?;
        tx.commit()
            .await
            .map_err(|e| internal(ctx, "case step", &e))?;
        tracing::info!(request_id = %ctx.request_id, number = %row.number, to = transition.to.key(), "case step");
        Ok(transition.to)
    }

    /// The resident's answer to a request for more documents (补正), after the caller has
    /// checked the application's access code: the case returns to the step it was in, the
    /// deadline moves by the working days the clock was paused, and the documents are
    /// attached, all in one transaction. Recorded in the audit trail with the resident as
    /// actor (no personal data: the note is encrypted with the event).
    pub(crate) async fn resident_supplement(
        &self,
        ctx: &RequestCtx,
        number: &str,
        reply: &domain::application::SupplementReply,
    ) -> Result<Stage, AppError> {
        let not_waiting = || {
            let mut errors = FormErrors::new();
            errors.push(
                "note",
                &domain::application::ApplicationError::SupplementNotRequested,
            );
            AppError::Invalid(errors)
        };
        // The access code stands for the resident's right to the case: no jurisdiction.
        const ANY_SCOPE: &str = "";
        let row = self
            .storage
            .case_in_scope(ANY_SCOPE, number)
            .await
            .map_err(|e| internal(ctx, "case", &e))?
            .ok_or(AppError::NotFound)?;
        let state = Self::state_of(&row).ok_or_else(|| internal(ctx, "case", &"unknown stage"))?;
        if state.stage != Stage::SupplementRequested {
            return Err(not_waiting());
        }
        let opened = self.open(ctx, ANY_SCOPE, &row).await?;
        let action = CaseAction::Supplemented {
            note: reply.note.clone(),
        };
        let params = self.policy.parameters(opened.app.region, ctx.today);
        // The role is not consulted for the resident's own step (`decide` lets anyone
        // answer a request addressed to them).
        let transition = case::decide(
            &state,
            &action,
            Role::Intake,
            ctx.today,
            case::simplified_procedure(&params),
        )
        .map_err(|_| not_waiting())?;
        let update = self.update_of(&row, &action, &transition, ctx.today);
        let now = now_ms();
        let detail = json!({
            "text": reply.note.as_ref().map(|n| n.as_str()),
            "documents": reply.documents.len(),
        });
        let event = NewEvent {
            status: transition.to.key().to_owned(),
            action: ActionKind::Supplemented.key().to_owned(),
            actor: "resident".to_owned(),
            on_date: ctx.today.to_string(),
            detail_ciphertext: Some(self.vault.encrypt(EVENT_PURPOSE, &detail.to_string())),
            at: now,
        };
        let audit = crate::storage::AuditEntry {
            at: now,
            actor: super::SYSTEM_ACTOR_RESIDENT.to_owned(),
            role: String::new(),
            action: "case.supplemented".to_owned(),
            subject: row.number.clone(),
            outcome: "ok".to_owned(),
            detail: json!({
                "before": row.status,
                "after": transition.to.key(),
                "documents": reply.documents.len(),
            })
            .to_string(),
            client_ip: crate::services::contact::client_bucket(ctx.client_ip),
        };
        let mut tx = self
            .storage
            .begin_write()
            .await
            .map_err(|e| internal(ctx, "supplement", &e))?;
        let applied = apply_case_step(
            &mut tx,
            ANY_SCOPE,
            &row.number,
            &row.status,
            &update,
            &event,
        )
        .await
        .map_err(|e| internal(ctx, "supplement", &e))?;
        if !applied {
            let _ = tx.rollback().await;
            return Err(not_waiting());
        }
        if !crate::storage::attach_documents(&mut tx, &row.number, &reply.documents)
            .await
            .map_err(|e| internal(ctx, "supplement documents", &e))?
        {
            let _ = tx.rollback().await;
            let mut errors = FormErrors::new();
            errors.push(
                "documents",
                &domain::application::ApplicationError::DocumentUnknown,
            );
            return Err(AppError::Invalid(errors));
        }
        append_audit(&mut tx, &audit, &self.audit_hasher())
            .await
            .map_err(|e| internal(ctx, "audit", &e))?;
        tx.commit()
            .await
            .map_err(|e| internal(ctx, "supplement", &e))?;
        tracing::info!(request_id = %ctx.request_id, number = %row.number, to = transition.to.key(), "resident supplement");
        Ok(transition.to)
    }

    /// Adds a note to a case (audited; the text is encrypted).
    pub async fn add_note(
        &self,
        ctx: &RequestCtx,
        number: &str,
        body: &str,
    ) -> Result<(), AppError> {
        let staff = self.authenticate(ctx).await?;
        self.require_case_worker(&staff)?;
        let row = self.find(ctx, &staff, number).await?;
        let mut errors = FormErrors::new();
        let text = errors.field("note", domain::text::MessageText::parse(body));
        let Some(text) = text else {
            return Err(AppError::Invalid(errors));
        };
        let audit = self.entry(&staff, "case.note", &row.number, "ok", json!({}));
        let mut tx = self
            .storage
            .begin_write()
            .await
            .map_err(|e| internal(ctx, "note", &e))?;
        crate::storage::insert_case_note(
            &mut tx,
            &row.number,
            &staff.username,
            &self.vault.encrypt(NOTE_PURPOSE, text.as_str()),
            now_ms(),
        )
        .await
        .map_err(|e| internal(ctx, "note", &e))?;
        append_audit(&mut tx, &audit, &self.audit_hasher())
            .await
            .map_err(|e| internal(ctx, "audit", &e))?;
        tx.commit().await.map_err(|e| internal(ctx, "note", &e))?;
        Ok(())
    }

    /// Publishes several cases awaiting notice at once (each a `publish` step on its own:
    /// one failing does not stop the others). Returns how many were published.
    pub async fn publish_many(
        &self,
        ctx: &RequestCtx,
        numbers: &[String],
    ) -> Result<usize, AppError> {
        let staff = self.authenticate(ctx).await?;
        let form = CaseActionForm {
            action: ActionKind::Publish.key().to_owned(),
            ..CaseActionForm::default()
        };
        let mut published = 0;
        for number in numbers.iter().take(PUBLISH_LIMIT) {
            if self.step(ctx, &staff, number, &form).await.is_ok() {
                published += 1;
            }
        }
        Ok(published)
    }

    /// An attached document of a case within the jurisdiction (the view is audited):
    /// its content type and bytes.
    pub async fn document(
        &self,
        ctx: &RequestCtx,
        number: &str,
        id: &str,
        store: &dyn crate::documents::DocumentStore,
    ) -> Result<(String, Vec<u8>), AppError> {
        let staff = self.authenticate(ctx).await?;
        self.require_case_worker(&staff)?;
        let row = self.find(ctx, &staff, number).await?;
        let documents = self
            .storage
            .case_documents(&row.number)
            .await
            .map_err(|e| internal(ctx, "documents", &e))?;
        let Some((doc_id, kind)) = documents.into_iter().find(|(d, _)| d == id) else {
            return Err(AppError::NotFound);
        };
        let parsed = crate::documents::DocumentId::parse(&doc_id).ok_or(AppError::NotFound)?;
        let bytes = store
            .get(&parsed)
            .await
            .map_err(|e| internal(ctx, "document", &e))?
            .ok_or(AppError::NotFound)?;
        let entry = self.entry(
            &staff,
            "case.document-view",
            &row.number,
            "ok",
            json!({ "document": doc_id }),
        );
        self.audit(entry)
            .await
            .map_err(|e| internal(ctx, "audit", &e))?;
        let content_type = match kind.as_str() {
            "pdf" => "application/pdf",
            "png" => "image/png",
            _ => "image/jpeg",
        };
        Ok((content_type.to_owned(), bytes))
    }

    /// The cases in their notice period today (published applicants who are adults only).
    pub async fn public_notices(&self, ctx: &RequestCtx) -> Result<Vec<CaseRowData>, AppError> {
        self.storage
            .cases_in_notice(&ctx.today.to_string())
            .await
            .map_err(|e| internal(ctx, "notices", &e))
    }

    /// The townships of the jurisdiction that have cases, for the queue filter.
    async fn townships_of(
        &self,
        ctx: &RequestCtx,
        staff: &StaffCtx,
    ) -> Result<Vec<(String, String)>, AppError> {
        Ok(self
            .storage
            .townships_in_scope(&staff.prefix)
            .await
            .map_err(|e| internal(ctx, "townships", &e))?
            .into_iter()
            .map(|code| {
                let name = township_name(&code);
                (code, name)
            })
            .collect())
    }
}

#[async_trait]
impl StaffDesk for StaffService {
    async fn identity(&self, ctx: &RequestCtx) -> Result<StaffIdentity, AppError> {
        let staff = self.authenticate(ctx).await?;
        Ok(self.identity_of(&staff))
    }

    async fn cases(&self, ctx: &RequestCtx, filter: &CaseFilter) -> Result<CaseList, AppError> {
        let staff = self.authenticate(ctx).await?;
        self.require_case_worker(&staff)?;
        let (rows, has_next) = self.rows(ctx, &staff, filter, QUEUE_PAGE_ROWS).await?;
        Ok(CaseList {
            townships: self.townships_of(ctx, &staff).await?,
            rows,
            page: filter.page.trim().parse().unwrap_or(1),
            has_next,
        })
    }

    async fn case(&self, ctx: &RequestCtx, number: &str) -> Result<CaseView, AppError> {
        let staff = self.authenticate(ctx).await?;
        self.require_case_worker(&staff)?;
        let row = match self.find(ctx, &staff, number).await {
            Ok(row) => row,
            Err(e) => {
                // An attempt to open a case outside the jurisdiction is itself worth knowing.
                // What was asked for, as far as it can be stored: no control characters (a NUL
                // cannot go into PostgreSQL text), at most a case number's length.
                let asked: String = number
                    .trim()
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(32)
                    .collect();
                let entry = self.entry(&staff, "case.view", &asked, "not-found", json!({}));
                self.audit(entry)
                    .await
                    .map_err(|e| internal(ctx, "audit", &e))?;
                return Err(e);
            }
        };
        // Every view of personal data is recorded before it is shown.
        let entry = self.entry(
            &staff,
            "case.view",
            &row.number,
            "ok",
            json!({ "stage": row.status }),
        );
        self.audit(entry)
            .await
            .map_err(|e| internal(ctx, "audit", &e))?;
        self.view(ctx, &staff, &row).await
    }

    async fn export_csv(&self, ctx: &RequestCtx, filter: &CaseFilter) -> Result<String, AppError> {
        let staff = self.authenticate(ctx).await?;
        self.require_case_worker(&staff)?;
        // The export holds every matching case, not one page of them.
        let all_pages = CaseFilter {
            page: String::new(),
            ..filter.clone()
        };
        let (rows, _) = self.rows(ctx, &staff, &all_pages, EXPORT_LIMIT).await?;
        let entry = self.entry(
            &staff,
            "case.export",
            &staff.jurisdiction.to_string(),
            "ok",
            json!({ "rows": rows.len(), "filter": filter }),
        );
        self.audit(entry)
            .await
            .map_err(|e| internal(ctx, "audit", &e))?;
        Ok(super::export::queue_csv(&rows))
    }

    async fn act(
        &self,
        ctx: &RequestCtx,
        number: &str,
        form: &CaseActionForm,
    ) -> Result<Stage, AppError> {
        let staff = self.authenticate(ctx).await?;
        self.step(ctx, &staff, number, form).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::date::WeekendsOnly;

    #[test]
    fn overdue_starts_on_the_first_working_day_after_the_deadline() {
        let d = |s: &str| Date::parse(s).unwrap();
        // 2026-12-04 is a Friday.
        assert_eq!(
            last_working_day(&WeekendsOnly, d("2026-12-04")),
            d("2026-12-04")
        );
        assert_eq!(
            last_working_day(&WeekendsOnly, d("2026-12-05")),
            d("2026-12-04")
        );
        assert_eq!(
            last_working_day(&WeekendsOnly, d("2026-12-06")),
            d("2026-12-04")
        );
        assert_eq!(
            last_working_day(&WeekendsOnly, d("2026-12-07")),
            d("2026-12-07")
        );
        // A Friday deadline: not overdue over the weekend (deadline < Friday is false), and
        // `working_days_between` agrees (no working day after it yet).
        let deadline = d("2026-12-04");
        for (today, overdue) in [
            ("2026-12-05", false),
            ("2026-12-06", false),
            ("2026-12-07", true),
        ] {
            let sql_says = deadline < last_working_day(&WeekendsOnly, d(today));
            let days_over = working_days_between(deadline, d(today), &WeekendsOnly);
            assert_eq!(sql_says, overdue, "{today}");
            assert_eq!(days_over > 0, overdue, "{today}");
        }
    }
}
