//! Identity documents: the mainland resident ID number and the documents marriage parties from
//! Hong Kong, Macao, Taiwan and abroad present (policy-rules.md §10.1, §10.5).

mod checksum;
pub mod documents;
pub mod id_number;

pub use documents::{
    DocumentKind, ForeignPassport, HkMacaoPermit, IdentityDocument, IdentityDocumentError,
    PermanentResidenceId, ResidencePermit, TaiwanPermit,
};
pub use id_number::{IdNumber, IdNumberError, Sex};
