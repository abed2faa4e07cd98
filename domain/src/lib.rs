//! The domain of the civil-affairs self-service portal.
//!
//! This crate has no UI, no I/O and no database: it turns untrusted input into typed values
//! ("parse, don't validate") and holds the rules that decide what is valid. It is compiled
//! both into the browser's WebAssembly (live validation in islands) and into the server
//! (authoritative re-parsing in every server function), so the two can never disagree about
//! what "valid" means.
//!
//! Every validation failure is a typed error whose variants carry a Fluent message ID
//! ([`Localized`]); the UI translates the ID, the server returns it inside [`FormErrors`].

/// Serde for a type whose `Display` is its normalized form and whose `parse` validates:
/// serializing writes that form, deserializing runs `parse`, so an invalid value can never be
/// deserialized and fails with the same error a form would show.
macro_rules! serde_via_parse {
    ($ty:ty) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <String as serde::Deserialize>::deserialize(d)?;
                <$ty>::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// `Debug` that names the type and its fields but never prints their values: for form structs
/// holding raw personal data, so a stray `{:?}` in a log cannot leak them.
macro_rules! redacted_debug {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut d = f.debug_struct(stringify!($ty));
                $( d.field(stringify!($field), &"<redacted>"); )*
                d.finish()
            }
        }
    };
}

pub mod application;
pub mod booking;
pub mod calendar;
pub mod case;
pub mod contact;
pub mod date;
pub mod document;
pub mod eligibility;
pub mod form;
pub mod household;
pub mod idempotency;
pub mod identity;
pub mod marriage;
pub mod message;
pub mod mobile;
pub mod money;
pub mod name;
pub mod office;
pub mod region;
pub mod staff;
pub mod text;

pub use contact::{ContactForm, ContactMessage, ContactReference};
pub use date::Date;
pub use form::{FieldError, FormErrors};
pub use idempotency::IdempotencyKey;
pub use identity::{DocumentKind, IdNumber, IdentityDocument};
pub use message::{Localized, MessageArg};
pub use mobile::MobileNumber;
pub use money::Money;
pub use name::PersonName;
pub use region::{RegionCode, RegionLevel};
pub use text::MessageText;

/// Every message ID this crate can emit, for the completeness test of the locale files.
pub fn all_message_ids() -> Vec<&'static str> {
    let mut ids = Vec::new();
    ids.extend_from_slice(mobile::MobileError::MESSAGE_IDS);
    ids.extend_from_slice(name::PersonNameError::MESSAGE_IDS);
    ids.extend_from_slice(text::MessageTextError::MESSAGE_IDS);
    ids.extend_from_slice(idempotency::IdempotencyKeyError::MESSAGE_IDS);
    ids.extend_from_slice(form::FORM_MESSAGE_IDS);
    ids.extend_from_slice(date::DateError::MESSAGE_IDS);
    ids.extend_from_slice(money::MoneyError::MESSAGE_IDS);
    ids.extend_from_slice(identity::IdNumberError::MESSAGE_IDS);
    ids.extend_from_slice(identity::IdentityDocumentError::MESSAGE_IDS);
    ids.extend_from_slice(region::RegionCodeError::MESSAGE_IDS);
    ids.extend_from_slice(household::HouseholdError::MESSAGE_IDS);
    ids.extend_from_slice(marriage::PartiesError::MESSAGE_IDS);
    ids.extend_from_slice(booking::ScheduleError::MESSAGE_IDS);
    ids.extend_from_slice(booking::BookingError::MESSAGE_IDS);
    ids.extend_from_slice(office::OfficeError::MESSAGE_IDS);
    ids.extend_from_slice(document::DocumentError::MESSAGE_IDS);
    ids.extend_from_slice(eligibility::MESSAGE_IDS);
    ids.extend_from_slice(eligibility::screener::ScreenerError::MESSAGE_IDS);
    ids.extend_from_slice(application::ApplicationError::MESSAGE_IDS);
    ids.extend_from_slice(case::CaseError::MESSAGE_IDS);
    ids.extend_from_slice(case::CaseFormError::MESSAGE_IDS);
    ids.extend_from_slice(staff::StaffError::MESSAGE_IDS);
    ids.sort_unstable();
    ids.dedup();
    ids
}
