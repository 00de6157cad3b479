//! The self-assessment (规范化建设自评): rubric files (seeds/rubrics/, or loaded from a file the
//! city bureau sends), the one scoring engine, and the office's workflow (draft → submitted →
//! signed off → amended).

pub mod engine;
mod model;
pub mod rubric;
pub mod rubrics;
pub mod workflow;

pub use model::*;
pub use rubric::Rubric;
