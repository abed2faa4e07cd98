//! Server-rendered building blocks shared by pages.

pub mod layout;
pub mod service_pending;
pub mod title;

pub use layout::Layout;
pub use service_pending::ServicePending;
pub use title::page_title;
