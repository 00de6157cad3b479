//! Bundles: the signed zip a branch sends the city bureau on a USB stick, the city bureau's side
//! that imports them, and the template bundle that goes the other way.
//!
//! The container (zip, manifest, signature, verification, the careful write to the stick) is the
//! `ledger-bundle` crate; this module decides what goes in it and what an import does with it.
//! `keys.rs` (this database's key and role), `tables.rs` (the tables a bundle carries, rows as
//! JSON), `export.rs` (the branch's bundle), `replica.rs` (a branch's records at the city bureau),
//! `city.rs` (registering branches, importing, the side-by-side status), `template.rs` (the way
//! back: the city bureau's template bundle and its import at a branch).

pub mod city;
pub mod export;
pub mod keys;
pub mod model;
pub mod replica;
pub mod summary;
pub mod tables;
pub mod template;

pub use export::ExportRequest;
pub use keys::Role;
