//! The registration desk (issue 8): the day's roster of an office, check-in by booking code,
//! no-show marking, closing a day (couples notified) and the office's schedule. Registrars and
//! administrators, within their jurisdiction only (an office is in scope when its region code
//! starts with the member's scope prefix: county offices for a county, the designated office for
//! a province). Every view of the roster (names and documents) and every action is audited.

use app::error::AppError;
use app::pages::staff_marriage::{OfficeEditView, RosterRow, RosterView};
use app::ports::RequestCtx;
use domain::booking::{
    BookingCode, BookingError, Closure, ClosureForm, OfficeSchedule, ScheduleForm, SpecialDate,
    SpecialDateForm,
};
use domain::date::Date;
use domain::office::{OfficeDetails, OfficeForm};
use domain::FormErrors;
use serde_json::json;

use super::{china_now, clock, mask_number, MarriageDesk};
use crate::services::internal;
use crate::staff::{StaffCtx, StaffService};
use crate::storage::{now_ms, OfficeRow, SpecialDateRow};

/// Prefixes every field of a sub-form's errors ("date" → "closure.date"), so two forms on one
/// page keep their messages apart.
fn prefixed(errors: FormErrors, prefix: &str) -> FormErrors {
    let mut out = FormErrors::new();
    for mut e in errors.errors {
        e.field = format!("{prefix}.{}", e.field);
        out.errors.push(e);
    }
    out
}

fn one(field: &str, e: &impl domain::message::Localized) -> FormErrors {
    let mut errors = FormErrors::new();
    errors.push(field, e);
    errors
}

/// An entry of an office's calendar that an administrator can remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayEntry {
    SpecialDate,
    Closure,
}

/// What a desk action did, for the page's confirmation.
pub enum DeskOutcome {
    Done(&'static str),
    Invalid(FormErrors),
}

impl MarriageDesk {
    async fn desk_member(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
    ) -> Result<StaffCtx, AppError> {
        let me = staff.authenticate(ctx).await?;
        if !me.role.works_marriage() {
            return Err(AppError::Forbidden);
        }
        Ok(me)
    }

    async fn office_in_scope(
        &self,
        ctx: &RequestCtx,
        me: &StaffCtx,
        id: i64,
    ) -> Result<OfficeRow, AppError> {
        let office = self
            .storage
            .marriage_office(id)
            .await
            .map_err(|e| internal(ctx, "office", &e))?
            .ok_or(AppError::NotFound)?;
        if !office.region.starts_with(&me.prefix) {
            // Outside the jurisdiction looks the same as not existing.
            return Err(AppError::NotFound);
        }
        Ok(office)
    }

    async fn audit(
        &self,
        staff: &StaffService,
        me: &StaffCtx,
        action: &str,
        subject: &str,
        outcome: &str,
        detail: serde_json::Value,
    ) {
        if let Err(e) = staff
            .audit(staff.entry(me, action, subject, outcome, detail))
            .await
        {
            tracing::error!(error = %e, action, "audit append failed");
        }
    }

    /// The roster of an office on a date (default: the member's first office, today).
    pub async fn roster(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
        office: Option<i64>,
        date: Option<&str>,
    ) -> Result<(StaffCtx, RosterView), AppError> {
        let me = self.desk_member(staff, ctx).await?;
        let offices = self
            .storage
            .marriage_offices_in_scope(&me.prefix)
            .await
            .map_err(|e| internal(ctx, "offices in scope", &e))?;
        let (today, minute_now) = china_now(now_ms());
        let date = match date.map(str::trim).filter(|d| !d.is_empty()) {
            Some(raw) => Date::parse(raw).unwrap_or(today),
            None => today,
        };
        let chosen = match office {
            Some(id) => Some(self.office_in_scope(ctx, &me, id).await?),
            None => offices.first().cloned(),
        };
        let mut view = RosterView {
            offices: offices.iter().map(|o| (o.id, o.name.clone())).collect(),
            date: date.to_string(),
            today: today.to_string(),
            can_edit: me.role == domain::case::Role::Admin,
            ..RosterView::default()
        };
        if let Some(o) = chosen {
            let rows = self
                .storage
                .marriage_roster(o.id, &date.to_string())
                .await
                .map_err(|e| internal(ctx, "roster", &e))?;
            let closed = self
                .storage
                .marriage_closures(o.id, &date.to_string(), &date.to_string())
                .await
                .map_err(|e| internal(ctx, "closures", &e))?;
            let slot = OfficeSchedule::from_text(&o.schedule)
                .map(|s| i64::from(s.slot_minutes))
                .unwrap_or(30);
            view.closed = closed.into_iter().next().map(|c| c.reason);
            view.rows = rows
                .iter()
                .map(|r| {
                    let stored = self.decrypt(r);
                    RosterRow {
                        id: r.id,
                        code: BookingCode::parse(&r.code)
                            .map(|c| c.to_string())
                            .unwrap_or_else(|_| r.code.clone()),
                        service: r.service.clone(),
                        start: clock(r.start_minute),
                        end: clock(r.start_minute + slot),
                        status: r.status.clone(),
                        names: stored
                            .as_ref()
                            .map(|s| s.parties.iter().map(|p| p.name.clone()).collect())
                            .unwrap_or_default(),
                        documents: stored
                            .as_ref()
                            .map(|s| {
                                s.parties
                                    .iter()
                                    .map(|p| mask_number(&p.document_number))
                                    .collect()
                            })
                            .unwrap_or_default(),
                        handled_by: r.handled_by.clone(),
                        started: date < today
                            || (date == today && r.start_minute <= i64::from(minute_now)),
                    }
                })
                .collect();
            self.audit(
                staff,
                &me,
                "marriage.roster.view",
                &format!("office:{}:{date}", o.id),
                "ok",
                json!({ "bookings": view.rows.len() }),
            )
            .await;
            view.office = Some(super::offices::view(&o));
        }
        Ok((me, view))
    }

    /// Check-in by booking code at the member's office: the booking must be today's and
    /// confirmed. The couple's identity documents are then checked at the counter.
    pub async fn check_in(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
        office_id: i64,
        raw_code: &str,
    ) -> Result<DeskOutcome, AppError> {
        let me = self.desk_member(staff, ctx).await?;
        let office = self.office_in_scope(ctx, &me, office_id).await?;
        let code = match BookingCode::parse(raw_code) {
            Ok(c) => c,
            Err(e) => return Ok(DeskOutcome::Invalid(one("code", &e))),
        };
        let row = self
            .storage
            .marriage_booking_by_code(code.as_str())
            .await
            .map_err(|e| internal(ctx, "booking", &e))?;
        let (today, _) = china_now(now_ms());
        let subject = format!("booking:{}", code.as_str());
        let refuse = |e: BookingError| Ok(DeskOutcome::Invalid(one("code", &e)));
        let Some(row) =
            row.filter(|r| r.office_id == office.id && r.status != "held" && r.status != "expired")
        else {
            self.audit(
                staff,
                &me,
                "marriage.check_in",
                &subject,
                "not_found",
                json!({}),
            )
            .await;
            return refuse(BookingError::NotFound);
        };
        if row.date != today.to_string() {
            self.audit(
                staff,
                &me,
                "marriage.check_in",
                &subject,
                "wrong_day",
                json!({ "date": row.date }),
            )
            .await;
            let date = Date::parse(&row.date).unwrap_or(today);
            return Ok(DeskOutcome::Invalid(one(
                "code",
                &BookingError::NotToday { date },
            )));
        }
        if row.status != "booked" {
            self.audit(
                staff,
                &me,
                "marriage.check_in",
                &subject,
                &row.status,
                json!({}),
            )
            .await;
            return refuse(if row.status == "arrived" {
                BookingError::AlreadyArrived
            } else {
                BookingError::NotCancellable
            });
        }
        let done = self
            .storage
            .finish_marriage_booking(row.id, "arrived", &me.username, now_ms())
            .await
            .map_err(|e| internal(ctx, "check-in", &e))?;
        self.audit(
            staff,
            &me,
            "marriage.check_in",
            &subject,
            if done { "arrived" } else { "raced" },
            json!({ "office": office.id }),
        )
        .await;
        if !done {
            return refuse(BookingError::AlreadyArrived);
        }
        Ok(DeskOutcome::Done("staff-marriage-flash-arrived"))
    }

    pub async fn no_show(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
        office_id: i64,
        booking_id: i64,
    ) -> Result<DeskOutcome, AppError> {
        let me = self.desk_member(staff, ctx).await?;
        let office = self.office_in_scope(ctx, &me, office_id).await?;
        let rows = self
            .storage
            .marriage_roster(office.id, &china_now(now_ms()).0.to_string())
            .await
            .map_err(|e| internal(ctx, "roster", &e))?;
        let (today, minute_now) = china_now(now_ms());
        // Today's roster or an earlier day's: look the booking up by id within this office.
        let row = match rows.into_iter().find(|r| r.id == booking_id) {
            Some(r) => Some(r),
            None => self
                .storage
                .marriage_booking_by_id(booking_id)
                .await
                .map_err(|e| internal(ctx, "booking", &e))?
                .filter(|r| r.office_id == office.id),
        };
        let Some(row) = row else {
            return Err(AppError::NotFound);
        };
        let date = Date::parse(&row.date).unwrap_or(today);
        let started = date < today || (date == today && row.start_minute <= i64::from(minute_now));
        let subject = format!("booking:{}", row.code);
        if !started || row.status != "booked" {
            self.audit(
                staff,
                &me,
                "marriage.no_show",
                &subject,
                "refused",
                json!({ "status": row.status }),
            )
            .await;
            return Ok(DeskOutcome::Invalid(one(
                "code",
                &BookingError::NotCancellable,
            )));
        }
        let done = self
            .storage
            .finish_marriage_booking(row.id, "no_show", &me.username, now_ms())
            .await
            .map_err(|e| internal(ctx, "no-show", &e))?;
        self.audit(
            staff,
            &me,
            "marriage.no_show",
            &subject,
            if done { "no_show" } else { "raced" },
            json!({}),
        )
        .await;
        Ok(DeskOutcome::Done("staff-marriage-flash-no-show"))
    }

    /// Closes a day: the closure is recorded and every booking of that day cancelled, each
    /// couple told by SMS, in one transaction.
    pub async fn close_day(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
        office_id: i64,
        form: &ClosureForm,
    ) -> Result<DeskOutcome, AppError> {
        let me = self.desk_member(staff, ctx).await?;
        let office = self.office_in_scope(ctx, &me, office_id).await?;
        let (today, _) = china_now(now_ms());
        let closure = match Closure::parse_form(form, today) {
            Ok(c) => c,
            Err(errors) => return Ok(DeskOutcome::Invalid(prefixed(errors, "closure"))),
        };
        let day = closure.date.to_string();
        let ended = super::retrying(|| {
            self.storage.close_marriage_day(
                office.id,
                &day,
                &closure.reason,
                &me.username,
                now_ms(),
                |b| self.notification(b, "sms-marriage-office-closed", Some(&office)),
            )
        })
        .await
        .map_err(|e| internal(ctx, "close day", &e))?;
        let subject = format!("office:{}:{}", office.id, closure.date);
        match ended {
            Some(ended) => {
                self.audit(
                    staff,
                    &me,
                    "marriage.close_day",
                    &subject,
                    "closed",
                    json!({ "bookings_cancelled": ended.len() }),
                )
                .await;
                Ok(DeskOutcome::Done("staff-marriage-flash-closed"))
            }
            None => Ok(DeskOutcome::Invalid(one(
                "closure.date",
                &BookingError::DayClosed,
            ))),
        }
    }

    async fn office_admin(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
        id: i64,
    ) -> Result<(StaffCtx, OfficeRow), AppError> {
        let me = self.desk_member(staff, ctx).await?;
        if me.role != domain::case::Role::Admin {
            return Err(AppError::Forbidden);
        }
        let office = self.office_in_scope(ctx, &me, id).await?;
        Ok((me, office))
    }

    /// The office editing page's data.
    pub async fn office_edit(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
        id: i64,
    ) -> Result<(StaffCtx, OfficeEditView), AppError> {
        let (me, office) = self.office_admin(staff, ctx, id).await?;
        let view = self.office_edit_view(ctx, &office).await?;
        Ok((me, view))
    }

    async fn office_edit_view(
        &self,
        ctx: &RequestCtx,
        office: &OfficeRow,
    ) -> Result<OfficeEditView, AppError> {
        let (today, _) = china_now(now_ms());
        let far = today.add_days(800).unwrap_or(today).to_string();
        let specials = self
            .storage
            .marriage_special_dates(office.id, &today.to_string(), &far)
            .await
            .map_err(|e| internal(ctx, "special dates", &e))?;
        let closures = self
            .storage
            .marriage_closures(office.id, &today.to_string(), &far)
            .await
            .map_err(|e| internal(ctx, "closures", &e))?;
        Ok(OfficeEditView {
            office: Some(super::offices::view(office)),
            details: OfficeForm {
                name: office.name.clone(),
                address: office.address.clone(),
                phone: office.phone.clone(),
                active: if office.active {
                    "1".into()
                } else {
                    String::new()
                },
            },
            schedule: OfficeSchedule::from_text(&office.schedule)
                .unwrap_or_else(|_| OfficeSchedule::standard())
                .to_form(),
            special: SpecialDateForm::default(),
            specials: specials
                .into_iter()
                .map(|s| (s.date, s.label, s.hours, s.marriage_capacity, s.release_on))
                .collect(),
            closures: closures.into_iter().map(|c| (c.date, c.reason)).collect(),
            errors: FormErrors::new(),
            flash: None,
        })
    }

    /// Saves the office's details and weekly schedule (both forms parsed before anything is
    /// written). Places already booked are kept: a slot's capacity never drops below them.
    pub async fn save_office(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
        id: i64,
        details: &OfficeForm,
        schedule: &ScheduleForm,
    ) -> Result<(StaffCtx, OfficeEditView), AppError> {
        let (me, office) = self.office_admin(staff, ctx, id).await?;
        let mut errors = FormErrors::new();
        let parsed_details = OfficeDetails::parse(details)
            .map_err(|e| errors.errors.extend(e.errors))
            .ok();
        let parsed_schedule = OfficeSchedule::parse_form(schedule)
            .map_err(|e| errors.errors.extend(e.errors))
            .ok();
        let mut view = self.office_edit_view(ctx, &office).await?;
        if let (Some(d), Some(s)) = (parsed_details, parsed_schedule) {
            let before = office.schedule.clone();
            self.storage
                .update_marriage_office(
                    &OfficeRow {
                        name: d.name.clone(),
                        address: d.address.clone(),
                        phone: d.phone.clone(),
                        schedule: s.to_text(),
                        active: d.active,
                        ..office.clone()
                    },
                    now_ms(),
                )
                .await
                .map_err(|e| internal(ctx, "office update", &e))?;
            self.audit(staff, &me, "marriage.office.update", &format!("office:{}", office.id), "ok",
                json!({ "schedule_before": before, "schedule_after": s.to_text(), "active": d.active })).await;
            let updated = self
                .storage
                .marriage_office(office.id)
                .await
                .map_err(|e| internal(ctx, "office", &e))?
                .ok_or(AppError::NotFound)?;
            view = self.office_edit_view(ctx, &updated).await?;
            view.flash = Some("staff-office-flash-saved".to_owned());
        } else {
            view.details = details.clone();
            view.schedule = schedule.clone();
            view.errors = errors;
        }
        Ok((me, view))
    }

    pub async fn add_special(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
        id: i64,
        form: &SpecialDateForm,
    ) -> Result<(StaffCtx, OfficeEditView), AppError> {
        let (me, office) = self.office_admin(staff, ctx, id).await?;
        let (today, _) = china_now(now_ms());
        match SpecialDate::parse_form(form, today) {
            Ok(s) => {
                let row = SpecialDateRow {
                    date: s.date.to_string(),
                    label: s.label.clone(),
                    hours: s.hours.map(|h| h.to_string()).unwrap_or_default(),
                    marriage_capacity: i64::from(s.marriage_capacity),
                    release_on: s.release_on.to_string(),
                };
                self.storage
                    .upsert_marriage_special_date(office.id, &row)
                    .await
                    .map_err(|e| internal(ctx, "special date", &e))?;
                self.audit(staff, &me, "marriage.special_date.set", &format!("office:{}:{}", office.id, s.date), "ok",
                    json!({ "quota": s.marriage_capacity, "release_on": row.release_on, "hours": row.hours })).await;
                let mut view = self.office_edit_view(ctx, &office).await?;
                view.flash = Some("staff-office-flash-special".to_owned());
                Ok((me, view))
            }
            Err(errors) => {
                let mut view = self.office_edit_view(ctx, &office).await?;
                view.special = form.clone();
                view.errors = prefixed(errors, "special");
                Ok((me, view))
            }
        }
    }

    /// Removes a special date or a closure (reopens the day; bookings it cancelled stay
    /// cancelled — their couples were told and may have booked elsewhere).
    pub async fn remove_day_entry(
        &self,
        staff: &StaffService,
        ctx: &RequestCtx,
        id: i64,
        date: &str,
        entry: DayEntry,
    ) -> Result<(StaffCtx, OfficeEditView), AppError> {
        let (me, office) = self.office_admin(staff, ctx, id).await?;
        let day = Date::parse(date)
            .map_err(|_| AppError::Malformed)?
            .to_string();
        let (removed, action, flash) = match entry {
            DayEntry::SpecialDate => (
                self.storage
                    .delete_marriage_special_date(office.id, &day)
                    .await,
                "marriage.special_date.remove",
                "staff-office-flash-special-removed",
            ),
            DayEntry::Closure => (
                self.storage.reopen_marriage_day(office.id, &day).await,
                "marriage.reopen_day",
                "staff-office-flash-reopened",
            ),
        };
        let removed = removed.map_err(|e| internal(ctx, action, &e))?;
        self.audit(
            staff,
            &me,
            action,
            &format!("office:{}:{day}", office.id),
            if removed { "ok" } else { "absent" },
            json!({}),
        )
        .await;
        let mut view = self.office_edit_view(ctx, &office).await?;
        view.flash = Some(flash.to_owned());
        Ok((me, view))
    }
}
