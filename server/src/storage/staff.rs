//! Staff accounts and sessions, the case workflow's reads and writes, the audit trail and the
//! notification outbox.
//!
//! Jurisdiction is enforced here, in the SQL: every case query takes the caller's scope prefix
//! (`domain::region::Jurisdiction::scope_prefix`) and compares it with the case's `scope_code`,
//! so a service that forgot to check could still not read, count, export or change a case
//! outside the caller's region.

use sqlx::{Any, Row, Transaction};

use super::{Storage, StorageError};

/// Failed password or code attempts before an account locks (policy-rules.md §11.3: "5 failures
/// → lock 30 min").
pub const LOCKOUT_AFTER_FAILURES: i64 = 5;
pub const LOCKOUT_MS: i64 = 30 * 60 * 1000;

#[derive(Debug, Clone)]
pub struct StaffUserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub jurisdiction: String,
    pub password_hash: String,
    pub totp_secret_ciphertext: Option<Vec<u8>>,
    pub totp_pending_ciphertext: Option<Vec<u8>>,
    pub totp_last_step: i64,
    pub failed_logins: i64,
    pub locked_until: i64,
    pub active: bool,
    pub must_change_password: bool,
}

#[derive(Debug, Clone)]
pub struct NewStaffUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub jurisdiction: String,
    pub password_hash: String,
    pub must_change_password: bool,
    /// Encrypted TOTP secret when the account is created already enrolled (demo accounts).
    pub totp_secret_ciphertext: Option<Vec<u8>>,
}

/// A session joined with its user.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub stage: String,
    pub csrf_token: String,
    pub last_seen: i64,
    pub expires_at: i64,
    pub user: StaffUserRow,
}

const USER_COLUMNS: &str =
    "u.id, u.username, u.display_name, u.role, u.jurisdiction, u.password_hash,
     u.totp_secret_ciphertext, u.totp_pending_ciphertext, u.totp_last_step, u.failed_logins,
     u.locked_until, u.active, u.must_change_password";

fn user_from(r: &sqlx::any::AnyRow) -> Result<StaffUserRow, sqlx::Error> {
    Ok(StaffUserRow {
        id: r.try_get("id")?,
        username: r.try_get("username")?,
        display_name: r.try_get("display_name")?,
        role: r.try_get("role")?,
        jurisdiction: r.try_get("jurisdiction")?,
        password_hash: r.try_get("password_hash")?,
        totp_secret_ciphertext: r.try_get("totp_secret_ciphertext")?,
        totp_pending_ciphertext: r.try_get("totp_pending_ciphertext")?,
        totp_last_step: r.try_get("totp_last_step")?,
        failed_logins: i64::from(r.try_get::<i32, _>("failed_logins")?),
        locked_until: r.try_get("locked_until")?,
        active: r.try_get::<i32, _>("active")? != 0,
        must_change_password: r.try_get::<i32, _>("must_change_password")? != 0,
    })
}

/// One case as the work queue lists it.
#[derive(Debug, Clone)]
pub struct CaseRowData {
    pub number: String,
    pub region: String,
    pub township: String,
    pub community: String,
    pub programs: String,
    pub procedure: String,
    pub status: String,
    pub household_size: i64,
    pub submitted_on: String,
    pub accepted_on: Option<String>,
    pub deadline: String,
    pub paused_since: Option<String>,
    pub paused_working_days: i64,
    pub resume_stage: Option<String>,
    pub simplified: bool,
    pub notice_from: Option<String>,
    pub notice_to: Option<String>,
    pub proposed_amount_fen: Option<i64>,
    pub amount_fen: Option<i64>,
    pub pay_from: Option<String>,
    pub decided_on: Option<String>,
    pub notice_name: String,
}

const CASE_COLUMNS: &str = "number, region, township, community, programs, procedure, status,
     household_size, submitted_on, accepted_on, deadline, paused_since, paused_working_days,
     resume_stage, simplified, notice_from, notice_to, proposed_amount_fen, amount_fen, pay_from,
     decided_on, notice_name";

fn case_from(r: &sqlx::any::AnyRow) -> Result<CaseRowData, sqlx::Error> {
    Ok(CaseRowData {
        number: r.try_get("number")?,
        region: r.try_get("region")?,
        township: r.try_get("township")?,
        community: r.try_get("community")?,
        programs: r.try_get("programs")?,
        procedure: r.try_get("procedure")?,
        status: r.try_get("status")?,
        household_size: i64::from(r.try_get::<i32, _>("household_size")?),
        submitted_on: r.try_get("submitted_on")?,
        accepted_on: r.try_get("accepted_on")?,
        deadline: r.try_get("deadline")?,
        paused_since: r.try_get("paused_since")?,
        paused_working_days: i64::from(r.try_get::<i32, _>("paused_working_days")?),
        resume_stage: r.try_get("resume_stage")?,
        simplified: r.try_get::<i32, _>("simplified")? != 0,
        notice_from: r.try_get("notice_from")?,
        notice_to: r.try_get("notice_to")?,
        proposed_amount_fen: r.try_get("proposed_amount_fen")?,
        amount_fen: r.try_get("amount_fen")?,
        pay_from: r.try_get("pay_from")?,
        decided_on: r.try_get("decided_on")?,
        notice_name: r.try_get("notice_name")?,
    })
}

/// Filters of the work queue, already parsed (empty = any).
#[derive(Debug, Clone, Default)]
pub struct CaseQuery {
    pub program: Option<String>,
    pub status: Option<String>,
    /// A township code (9 digits) within the caller's scope.
    pub township: Option<String>,
    /// Only cases whose time limit ended before this day (ISO date) while the clock runs.
    pub overdue_on: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// The change a workflow step makes to the case row. `None` leaves a column as it is.
#[derive(Debug, Clone, Default)]
pub struct CaseUpdate {
    pub status: String,
    pub accepted_on: Option<String>,
    pub deadline: Option<String>,
    /// `Some(None)` clears the pause.
    pub paused_since: Option<Option<String>>,
    pub add_paused_working_days: i64,
    pub resume_stage: Option<Option<String>>,
    pub simplified: Option<bool>,
    pub notice: Option<(String, String)>,
    pub proposed_amount_fen: Option<i64>,
    pub amount_fen: Option<i64>,
    pub pay_from: Option<String>,
    pub decided_on: Option<String>,
}

/// A timeline event to append with the step.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub status: String,
    pub action: String,
    pub actor: String,
    pub on_date: String,
    pub detail_ciphertext: Option<Vec<u8>>,
    pub at: i64,
}

/// One audit entry before it is chained.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: String,
    pub role: String,
    pub action: String,
    pub subject: String,
    pub outcome: String,
    /// JSON text: before/after values, filters, counts. Never personal data in clear.
    pub detail: String,
    pub client_ip: String,
}

/// A stored audit row.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub seq: i64,
    pub entry: AuditEntry,
    pub prev_hash: String,
    pub hash: String,
}

/// The text a row's hash covers: its sequence number, its fields and the previous hash,
/// length-prefixed so no two different rows give the same text.
pub fn audit_chain_text(seq: i64, e: &AuditEntry, prev_hash: &str) -> String {
    let fields = [
        seq.to_string(),
        e.at.to_string(),
        e.actor.clone(),
        e.role.clone(),
        e.action.clone(),
        e.subject.clone(),
        e.outcome.clone(),
        e.detail.clone(),
        e.client_ip.clone(),
        prev_hash.to_owned(),
    ];
    fields
        .iter()
        .map(|f| format!("{}:{}", f.len(), f))
        .collect::<Vec<_>>()
        .join("|")
}

/// Appends an audit row inside the caller's transaction. The first statement locks the chain
/// head (a row lock on PostgreSQL, the write lock on SQLite), so appenders on every server
/// instance queue here and the chain never forks.
pub async fn append_audit(
    tx: &mut Transaction<'static, Any>,
    entry: &AuditEntry,
    keyed_hash: &(dyn Fn(&str) -> String + Send + Sync),
) -> Result<i64, StorageError> {
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev: String = head.try_get("hash")?;
    let hash = keyed_hash(&audit_chain_text(seq, entry, &prev));
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor, role, action, subject, outcome, detail, client_ip,
                                prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(seq)
    .bind(entry.at)
    .bind(&entry.actor)
    .bind(&entry.role)
    .bind(&entry.action)
    .bind(&entry.subject)
    .bind(&entry.outcome)
    .bind(&entry.detail)
    .bind(&entry.client_ip)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
}

/// A notification to queue with a status change.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub application_number: String,
    pub channel: &'static str,
    pub recipient_ciphertext: Option<Vec<u8>>,
    pub recipient_masked: String,
    pub template: String,
    pub args: String,
    pub locale: String,
    pub created_at: i64,
}

/// A queued or delivered notification.
#[derive(Debug, Clone)]
pub struct NotificationRow {
    pub id: i64,
    pub application_number: String,
    pub channel: String,
    pub recipient_ciphertext: Option<Vec<u8>>,
    pub recipient_masked: String,
    pub template: String,
    pub args: String,
    pub locale: String,
    pub status: String,
    /// Delivery attempts made so far.
    pub attempts: i64,
    pub created_at: i64,
    pub delivered_at: Option<i64>,
}

pub async fn insert_notification(
    tx: &mut Transaction<'static, Any>,
    n: &NewNotification,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO notifications (application_number, channel, recipient_ciphertext,
                recipient_masked, template, args, locale, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8)",
    )
    .bind(&n.application_number)
    .bind(n.channel)
    .bind(&n.recipient_ciphertext)
    .bind(&n.recipient_masked)
    .bind(&n.template)
    .bind(&n.args)
    .bind(&n.locale)
    .bind(n.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn notification_from(r: &sqlx::any::AnyRow) -> Result<NotificationRow, sqlx::Error> {
    Ok(NotificationRow {
        id: r.try_get("id")?,
        application_number: r.try_get("application_number")?,
        channel: r.try_get("channel")?,
        recipient_ciphertext: r.try_get("recipient_ciphertext")?,
        recipient_masked: r.try_get("recipient_masked")?,
        template: r.try_get("template")?,
        args: r.try_get("args")?,
        locale: r.try_get("locale")?,
        status: r.try_get("status")?,
        attempts: i64::from(r.try_get::<i32, _>("attempts")?),
        created_at: r.try_get("created_at")?,
        delivered_at: r.try_get("delivered_at")?,
    })
}

const NOTIFICATION_COLUMNS: &str = "id, application_number, channel, recipient_ciphertext,
     recipient_masked, template, args, locale, status, attempts, created_at, delivered_at";

/// Scope filter shared by every case query: `$1` is the caller's prefix.
const IN_SCOPE: &str = "substr(scope_code, 1, length($1)) = $1";

impl Storage {
    // ---- accounts -------------------------------------------------------------------------

    pub async fn insert_staff_user(&self, u: &NewStaffUser, now: i64) -> Result<i64, StorageError> {
        let row = sqlx::query(
            "INSERT INTO staff_users (username, display_name, role, jurisdiction, password_hash,
                    totp_secret_ciphertext, must_change_password, created_at, password_changed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(&u.username)
        .bind(&u.display_name)
        .bind(&u.role)
        .bind(&u.jurisdiction)
        .bind(&u.password_hash)
        .bind(&u.totp_secret_ciphertext)
        .bind(i32::from(u.must_change_password))
        .bind(now)
        .fetch_one(self.pool())
        .await?;
        Ok(row.try_get("id")?)
    }

    pub async fn staff_user_by_username(
        &self,
        username: &str,
    ) -> Result<Option<StaffUserRow>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM staff_users u WHERE u.username = $1"
        ))
        .bind(username)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(user_from).transpose()?)
    }

    pub async fn staff_user_by_id(&self, id: i64) -> Result<Option<StaffUserRow>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM staff_users u WHERE u.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(user_from).transpose()?)
    }

    /// Accounts whose jurisdiction lies within the administrator's (by code prefix).
    pub async fn staff_users_in_scope(
        &self,
        prefix: &str,
    ) -> Result<Vec<StaffUserRow>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM staff_users u
              WHERE substr(u.jurisdiction, 1, length($1)) = $1 ORDER BY u.username"
        ))
        .bind(prefix)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(user_from)
        .collect::<Result<_, _>>()?)
    }

    /// One account, only if its jurisdiction lies within the administrator's.
    pub async fn staff_user_in_scope(
        &self,
        prefix: &str,
        username: &str,
    ) -> Result<Option<StaffUserRow>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {USER_COLUMNS} FROM staff_users u
              WHERE substr(u.jurisdiction, 1, length($1)) = $1 AND u.username = $2"
        ))
        .bind(prefix)
        .bind(username)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(user_from).transpose()?)
    }

    pub async fn count_staff_users(&self) -> Result<i64, StorageError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM staff_users")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Counts a failed attempt and locks the account at the threshold, in one statement.
    pub async fn record_login_failure(&self, id: i64, now: i64) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE staff_users
                SET failed_logins = failed_logins + 1,
                    locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END
              WHERE id = $1",
        )
        .bind(id)
        .bind(LOCKOUT_AFTER_FAILURES)
        .bind(now + LOCKOUT_MS)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn clear_login_failures(&self, id: i64) -> Result<(), StorageError> {
        sqlx::query("UPDATE staff_users SET failed_logins = 0, locked_until = 0 WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Records the accepted TOTP step unless a later or equal one was already used (a code is
    /// accepted once, even by two instances at the same moment); `false` on replay.
    pub async fn use_totp_step(&self, id: i64, step: i64) -> Result<bool, StorageError> {
        Ok(sqlx::query(
            "UPDATE staff_users SET totp_last_step = $2 WHERE id = $1 AND totp_last_step < $2",
        )
        .bind(id)
        .bind(step)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    pub async fn set_totp_pending(&self, id: i64, secret: &[u8]) -> Result<(), StorageError> {
        sqlx::query("UPDATE staff_users SET totp_pending_ciphertext = $2 WHERE id = $1")
            .bind(id)
            .bind(secret)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Makes the pending secret the account's second factor.
    pub async fn confirm_totp(&self, id: i64, step: i64) -> Result<(), StorageError> {
        sqlx::query(
            "UPDATE staff_users SET totp_secret_ciphertext = totp_pending_ciphertext,
                    totp_pending_ciphertext = NULL, totp_last_step = $2
              WHERE id = $1 AND totp_pending_ciphertext IS NOT NULL",
        )
        .bind(id)
        .bind(step)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Sets a new password and ends the account's other sessions, in one transaction.
    /// `reset` (by an administrator) also forces a change at next sign-in, removes the second
    /// factor (enrolled again) and ends every session; otherwise the member changed it
    /// themselves and `keep_session` (their own session's token hash) stays signed in.
    pub async fn set_staff_password(
        &self,
        id: i64,
        hash: &str,
        reset: bool,
        keep_session: Option<&str>,
        now: i64,
    ) -> Result<(), StorageError> {
        let sql = if reset {
            "UPDATE staff_users SET password_hash = $2, password_changed_at = $3,
                    must_change_password = 1, totp_secret_ciphertext = NULL,
                    totp_pending_ciphertext = NULL, totp_last_step = 0, failed_logins = 0,
                    locked_until = 0
              WHERE id = $1"
        } else {
            "UPDATE staff_users SET password_hash = $2, password_changed_at = $3,
                    must_change_password = 0
              WHERE id = $1"
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(sql)
            .bind(id)
            .bind(hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(id)
            .bind(if reset {
                ""
            } else {
                keep_session.unwrap_or("")
            })
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Enables or disables an account; disabling ends its sessions in the same transaction.
    pub async fn set_staff_active(&self, id: i64, active: bool) -> Result<(), StorageError> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE staff_users SET active = $2 WHERE id = $1")
            .bind(id)
            .bind(i32::from(active))
            .execute(&mut *tx)
            .await?;
        if !active {
            sqlx::query("DELETE FROM staff_sessions WHERE user_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    // ---- sessions -------------------------------------------------------------------------

    pub async fn insert_staff_session(
        &self,
        token_hash: &str,
        user_id: i64,
        stage: &str,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO staff_sessions (token_hash, user_id, stage, csrf_token, created_at,
                                         last_seen, expires_at)
             VALUES ($1, $2, $3, $4, $5, $5, $6)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(stage)
        .bind(csrf)
        .bind(now)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The session and its user, if the session exists, has not expired and has been used
    /// within `idle_ms`; it is touched (its idle timer restarts) in the same statement.
    pub async fn staff_session(
        &self,
        token_hash: &str,
        now: i64,
        idle_ms: i64,
    ) -> Result<Option<SessionRow>, StorageError> {
        let touched = sqlx::query(
            "UPDATE staff_sessions SET last_seen = $2
              WHERE token_hash = $1 AND expires_at > $2 AND last_seen > $3",
        )
        .bind(token_hash)
        .bind(now)
        .bind(now - idle_ms)
        .execute(self.pool())
        .await?
        .rows_affected();
        if touched != 1 {
            return Ok(None);
        }
        let row = sqlx::query(&format!(
            "SELECT s.stage, s.csrf_token, s.last_seen, s.expires_at, {USER_COLUMNS}
               FROM staff_sessions s JOIN staff_users u ON u.id = s.user_id
              WHERE s.token_hash = $1 AND u.active = 1"
        ))
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?;
        Ok(row
            .map(|r| {
                Ok::<_, sqlx::Error>(SessionRow {
                    stage: r.try_get("stage")?,
                    csrf_token: r.try_get("csrf_token")?,
                    last_seen: r.try_get("last_seen")?,
                    expires_at: r.try_get("expires_at")?,
                    user: user_from(&r)?,
                })
            })
            .transpose()?)
    }

    pub async fn complete_staff_session(&self, token_hash: &str) -> Result<(), StorageError> {
        sqlx::query("UPDATE staff_sessions SET stage = 'complete' WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn delete_staff_session(&self, token_hash: &str) -> Result<(), StorageError> {
        sqlx::query("DELETE FROM staff_sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn prune_staff_sessions(&self, now: i64, idle_ms: i64) -> Result<u64, StorageError> {
        Ok(
            sqlx::query("DELETE FROM staff_sessions WHERE expires_at <= $1 OR last_seen <= $2")
                .bind(now)
                .bind(now - idle_ms)
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }

    // ---- cases ----------------------------------------------------------------------------

    /// Cases within the scope, oldest first, filtered.
    pub async fn cases_in_scope(
        &self,
        prefix: &str,
        q: &CaseQuery,
    ) -> Result<Vec<CaseRowData>, StorageError> {
        // The stages in which the statutory clock runs (`Stage::clock_runs`): keys, not
        // input, so they are spelled into the statement.
        let running = domain::case::Stage::ALL
            .iter()
            .filter(|s| s.clock_runs())
            .map(|s| format!("'{}'", s.key()))
            .collect::<Vec<_>>()
            .join(", ");
        // A deadline is a working day, so "fewer than 0 working days left" is exactly
        // "the deadline is before today".
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM applications
              WHERE {IN_SCOPE}
                AND ($2 = '' OR status = $2)
                AND ($3 = '' OR township = $3)
                AND ($4 = '' OR (',' || programs || ',') LIKE ('%,' || $4 || ',%'))
                AND ($5 = '' OR (accepted_on IS NOT NULL AND deadline <> '' AND deadline < $5
                                 AND status IN ({running})))
              ORDER BY submitted_at, id LIMIT $6 OFFSET $7"
        );
        Ok(sqlx::query(&sql)
            .bind(prefix)
            .bind(q.status.clone().unwrap_or_default())
            .bind(q.township.clone().unwrap_or_default())
            .bind(q.program.clone().unwrap_or_default())
            .bind(q.overdue_on.clone().unwrap_or_default())
            .bind(q.limit)
            .bind(q.offset)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(case_from)
            .collect::<Result<_, _>>()?)
    }

    /// The townships within the scope that have cases (for the queue's filter).
    pub async fn townships_in_scope(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT DISTINCT township FROM applications
              WHERE {IN_SCOPE} AND township <> '' ORDER BY township"
        ))
        .bind(prefix)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|r| r.try_get("township"))
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    /// One case, only if it lies within the scope.
    pub async fn case_in_scope(
        &self,
        prefix: &str,
        number: &str,
    ) -> Result<Option<CaseRowData>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT {CASE_COLUMNS} FROM applications WHERE {IN_SCOPE} AND number = $2"
        ))
        .bind(prefix)
        .bind(number)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.as_ref().map(case_from).transpose()?)
    }

    /// Cases per (program list, status, township) within the scope, with the summed working
    /// days from acceptance to decision of the decided ones (for reports).
    pub async fn case_counts_in_scope(
        &self,
        prefix: &str,
    ) -> Result<Vec<(String, String, String, i64)>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT programs, status, township, COUNT(*) AS n FROM applications
              WHERE {IN_SCOPE} GROUP BY programs, status, township
              ORDER BY programs, status, township"
        ))
        .bind(prefix)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|r| {
            Ok((
                r.try_get("programs")?,
                r.try_get("status")?,
                r.try_get("township")?,
                r.try_get("n")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    /// The case's stored payload and eligibility ciphertexts, only within the scope.
    pub async fn case_ciphertexts_in_scope(
        &self,
        prefix: &str,
        number: &str,
    ) -> Result<Option<(Vec<u8>, Vec<u8>)>, StorageError> {
        let row = sqlx::query(&format!(
            "SELECT payload_ciphertext, eligibility_ciphertext FROM applications
              WHERE {IN_SCOPE} AND number = $2"
        ))
        .bind(prefix)
        .bind(number)
        .fetch_optional(self.pool())
        .await?;
        Ok(row
            .map(|r| {
                Ok::<_, sqlx::Error>((
                    r.try_get("payload_ciphertext")?,
                    r.try_get("eligibility_ciphertext")?,
                ))
            })
            .transpose()?)
    }

    /// Timeline events with their details: (status, action, actor, on_date, detail, at).
    #[allow(clippy::type_complexity)]
    pub async fn case_events(
        &self,
        number: &str,
    ) -> Result<Vec<(String, String, String, String, Option<Vec<u8>>, i64)>, StorageError> {
        Ok(sqlx::query(
            "SELECT status, action, actor, on_date, detail_ciphertext, at FROM application_events
              WHERE application_number = $1 ORDER BY at, id",
        )
        .bind(number)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|r| {
            Ok((
                r.try_get("status")?,
                r.try_get("action")?,
                r.try_get("actor")?,
                r.try_get("on_date")?,
                r.try_get("detail_ciphertext")?,
                r.try_get("at")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    /// Document ids attached to an application.
    pub async fn case_documents(
        &self,
        number: &str,
    ) -> Result<Vec<(String, String)>, StorageError> {
        Ok(sqlx::query(
            "SELECT d.document_id, u.kind FROM application_documents d
               JOIN uploaded_documents u ON u.id = d.document_id
              WHERE d.application_number = $1 ORDER BY d.document_id",
        )
        .bind(number)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|r| Ok((r.try_get("document_id")?, r.try_get("kind")?)))
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    /// Signatures with their encrypted drawings: (member, signer, role, version, sha256, strokes).
    #[allow(clippy::type_complexity)]
    pub async fn case_signatures(
        &self,
        number: &str,
    ) -> Result<Vec<(i64, i64, String, String, String, Vec<u8>)>, StorageError> {
        Ok(sqlx::query(
            "SELECT member_index, signer_index, role, text_version, text_sha256, strokes_ciphertext
               FROM application_signatures WHERE application_number = $1 ORDER BY member_index",
        )
        .bind(number)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|r| {
            Ok((
                r.try_get("member_index")?,
                r.try_get("signer_index")?,
                r.try_get("role")?,
                r.try_get("text_version")?,
                r.try_get("text_sha256")?,
                r.try_get("strokes_ciphertext")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    pub async fn case_notes(
        &self,
        number: &str,
    ) -> Result<Vec<(String, Vec<u8>, i64)>, StorageError> {
        Ok(sqlx::query(
            "SELECT author, body_ciphertext, created_at FROM case_notes
              WHERE application_number = $1 ORDER BY created_at, id",
        )
        .bind(number)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|r| {
            Ok((
                r.try_get("author")?,
                r.try_get("body_ciphertext")?,
                r.try_get("created_at")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    /// Cases within the scope submitted in `from ..= to` (ISO dates; empty = open), for
    /// the reports page, at most `limit` of them.
    pub async fn cases_for_report(
        &self,
        prefix: &str,
        from: &str,
        to: &str,
        limit: i64,
    ) -> Result<Vec<CaseRowData>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT {CASE_COLUMNS} FROM applications
              WHERE {IN_SCOPE}
                AND ($2 = '' OR submitted_on >= $2)
                AND ($3 = '' OR submitted_on <= $3)
              ORDER BY submitted_at, id LIMIT $4"
        ))
        .bind(prefix)
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(case_from)
        .collect::<Result<_, _>>()?)
    }

    /// The timeline events (number, status entered, date) of the cases `cases_for_report`
    /// reads, in order per case: how long cases stay in each step.
    pub async fn case_steps_for_report(
        &self,
        prefix: &str,
        from: &str,
        to: &str,
        limit: i64,
    ) -> Result<Vec<(String, String, String)>, StorageError> {
        Ok(sqlx::query(
            "SELECT e.application_number, e.status, e.on_date
               FROM application_events e JOIN applications a ON a.number = e.application_number
              WHERE substr(a.scope_code, 1, length($1)) = $1
                AND ($2 = '' OR a.submitted_on >= $2)
                AND ($3 = '' OR a.submitted_on <= $3)
              ORDER BY a.submitted_at, a.id, e.at, e.id LIMIT $4",
        )
        .bind(prefix)
        .bind(from)
        .bind(to)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|r| {
            Ok((
                r.try_get("application_number")?,
                r.try_get("status")?,
                r.try_get("on_date")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    /// Cases whose notice runs on `today` (ISO date), for the public `/notices` page.
    pub async fn cases_in_notice(&self, today: &str) -> Result<Vec<CaseRowData>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT {CASE_COLUMNS} FROM applications
              WHERE status = 'in_notice' AND notice_name <> ''
                AND notice_from <= $1 AND notice_to >= $1
              ORDER BY notice_from, number"
        ))
        .bind(today)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(case_from)
        .collect::<Result<_, _>>()?)
    }

    // ---- audit ----------------------------------------------------------------------------

    /// Audit rows, newest first, optionally only one subject's.
    pub async fn audit_rows(
        &self,
        subject: Option<&str>,
        before_seq: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRow>, StorageError> {
        Ok(sqlx::query(
            "SELECT seq, at, actor, role, action, subject, outcome, detail, client_ip, prev_hash, hash
               FROM audit_log
              WHERE ($1 = '' OR subject = $1) AND seq < $2
              ORDER BY seq DESC LIMIT $3",
        )
        .bind(subject.unwrap_or(""))
        .bind(before_seq.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(audit_from)
        .collect::<Result<_, _>>()?)
    }

    /// Audit rows an administrator may read, newest first: those whose actor or subject is an
    /// account within the scope, or whose subject is a case within it. Sign-in attempts under
    /// names that match no account are only visible to administrators of the whole country
    /// (empty prefix), who see every row.
    pub async fn audit_rows_in_scope(
        &self,
        prefix: &str,
        actor: &str,
        subject: &str,
        before_seq: Option<i64>,
        limit: i64,
    ) -> Result<Vec<AuditRow>, StorageError> {
        Ok(sqlx::query(
            "SELECT seq, at, actor, role, action, subject, outcome, detail, client_ip, prev_hash, hash
               FROM audit_log
              WHERE ($1 = ''
                     OR actor IN (SELECT username FROM staff_users
                                   WHERE substr(jurisdiction, 1, length($1)) = $1)
                     OR subject IN (SELECT username FROM staff_users
                                     WHERE substr(jurisdiction, 1, length($1)) = $1)
                     OR subject IN (SELECT number FROM applications
                                     WHERE substr(scope_code, 1, length($1)) = $1))
                AND ($2 = '' OR actor = $2)
                AND ($3 = '' OR subject = $3)
                AND seq < $4
              ORDER BY seq DESC LIMIT $5",
        )
        .bind(prefix)
        .bind(actor)
        .bind(subject)
        .bind(before_seq.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(audit_from)
        .collect::<Result<_, _>>()?)
    }

    /// Walks the whole chain in order and returns the first row whose link or hash does not
    /// verify, with the number of rows checked.
    pub async fn verify_audit_chain(
        &self,
        keyed_hash: &(dyn Fn(&str) -> String + Send + Sync),
    ) -> Result<(i64, Option<i64>), StorageError> {
        const PAGE: i64 = 1000;
        let mut expected_prev =
            "0000000000000000000000000000000000000000000000000000000000000000".to_owned();
        let mut expected_seq = 1;
        let mut checked = 0;
        loop {
            let rows = sqlx::query(
                "SELECT seq, at, actor, role, action, subject, outcome, detail, client_ip,
                        prev_hash, hash
                   FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2",
            )
            .bind(expected_seq)
            .bind(PAGE)
            .fetch_all(self.pool())
            .await?;
            if rows.is_empty() {
                break;
            }
            for r in &rows {
                let row = audit_from(r)?;
                let ok = row.seq == expected_seq
                    && row.prev_hash == expected_prev
                    && keyed_hash(&audit_chain_text(row.seq, &row.entry, &row.prev_hash))
                        == row.hash;
                if !ok {
                    return Ok((checked, Some(row.seq.min(expected_seq))));
                }
                checked += 1;
                expected_prev = row.hash;
                expected_seq += 1;
            }
        }
        // Rows cut off the end: the head remembers how long the chain was.
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(self.pool())
            .await?;
        let head_seq: i64 = head.try_get("seq")?;
        let head_hash: String = head.try_get("hash")?;
        if head_seq != checked || head_hash != expected_prev {
            return Ok((checked, Some(checked + 1)));
        }
        Ok((checked, None))
    }

    // ---- notifications --------------------------------------------------------------------

    /// Notifications due for (another) delivery attempt at `now`.
    pub async fn pending_notifications(
        &self,
        now: i64,
        limit: i64,
    ) -> Result<Vec<NotificationRow>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications
              WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id LIMIT $2"
        ))
        .bind(now)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(notification_from)
        .collect::<Result<_, _>>()?)
    }

    /// Claims a due notification for one delivery attempt until `lease_until` (ms): moves its
    /// next attempt past the lease, only while it is still pending and due, so of several
    /// instances reading the same row exactly one gets `true` and sends it. Were the claimer
    /// to die mid-send, the notification falls due again when the lease ends.
    pub async fn claim_notification(
        &self,
        id: i64,
        now: i64,
        lease_until: i64,
    ) -> Result<bool, StorageError> {
        Ok(sqlx::query(
            "UPDATE notifications SET next_attempt_at = $3
              WHERE id = $1 AND status = 'pending' AND next_attempt_at <= $2",
        )
        .bind(id)
        .bind(now)
        .bind(lease_until)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Records a failed attempt: the notification stays pending until `retry_at`, or is
    /// marked failed when `retry_at` is `None` (attempts exhausted). `false` when another
    /// instance already settled it.
    pub async fn record_notification_failure(
        &self,
        id: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<bool, StorageError> {
        Ok(sqlx::query(
            "UPDATE notifications SET status = $2, last_error = $3, next_attempt_at = $4,
                    attempts = attempts + 1
              WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(if retry_at.is_some() {
            "pending"
        } else {
            "failed"
        })
        .bind(error)
        .bind(retry_at.unwrap_or(0))
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Marks a notification delivered (or stored) unless another instance already did.
    pub async fn mark_notification(
        &self,
        id: i64,
        status: &str,
        error: Option<&str>,
        now: i64,
    ) -> Result<bool, StorageError> {
        Ok(sqlx::query(
            "UPDATE notifications SET status = $2, last_error = $3, delivered_at = $4,
                    attempts = attempts + 1
              WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .bind(status)
        .bind(error)
        .bind(now)
        .execute(self.pool())
        .await?
        .rows_affected()
            == 1)
    }

    /// Notifications of cases within the scope, newest first.
    pub async fn notifications_in_scope(
        &self,
        prefix: &str,
        limit: i64,
    ) -> Result<Vec<NotificationRow>, StorageError> {
        Ok(sqlx::query(
            "SELECT n.id, n.application_number, n.channel, n.recipient_ciphertext,
                    n.recipient_masked, n.template, n.args, n.locale, n.status, n.attempts,
                    n.created_at, n.delivered_at
               FROM notifications n JOIN applications a ON a.number = n.application_number
              WHERE substr(a.scope_code, 1, length($1)) = $1
              ORDER BY n.id DESC LIMIT $2",
        )
        .bind(prefix)
        .bind(limit)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(notification_from)
        .collect::<Result<_, _>>()?)
    }

    /// In-portal messages of one application (what `/track` shows the resident).
    pub async fn portal_messages(
        &self,
        number: &str,
    ) -> Result<Vec<NotificationRow>, StorageError> {
        Ok(sqlx::query(&format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications
              WHERE application_number = $1 AND channel = 'portal' ORDER BY id"
        ))
        .bind(number)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(notification_from)
        .collect::<Result<_, _>>()?)
    }
}

fn audit_from(r: &sqlx::any::AnyRow) -> Result<AuditRow, sqlx::Error> {
    Ok(AuditRow {
        seq: r.try_get("seq")?,
        entry: AuditEntry {
            at: r.try_get("at")?,
            actor: r.try_get("actor")?,
            role: r.try_get("role")?,
            action: r.try_get("action")?,
            subject: r.try_get("subject")?,
            outcome: r.try_get("outcome")?,
            detail: r.try_get("detail")?,
            client_ip: r.try_get("client_ip")?,
        },
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
    })
}

/// Applies a workflow step inside the caller's transaction: a conditional update on the stage
/// it was decided from and within the scope (so a concurrent step or an out-of-scope number
/// changes nothing), then the event. `false` when the case was not in that stage any more.
pub async fn apply_case_step(
    tx: &mut Transaction<'static, Any>,
    prefix: &str,
    number: &str,
    from_status: &str,
    u: &CaseUpdate,
    event: &NewEvent,
) -> Result<bool, StorageError> {
    let (clear_pause, pause) = match &u.paused_since {
        Some(None) => (1, None),
        Some(Some(d)) => (0, Some(d.clone())),
        None => (0, None),
    };
    let (clear_resume, resume) = match &u.resume_stage {
        Some(None) => (1, None),
        Some(Some(s)) => (0, Some(s.clone())),
        None => (0, None),
    };
    let updated = sqlx::query(&format!(
        "UPDATE applications SET
            status = $3,
            accepted_on = COALESCE($4, accepted_on),
            deadline = COALESCE($5, deadline),
            paused_since = CASE WHEN $6 = 1 THEN NULL ELSE COALESCE($7, paused_since) END,
            paused_working_days = paused_working_days + $8,
            resume_stage = CASE WHEN $9 = 1 THEN NULL ELSE COALESCE($10, resume_stage) END,
            simplified = COALESCE($11, simplified),
            notice_from = COALESCE($12, notice_from),
            notice_to = COALESCE($13, notice_to),
            proposed_amount_fen = COALESCE($14, proposed_amount_fen),
            amount_fen = COALESCE($15, amount_fen),
            pay_from = COALESCE($16, pay_from),
            decided_on = COALESCE($17, decided_on),
            updated_at = $18
          WHERE {IN_SCOPE} AND number = $2 AND status = $19"
    ))
    .bind(prefix)
    .bind(number)
    .bind(&u.status)
    .bind(&u.accepted_on)
    .bind(&u.deadline)
    .bind(clear_pause)
    .bind(pause)
    .bind(u.add_paused_working_days)
    .bind(clear_resume)
    .bind(resume)
    .bind(u.simplified.map(i32::from))
    .bind(u.notice.as_ref().map(|n| n.0.clone()))
    .bind(u.notice.as_ref().map(|n| n.1.clone()))
    .bind(u.proposed_amount_fen)
    .bind(u.amount_fen)
    .bind(&u.pay_from)
    .bind(&u.decided_on)
    .bind(event.at)
    .bind(from_status)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if updated != 1 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO application_events (application_number, status, actor, at, action, on_date,
                                         detail_ciphertext)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(number)
    .bind(&event.status)
    .bind(&event.actor)
    .bind(event.at)
    .bind(&event.action)
    .bind(&event.on_date)
    .bind(&event.detail_ciphertext)
    .execute(&mut **tx)
    .await?;
    Ok(true)
}

/// Adds a staff note inside the caller's transaction.
pub async fn insert_case_note(
    tx: &mut Transaction<'static, Any>,
    number: &str,
    author: &str,
    body_ciphertext: &[u8],
    now: i64,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO case_notes (application_number, author, body_ciphertext, created_at)
         VALUES ($1, $2, $3, $4)",
    )
    .bind(number)
    .bind(author)
    .bind(body_ciphertext)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
