//! The people ledgers: staff (执法人员) and their certificates (证件) with 审验, secondments (借调)
//! and uniforms (制式服装). The figures computed from them are in [`crate::figures`].

pub mod certificates;
pub mod excel;
mod model;
pub mod secondments;
pub mod staff;
pub mod uniforms;

pub use certificates::{CertificatePage, CertificateQuery, CertificateRow};
pub use model::*;
pub use secondments::SecondmentQuery;
pub use staff::{normalize_name, PersonFinder};

/// The window of the certificate warnings: expiry or 审验 within this many days (and the bands
/// 7, 30, 60 inside it).
pub const DUE_WARNING_DAYS: i64 = 90;
