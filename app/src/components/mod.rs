//! Server-rendered building blocks shared by pages.

pub mod form;
pub mod layout;
pub mod title;

pub use layout::Layout;
pub use title::page_title;
