//! The equipment inventory (执法装备台账): the standard list it is checked against, the items, their
//! dated events (使用台账, maintenance, calibration, transfer, scrap) and the schedules that make
//! work come due. The coverage figures E1–E4 are in [`crate::figures`].

pub mod due_view;
pub mod events;
pub mod excel;
pub mod items;
mod model;
pub mod schedules;
pub mod standard;

pub use model::*;
