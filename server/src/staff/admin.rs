//! Oversight within a jurisdiction: account management and the audit browser (administrators
//! only), and the notification outbox (case workers). Each entry point authenticates first,
//! checks the role, and reads through storage queries that take the member's scope prefix.

use app::error::AppError;
use app::pages::staff_admin::{AccountView, AuditView, ChainCheck, NotificationView};
use app::ports::RequestCtx;
use domain::case::Role;
use domain::region::Jurisdiction;
use domain::staff::{
    AccountAction, AccountActionForm, AuditFilter, StaffAccountForm, StaffError, Username,
};
use domain::FormErrors;
use serde_json::json;

use super::{auth, jurisdiction_name, StaffCtx, StaffService};
use crate::services::internal;
use crate::storage::{now_ms, StaffUserRow};

/// Audit rows per page of the browser.
pub const AUDIT_PAGE_ROWS: i64 = 50;
/// Notifications the outbox page lists (newest first).
const NOTIFICATIONS_SHOWN: i64 = 200;

fn field_error(field: &str, error: impl domain::Localized) -> AppError {
    let mut errors = FormErrors::new();
    errors.push(field, &error);
    AppError::Invalid(errors)
}

/// Whether a jurisdiction names a division or township of the national lists (the shared
/// parse checks only the shape: the lists are too large for the browser).
pub(crate) fn jurisdiction_exists(j: &Jurisdiction) -> bool {
    match j {
        Jurisdiction::Region(code) => domain::region::directory().get(*code).is_some(),
        Jurisdiction::Township(code) => domain::region::townships().get(*code).is_some(),
    }
}

/// Whether an administrator may create or change an account of `role` in `jurisdiction`:
/// within their own jurisdiction, and for another administrator only a strictly narrower one
/// (a county administrator cannot reset a peer's password and take the account over).
pub(crate) fn may_manage(admin: &StaffCtx, role: Role, jurisdiction: &Jurisdiction) -> bool {
    let prefix = jurisdiction.scope_prefix();
    admin.role == Role::Admin
        && prefix.starts_with(&admin.prefix)
        && (role != Role::Admin || prefix.len() > admin.prefix.len())
}

impl StaffService {
    /// The signed-in administrator; anyone else is refused (separation of duties: case
    /// workers do not manage accounts or read the whole trail).
    async fn admin(&self, ctx: &RequestCtx) -> Result<StaffCtx, AppError> {
        let staff = self.authenticate(ctx).await?;
        if staff.role == Role::Admin {
            Ok(staff)
        } else {
            Err(AppError::Forbidden)
        }
    }

    fn account_view(&self, me: &StaffCtx, u: &StaffUserRow) -> AccountView {
        let jurisdiction = Jurisdiction::parse(&u.jurisdiction).ok();
        AccountView {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: Role::from_key(&u.role).unwrap_or(Role::Intake),
            jurisdiction: u.jurisdiction.clone(),
            jurisdiction_name: jurisdiction
                .as_ref()
                .map(jurisdiction_name)
                .unwrap_or_default(),
            active: u.active,
            locked: u.locked_until > now_ms(),
            enrolled: u.totp_secret_ciphertext.is_some(),
            must_change_password: u.must_change_password,
            is_me: u.id == me.user_id,
        }
    }

    /// The accounts within the administrator's jurisdiction.
    pub async fn accounts(&self, ctx: &RequestCtx) -> Result<Vec<AccountView>, AppError> {
        let admin = self.admin(ctx).await?;
        let rows = self
            .storage
            .staff_users_in_scope(&admin.prefix)
            .await
            .map_err(|e| internal(ctx, "accounts", &e))?;
        Ok(rows.iter().map(|u| self.account_view(&admin, u)).collect())
    }

    /// Creates an account from the administrator's form: within their jurisdiction, with a
    /// temporary password the member must change, and a second factor enrolled at first
    /// sign-in.
    pub async fn create_account_from_form(
        &self,
        ctx: &RequestCtx,
        form: &StaffAccountForm,
    ) -> Result<String, AppError> {
        let admin = self.admin(ctx).await?;
        let account = form.parse()?;
        if !jurisdiction_exists(&account.jurisdiction) {
            return Err(field_error(
                "jurisdiction",
                domain::region::RegionCodeError::NotInList,
            ));
        }
        if !may_manage(&admin, account.role, &account.jurisdiction) {
            return Err(field_error(
                "jurisdiction",
                if account.role == Role::Admin {
                    StaffError::AdminPeer
                } else {
                    StaffError::JurisdictionOutside
                },
            ));
        }
        let taken = self
            .storage
            .staff_user_by_username(account.username.as_str())
            .await
            .map_err(|e| internal(ctx, "account", &e))?
            .is_some();
        if taken {
            return Err(field_error("username", StaffError::UsernameTaken));
        }
        match self
            .create_account(&account, None, true, Some(&admin))
            .await
        {
            Ok(_) => Ok(account.username.to_string()),
            // Two administrators creating the same name at once: the unique index decides.
            Err(e) if e.to_string().contains("unique") => {
                Err(field_error("username", StaffError::UsernameTaken))
            }
            Err(e) => Err(internal(ctx, "account", &e)),
        }
    }

    /// Disables, enables, unlocks or resets an account within the jurisdiction (never the
    /// administrator's own). Returns what was done, for the page's confirmation.
    pub async fn account_action(
        &self,
        ctx: &RequestCtx,
        username: &str,
        form: &AccountActionForm,
    ) -> Result<&'static str, AppError> {
        let admin = self.admin(ctx).await?;
        let action = form.parse()?;
        let name = Username::parse(username).map_err(|_| AppError::NotFound)?;
        let user = self
            .storage
            .staff_user_in_scope(&admin.prefix, name.as_str())
            .await
            .map_err(|e| internal(ctx, "account", &e))?
            .ok_or(AppError::NotFound)?;
        let target_role = Role::from_key(&user.role);
        let target_scope = Jurisdiction::parse(&user.jurisdiction).ok();
        let manageable = match (target_role, &target_scope) {
            (Some(role), Some(j)) => may_manage(&admin, role, j),
            _ => false,
        };
        if user.id == admin.user_id || !manageable {
            return Err(AppError::Forbidden);
        }
        let storage_error = |e| internal(ctx, "account", &e);
        let key = match action {
            AccountAction::Disable => {
                self.storage
                    .set_staff_active(user.id, false)
                    .await
                    .map_err(storage_error)?;
                "disable"
            }
            AccountAction::Enable => {
                self.storage
                    .set_staff_active(user.id, true)
                    .await
                    .map_err(storage_error)?;
                "enable"
            }
            AccountAction::Unlock => {
                self.storage
                    .clear_login_failures(user.id)
                    .await
                    .map_err(storage_error)?;
                "unlock"
            }
            AccountAction::Reset(password) => {
                let hash = auth::hash_password(password.expose().to_owned())
                    .await
                    .map_err(|e| internal(ctx, "password hash", &e))?;
                self.storage
                    .set_staff_password(user.id, &hash, true, None, now_ms())
                    .await
                    .map_err(storage_error)?;
                "reset"
            }
        };
        self.audit(self.entry(
            &admin,
            &format!("account.{key}"),
            &user.username,
            "ok",
            json!({ "role": user.role, "jurisdiction": user.jurisdiction }),
        ))
        .await
        .map_err(|e| internal(ctx, "audit", &e))?;
        Ok(key)
    }

    /// One page of the audit trail within the administrator's jurisdiction, newest first,
    /// and the sequence number to continue from. Reading the trail is itself recorded.
    pub async fn audit_page(
        &self,
        ctx: &RequestCtx,
        filter: &AuditFilter,
    ) -> Result<(Vec<AuditView>, Option<i64>), AppError> {
        let admin = self.admin(ctx).await?;
        let rows = self
            .storage
            .audit_rows_in_scope(
                &admin.prefix,
                filter.actor.as_ref().map_or("", |a| a.as_str()),
                filter.subject.as_deref().unwrap_or(""),
                filter.before,
                AUDIT_PAGE_ROWS + 1,
            )
            .await
            .map_err(|e| internal(ctx, "audit rows", &e))?;
        self.audit(self.entry(
            &admin,
            "audit.view",
            &admin.jurisdiction.to_string(),
            "ok",
            json!({
                "actor": filter.actor.as_ref().map(|a| a.as_str()),
                "subject": filter.subject,
                "before": filter.before,
            }),
        ))
        .await
        .map_err(|e| internal(ctx, "audit", &e))?;
        let more = rows.len() as i64 > AUDIT_PAGE_ROWS;
        let views: Vec<AuditView> = rows
            .into_iter()
            .take(AUDIT_PAGE_ROWS as usize)
            .map(|r| AuditView {
                seq: r.seq,
                at: r.entry.at,
                actor: r.entry.actor,
                role: r.entry.role,
                action: r.entry.action,
                subject: r.entry.subject,
                outcome: r.entry.outcome,
                detail: r.entry.detail,
                client_ip: r.entry.client_ip,
                hash: r.hash.chars().take(12).collect(),
            })
            .collect();
        let older = more.then(|| views.last().map(|v| v.seq)).flatten();
        Ok((views, older))
    }

    /// Walks the whole chain (it links rows of every jurisdiction, so only the whole chain
    /// can be verified); the check and its result are recorded.
    pub async fn check_audit_chain(&self, ctx: &RequestCtx) -> Result<ChainCheck, AppError> {
        let admin = self.admin(ctx).await?;
        let (checked, broken_at) = self
            .verify_audit()
            .await
            .map_err(|e| internal(ctx, "audit verify", &e))?;
        self.audit(self.entry(
            &admin,
            "audit.verify",
            &admin.jurisdiction.to_string(),
            if broken_at.is_none() { "ok" } else { "broken" },
            json!({ "checked": checked, "broken_at": broken_at }),
        ))
        .await
        .map_err(|e| internal(ctx, "audit", &e))?;
        Ok(ChainCheck { checked, broken_at })
    }

    /// The outbox of the jurisdiction's cases, newest first, each message as the resident
    /// receives it (recipients masked).
    pub async fn notifications(&self, ctx: &RequestCtx) -> Result<Vec<NotificationView>, AppError> {
        let staff = self.authenticate(ctx).await?;
        if !staff.role.works_cases() {
            return Err(AppError::Forbidden);
        }
        let rows = self
            .storage
            .notifications_in_scope(&staff.prefix, NOTIFICATIONS_SHOWN)
            .await
            .map_err(|e| internal(ctx, "notifications", &e))?;
        Ok(rows
            .into_iter()
            .map(|n| NotificationView {
                text: super::notify::notification_text(&n),
                number: n.application_number,
                channel: n.channel,
                recipient_masked: n.recipient_masked,
                status: n.status,
                created_at: n.created_at,
                delivered_at: n.delivered_at,
            })
            .collect())
    }
}
