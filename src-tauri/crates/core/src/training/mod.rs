//! The training ledger (培训与练兵): the kinds of training, sessions with their attendance, and
//! each person's record and hours per year. T1–T5 are computed in [`crate::figures`].

pub mod excel;
pub mod kinds;
mod model;
pub mod sessions;

pub use model::*;
pub use sessions::{hours_by_year, record_of};
