//! Integration tests of ledger-bundle, in one binary (one link on a 2-core machine).

mod common;
mod fuzz;
mod keys;
mod minisign_cli;
mod refusals;
mod roundtrip;
mod usb;
