//! Server functions, one file per function, grouped by feature. Their bodies are thin: build the
//! request context, parse the arguments into `domain` types, call one service, map the result.

pub mod applications;
pub mod contact;
pub mod eligibility;
pub mod marriage;
pub mod staff;
