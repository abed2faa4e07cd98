//! One module per route, mirroring the four resident services and the staff workspace.

pub mod apply;
pub mod commitments;
pub mod contact;
pub mod eligibility;
pub mod home;
pub mod marriage;
pub mod not_found;
pub mod screener_form;
pub mod staff;
pub mod staff_admin;
pub mod staff_marriage;
pub mod track;
