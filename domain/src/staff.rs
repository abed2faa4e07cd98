//! Staff accounts: usernames, the password rule, one-time codes and the account form
//! (policy-rules.md §11.3 身份鉴别: unique user IDs, password complexity, two factors).
//!
//! Hashing, sessions and the TOTP arithmetic are the server's; this module only says what a
//! well-formed value is, identically for the form and the `server admin create-user` command.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::case::Role;
use crate::date::Date;
use crate::form::FormErrors;
use crate::message::{arg, Localized, MessageArg};
use crate::name::PersonName;
use crate::region::Jurisdiction;

/// Shortest password accepted (等保 三级 asks for complexity; length is what resists guessing).
pub const PASSWORD_MIN_CHARS: usize = 12;
/// Longest password accepted: argon2 takes any length, but an unbounded one is a cheap way to
/// make the server hash megabytes.
pub const PASSWORD_MAX_CHARS: usize = 128;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StaffError {
    #[error("username: 3 to 32 lowercase letters, digits, dot, dash or underscore")]
    Username,
    #[error("password too short")]
    PasswordShort { min: usize },
    #[error("password too long")]
    PasswordLong { max: usize },
    #[error("password needs letters and digits")]
    PasswordSimple,
    #[error("passwords differ")]
    PasswordMismatch,
    #[error("new password equals the current one")]
    PasswordUnchanged,
    #[error("a code has 6 digits")]
    Code,
    #[error("unknown role")]
    Role,
    #[error("a township clerk's jurisdiction is a township; other roles have a region")]
    JurisdictionLevel,
    #[error("the current password is wrong")]
    CurrentPassword,
    #[error("unknown account action")]
    AccountAction,
    #[error("username already in use")]
    UsernameTaken,
    #[error("jurisdiction outside the administrator's own")]
    JurisdictionOutside,
    #[error("another administrator's jurisdiction must be narrower than one's own")]
    AdminPeer,
    #[error("an audit subject is a case number, a username or a division code")]
    AuditSubject,
    #[error("an audit record number is a positive whole number")]
    AuditPosition,
    #[error("a page number is a positive whole number")]
    PagePosition,
    #[error("a report period ends before it starts")]
    PeriodOrder,
}

impl StaffError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-staff-username",
        "err-staff-password-short",
        "err-staff-password-long",
        "err-staff-password-simple",
        "err-staff-password-mismatch",
        "err-staff-password-unchanged",
        "err-staff-code",
        "err-staff-role",
        "err-staff-jurisdiction-level",
        "err-staff-current-password",
        "err-staff-account-action",
        "err-staff-username-taken",
        "err-staff-jurisdiction-outside",
        "err-staff-admin-peer",
        "err-staff-audit-subject",
        "err-staff-audit-position",
        "err-staff-page-position",
        "err-staff-period-order",
    ];
}

impl Localized for StaffError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Username => "err-staff-username",
            Self::PasswordShort { .. } => "err-staff-password-short",
            Self::PasswordLong { .. } => "err-staff-password-long",
            Self::PasswordSimple => "err-staff-password-simple",
            Self::PasswordMismatch => "err-staff-password-mismatch",
            Self::PasswordUnchanged => "err-staff-password-unchanged",
            Self::Code => "err-staff-code",
            Self::Role => "err-staff-role",
            Self::JurisdictionLevel => "err-staff-jurisdiction-level",
            Self::CurrentPassword => "err-staff-current-password",
            Self::AccountAction => "err-staff-account-action",
            Self::UsernameTaken => "err-staff-username-taken",
            Self::JurisdictionOutside => "err-staff-jurisdiction-outside",
            Self::AdminPeer => "err-staff-admin-peer",
            Self::AuditSubject => "err-staff-audit-subject",
            Self::AuditPosition => "err-staff-audit-position",
            Self::PagePosition => "err-staff-page-position",
            Self::PeriodOrder => "err-staff-period-order",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::PasswordShort { min } => vec![arg("min", min)],
            Self::PasswordLong { max } => vec![arg("max", max)],
            _ => Vec::new(),
        }
    }
}

/// A sign-in name: 3–32 of `a-z 0-9 . _ -`, starting with a letter (case-folded, so `Wang`
/// and `wang` are one account).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Username(String);

impl Username {
    pub fn parse(raw: &str) -> Result<Username, StaffError> {
        let s = raw.trim().to_ascii_lowercase();
        let ok = (3..=32).contains(&s.len())
            && s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
        if ok {
            Ok(Username(s))
        } else {
            Err(StaffError::Username)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Username({})", self.0)
    }
}

serde_via_parse!(Username);

/// A new password that meets the rule: 12–128 characters with at least one letter and one
/// digit. The value never appears in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<NewPassword, StaffError> {
        let count = raw.chars().count();
        if count < PASSWORD_MIN_CHARS {
            return Err(StaffError::PasswordShort {
                min: PASSWORD_MIN_CHARS,
            });
        }
        if count > PASSWORD_MAX_CHARS {
            return Err(StaffError::PasswordLong {
                max: PASSWORD_MAX_CHARS,
            });
        }
        if !raw.chars().any(char::is_alphabetic) || !raw.chars().any(|c| c.is_ascii_digit()) {
            return Err(StaffError::PasswordSimple);
        }
        Ok(NewPassword(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword(<redacted>)")
    }
}

/// A six-digit one-time code (RFC 6238 TOTP as authenticator apps show it; spaces allowed).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct OneTimeCode(u32);

impl OneTimeCode {
    pub fn parse(raw: &str) -> Result<OneTimeCode, StaffError> {
        let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
            digits
                .parse()
                .map(OneTimeCode)
                .map_err(|_| StaffError::Code)
        } else {
            Err(StaffError::Code)
        }
    }

    pub fn value(self) -> u32 {
        self.0
    }
}

impl fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OneTimeCode(<redacted>)")
    }
}

/// Checks the new-password form: the rule, the confirmation, and that it changes something.
pub fn parse_password_change(
    current: &str,
    new: &str,
    confirm: &str,
) -> Result<NewPassword, FormErrors> {
    let mut errors = FormErrors::new();
    let parsed = errors.field("new_password", NewPassword::parse(new));
    if let Some(p) = &parsed {
        if p.expose() != confirm {
            errors.push("confirm_password", &StaffError::PasswordMismatch);
        } else if p.expose() == current {
            errors.push("new_password", &StaffError::PasswordUnchanged);
        }
    }
    match parsed {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(errors),
    }
}

/// A staff account as an administrator creates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStaffAccount {
    pub username: Username,
    pub display_name: PersonName,
    pub role: Role,
    pub jurisdiction: Jurisdiction,
    pub password: NewPassword,
}

/// The account form: every value a string, as posted.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccountForm {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub jurisdiction: String,
    pub password: String,
}

redacted_debug!(StaffAccountForm {
    username,
    display_name,
    role,
    jurisdiction,
    password
});

impl StaffAccountForm {
    /// Parses the form. A township intake clerk's jurisdiction is one township; the county
    /// roles and administrators have a region (county, prefecture or province).
    pub fn parse(&self) -> Result<NewStaffAccount, FormErrors> {
        let mut errors = FormErrors::new();
        let username = errors.field("username", Username::parse(&self.username));
        let display_name = errors.field("display_name", PersonName::parse(&self.display_name));
        let role = errors.field(
            "role",
            Role::from_key(self.role.trim()).ok_or(StaffError::Role),
        );
        let jurisdiction = errors.field("jurisdiction", Jurisdiction::parse(&self.jurisdiction));
        if let (Some(role), Some(j)) = (role, &jurisdiction) {
            let township = matches!(j, Jurisdiction::Township(_));
            if township != (role == Role::Intake) {
                errors.push("jurisdiction", &StaffError::JurisdictionLevel);
            }
        }
        let password = errors.field("password", NewPassword::parse(&self.password));
        match (username, display_name, role, jurisdiction, password) {
            (
                Some(username),
                Some(display_name),
                Some(role),
                Some(jurisdiction),
                Some(password),
            ) if errors.is_empty() => Ok(NewStaffAccount {
                username,
                display_name,
                role,
                jurisdiction,
                password,
            }),
            _ => Err(errors),
        }
    }
}

/// What an administrator does to an existing account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountAction {
    /// Signs the member out everywhere and refuses further sign-ins.
    Disable,
    Enable,
    /// Clears the failure count and the 30-minute lock.
    Unlock,
    /// Sets a temporary password: the member must change it at next sign-in and enrol the
    /// second factor again (a reset is what a lost phone or a forgotten password needs).
    Reset(NewPassword),
}

/// The account action form: every value a string, as posted.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountActionForm {
    pub action: String,
    pub password: String,
}

redacted_debug!(AccountActionForm { action, password });

impl AccountActionForm {
    pub fn parse(&self) -> Result<AccountAction, FormErrors> {
        let mut errors = FormErrors::new();
        let action = match self.action.trim() {
            "disable" => Some(AccountAction::Disable),
            "enable" => Some(AccountAction::Enable),
            "unlock" => Some(AccountAction::Unlock),
            "reset" => errors
                .field("password", NewPassword::parse(&self.password))
                .map(AccountAction::Reset),
            _ => {
                errors.push("action", &StaffError::AccountAction);
                None
            }
        };
        match action {
            Some(a) if errors.is_empty() => Ok(a),
            _ => Err(errors),
        }
    }
}

/// Longest audit subject: application numbers (`SQ20261205-ABCDEFGH`), usernames (32) and
/// division codes all fit.
const AUDIT_SUBJECT_MAX: usize = 32;

/// The audit browser's filters, as in the query string (empty = any).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilterForm {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub subject: String,
    /// Show rows before this sequence number (the "older" link).
    #[serde(default)]
    pub before: String,
}

/// The audit browser's filters, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<Username>,
    /// A case number, a username or a division code: ASCII letters, digits, `.`, `_`, `-`.
    pub subject: Option<String>,
    pub before: Option<i64>,
}

impl AuditFilterForm {
    pub fn parse(&self) -> Result<AuditFilter, FormErrors> {
        let mut errors = FormErrors::new();
        let actor = match self.actor.trim() {
            "" => None,
            a => errors.field("actor", Username::parse(a)),
        };
        let subject = match self.subject.trim() {
            "" => None,
            s if s.len() <= AUDIT_SUBJECT_MAX
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')) =>
            {
                Some(s.to_owned())
            }
            _ => {
                errors.push("subject", &StaffError::AuditSubject);
                None
            }
        };
        let before = match self.before.trim() {
            "" => None,
            b => match b.parse::<i64>() {
                Ok(n) if n > 0 => Some(n),
                _ => {
                    errors.push("before", &StaffError::AuditPosition);
                    None
                }
            },
        };
        if errors.is_empty() {
            Ok(AuditFilter {
                actor,
                subject,
                before,
            })
        } else {
            Err(errors)
        }
    }
}

/// The reports page's period, as in the query string (empty = open-ended).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportPeriodForm {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// Cases submitted within `from ..= to` (either end open).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportPeriod {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl ReportPeriodForm {
    pub fn parse(&self) -> Result<ReportPeriod, FormErrors> {
        let mut errors = FormErrors::new();
        let mut date = |field: &str, raw: &str| match raw.trim() {
            "" => None,
            d => errors.field(field, Date::parse(d)),
        };
        let from = date("from", &self.from);
        let to = date("to", &self.to);
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                errors.push("to", &StaffError::PeriodOrder);
            }
        }
        if errors.is_empty() {
            Ok(ReportPeriod { from, to })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Wang.Li ").unwrap().as_str(), "wang.li");
        for bad in ["", "ab", "1abc", "a b c", "张三", "a;drop", &"a".repeat(33)] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords() {
        assert!(NewPassword::parse("correct-horse-7").is_ok());
        assert_eq!(
            NewPassword::parse("short1"),
            Err(StaffError::PasswordShort { min: 12 })
        );
        assert_eq!(
            NewPassword::parse("onlylettershere"),
            Err(StaffError::PasswordSimple)
        );
        assert_eq!(
            NewPassword::parse("123456789012345"),
            Err(StaffError::PasswordSimple)
        );
        assert!(NewPassword::parse(&"a1".repeat(65)).is_err());
        assert!(!format!("{:?}", NewPassword::parse("correct-horse-7").unwrap()).contains("horse"));
        let e = parse_password_change("old-password-1", "new-password-2", "new-password-3")
            .unwrap_err();
        assert_eq!(e.errors[0].field, "confirm_password");
        let e = parse_password_change("same-password-1", "same-password-1", "same-password-1")
            .unwrap_err();
        assert_eq!(e.errors[0].message_id, "err-staff-password-unchanged");
    }

    #[test]
    fn codes() {
        assert_eq!(OneTimeCode::parse("123 456").unwrap().value(), 123_456);
        assert_eq!(OneTimeCode::parse("012345").unwrap().value(), 12_345);
        for bad in ["12345", "1234567", "abcdef", "", "１２３４５６"] {
            assert!(OneTimeCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn account_form_matches_role_and_jurisdiction_level() {
        let form = |role: &str, j: &str| StaffAccountForm {
            username: "li.qing".into(),
            display_name: "李青".into(),
            role: role.into(),
            jurisdiction: j.into(),
            password: "correct-horse-7".into(),
        };
        assert!(form("intake", "340303002").parse().is_ok());
        assert!(form("reviewer", "340303").parse().is_ok());
        assert!(form("admin", "340000").parse().is_ok());
        let e = form("intake", "340303").parse().unwrap_err();
        assert_eq!(e.errors[0].message_id, "err-staff-jurisdiction-level");
        let e = form("approver", "340303002").parse().unwrap_err();
        assert_eq!(e.errors[0].field, "jurisdiction");
        assert_eq!(
            form("root", "340303").parse().unwrap_err().errors[0].field,
            "role"
        );
    }

    #[test]
    fn account_actions() {
        let form = |action: &str, password: &str| AccountActionForm {
            action: action.into(),
            password: password.into(),
        };
        assert_eq!(form("disable", "").parse(), Ok(AccountAction::Disable));
        assert_eq!(form(" unlock ", "").parse(), Ok(AccountAction::Unlock));
        assert!(matches!(
            form("reset", "temporary-pass-9").parse(),
            Ok(AccountAction::Reset(_))
        ));
        let e = form("reset", "short").parse().unwrap_err();
        assert_eq!(e.errors[0].field, "password");
        let e = form("delete", "").parse().unwrap_err();
        assert_eq!(e.errors[0].message_id, "err-staff-account-action");
        assert!(!format!("{:?}", form("reset", "temporary-pass-9")).contains("temporary"));
    }

    #[test]
    fn audit_filters() {
        let form = |actor: &str, subject: &str, before: &str| AuditFilterForm {
            actor: actor.into(),
            subject: subject.into(),
            before: before.into(),
        };
        assert_eq!(form("", "", "").parse(), Ok(AuditFilter::default()));
        let f = form("Intake.QingNian", "SQ20261205-AB12CD34", "40")
            .parse()
            .unwrap();
        assert_eq!(f.actor.unwrap().as_str(), "intake.qingnian");
        assert_eq!(f.subject.as_deref(), Some("SQ20261205-AB12CD34"));
        assert_eq!(f.before, Some(40));
        for bad in ["' OR 1=1 --", "张三", &"a".repeat(33), "a%"] {
            let e = form("", bad, "").parse().unwrap_err();
            assert_eq!(e.errors[0].field, "subject", "{bad}");
        }
        for bad in ["0", "-3", "x", "99999999999999999999"] {
            assert_eq!(
                form("", "", bad).parse().unwrap_err().errors[0].field,
                "before"
            );
        }
        assert_eq!(
            form("1x", "", "").parse().unwrap_err().errors[0].field,
            "actor"
        );
    }

    #[test]
    fn report_periods() {
        let form = |from: &str, to: &str| ReportPeriodForm {
            from: from.into(),
            to: to.into(),
        };
        assert_eq!(form("", "").parse(), Ok(ReportPeriod::default()));
        let p = form("2026-01-01", "2026-12-31").parse().unwrap();
        assert_eq!(p.from.unwrap().to_string(), "2026-01-01");
        let e = form("2026-12-31", "2026-01-01").parse().unwrap_err();
        assert_eq!(e.errors[0].message_id, "err-staff-period-order");
        assert_eq!(
            form("yesterday", "").parse().unwrap_err().errors[0].field,
            "from"
        );
    }
}
