//! A marriage registration office's public details as an administrator edits them (issue 8):
//! name, address and telephone, shown to every couple choosing an office. Plain text only —
//! these are printed on confirmation pages, calendar files and SMS.

use serde::{Deserialize, Serialize};

use crate::form::FormErrors;
use crate::message::{arg, Localized, MessageArg};
use crate::text::is_disallowed_invisible;

pub const NAME_MAX_CHARS: usize = 40;
pub const ADDRESS_MAX_CHARS: usize = 80;
pub const PHONE_MAX_CHARS: usize = 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OfficeError {
    #[error("enter the office's name")]
    NameEmpty,
    #[error("enter the address")]
    AddressEmpty,
    #[error("too long")]
    TooLong { max: usize },
    #[error("characters that cannot be shown")]
    Characters,
    #[error("a telephone number has digits, spaces, hyphens and brackets")]
    Phone,
}

impl OfficeError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-office-name-empty",
        "err-office-address-empty",
        "err-office-too-long",
        "err-office-characters",
        "err-office-phone",
    ];
}

impl Localized for OfficeError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::NameEmpty => "err-office-name-empty",
            Self::AddressEmpty => "err-office-address-empty",
            Self::TooLong { .. } => "err-office-too-long",
            Self::Characters => "err-office-characters",
            Self::Phone => "err-office-phone",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::TooLong { max } => vec![arg("max", max)],
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OfficeForm {
    pub name: String,
    pub address: String,
    pub phone: String,
    /// "1" when the office takes bookings.
    pub active: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficeDetails {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub active: bool,
}

/// One line of plain text: trimmed, inner whitespace runs collapsed to one space, no control
/// or disguising characters, no markup brackets.
fn line(raw: &str, max: usize, empty: OfficeError, required: bool) -> Result<String, OfficeError> {
    let s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        return if required { Err(empty) } else { Ok(s) };
    }
    if s.chars().count() > max {
        return Err(OfficeError::TooLong { max });
    }
    if s.chars()
        .any(|c| c.is_control() || is_disallowed_invisible(c) || matches!(c, '<' | '>'))
    {
        return Err(OfficeError::Characters);
    }
    Ok(s)
}

impl OfficeDetails {
    pub fn parse(form: &OfficeForm) -> Result<OfficeDetails, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.field(
            "name",
            line(&form.name, NAME_MAX_CHARS, OfficeError::NameEmpty, true),
        );
        let address = errors.field(
            "address",
            line(
                &form.address,
                ADDRESS_MAX_CHARS,
                OfficeError::AddressEmpty,
                true,
            ),
        );
        let phone = errors.field(
            "phone",
            line(&form.phone, PHONE_MAX_CHARS, OfficeError::Phone, false).and_then(|p| {
                if p.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '+'))
                {
                    Ok(p)
                } else {
                    Err(OfficeError::Phone)
                }
            }),
        );
        match (name, address, phone) {
            (Some(name), Some(address), Some(phone)) if errors.is_empty() => Ok(OfficeDetails {
                name,
                address,
                phone,
                active: form.active.trim() == "1",
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn details_parse_and_errors_are_at_their_fields() {
        let ok = OfficeDetails::parse(&OfficeForm {
            name: "  蚌山区民政局  婚姻登记处 ".into(),
            address: "蚌埠市蚌山区某路1号".into(),
            phone: "0552-1234567".into(),
            active: "1".into(),
        })
        .unwrap();
        assert_eq!(ok.name, "蚌山区民政局 婚姻登记处");
        assert!(ok.active);
        let errors = OfficeDetails::parse(&OfficeForm {
            name: String::new(),
            address: "<script>".into(),
            phone: "call me".into(),
            active: String::new(),
        })
        .unwrap_err();
        let got: Vec<_> = errors
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.message_id.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("name", "err-office-name-empty"),
                ("address", "err-office-characters"),
                ("phone", "err-office-phone"),
            ]
        );
        let long = OfficeDetails::parse(&OfficeForm {
            name: "婚".repeat(41),
            address: "x".into(),
            ..OfficeForm::default()
        })
        .unwrap_err();
        assert_eq!(long.errors[0].message_id, "err-office-too-long");
    }
}
