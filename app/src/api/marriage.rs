//! `POST /api/marriage/parties`: the first step of booking marriage registration — check both
//! parties' documents and names and the contact number before any office or slot is shown
//! (policy-rules.md §9; the booking itself arrives with the marriage feature).

use domain::marriage::PartiesForm;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use server_fn::codec::Json;

use crate::error::AppError;

/// What the next step needs to know, without echoing full document numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartiesChecked {
    pub party_a: String,
    pub party_b: Option<String>,
    /// Only offices designated for Hong Kong, Macao, Taiwan or foreign parties may be offered.
    pub needs_designated_office: bool,
}

#[server(prefix = "/api", endpoint = "marriage/parties", input = Json)]
pub async fn check_marriage_parties(form: PartiesForm) -> Result<PartiesChecked, AppError> {
    let ctx = crate::ports::RequestCtx::current()?;
    let parties = domain::marriage::Parties::parse(&form, ctx.today)?;
    Ok(PartiesChecked {
        party_a: parties.party_a.document.masked(),
        party_b: parties.party_b.as_ref().map(|p| p.document.masked()),
        needs_designated_office: parties.needs_designated_office(),
    })
}
