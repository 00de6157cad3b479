//! `ledger-bundle`: the signed bundle file that carries a branch office's data on a USB stick to
//! the city bureau, and a city's template back to its branches.
//!
//! A bundle is a zip file holding `manifest.json` (what the bundle is, who made it, and the size
//! and SHA-256 of every other entry), `manifest.json.minisig` (a minisign signature of exactly
//! the bytes of `manifest.json`) and the entries the manifest lists. Anyone can check the
//! manifest with the standard `minisign` CLI; [`verify`] checks everything. The format is
//! documented for other programs in `FORMAT.md` beside this crate.
//!
//! - [`KeyPair`], [`PublicKey`]: Ed25519 keys in the minisign formats.
//! - [`BundleBuilder`]: entries + [`ManifestHeader`] + key → [`Built`] zip bytes, or the zip
//!   written into a file ([`Written`]).
//! - [`verify`], [`verify_file`]: the one verification, with [`Limits`] and [`Trust`];
//!   [`verify_file_keeping`] keeps only the entries asked for, [`copy_entry`] reads another from
//!   the file again, checked.
//! - [`write_bundle`], [`write_bundle_from`]: atomic, read-back checked write to a USB stick, of
//!   bytes or of a bundle built straight into the temporary file.
//! - [`bundle_file_name`]: the file name on the stick.
//! - [`BundleError`]: Chinese messages, stable codes.

#![warn(missing_docs)]

mod error;
mod keys;
mod manifest;
mod name;
mod usb;
mod verify;
mod writer;
mod zipdir;

pub use error::BundleError;
pub use keys::{public_key_path, KeyPair, PublicKey};
pub use manifest::{BundleKind, EntryInfo, Manifest, ManifestHeader, Previous, Source, SourceRole, TableCount};
pub use name::{bundle_file_name, safe_file_stem};
pub use usb::{write_bundle, write_bundle_from, Progress, Saved, Stage, CHUNK_SIZE};
pub use verify::{copy_entry, verify, verify_file, verify_file_keeping, Limits, Trust, Verified, RATIO_CHECK_MIN_SIZE};
pub use writer::{Built, BundleBuilder, Scratch, Written};

/// Value of the manifest's `format` field.
pub const FORMAT: &str = "branch-ledger-bundle";
/// Version of the format this crate writes; it reads versions up to this one.
pub const FORMAT_VERSION: u32 = 1;
/// Name of the signed manifest entry.
pub const MANIFEST: &str = "manifest.json";
/// Name of the manifest's minisign signature entry.
pub const SIGNATURE: &str = "manifest.json.minisig";

/// SHA-256 of `data`, lowercase hex (the form used throughout the manifest).
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

/// Which side of [`copy_hashed`] failed.
pub(crate) enum CopyFailed {
    Reading(std::io::Error),
    Writing(std::io::Error),
}

impl CopyFailed {
    /// The error, whichever side it came from (for a copy into `std::io::sink()`, which cannot
    /// fail).
    pub(crate) fn into_io(self) -> std::io::Error {
        match self {
            CopyFailed::Reading(e) | CopyFailed::Writing(e) => e,
        }
    }
}

/// Copy `from` into `to` (`std::io::sink()` to only hash it), a MiB at a time: the length and
/// SHA-256 (lowercase hex) of what was copied.
pub(crate) fn copy_hashed(
    from: &mut (impl std::io::Read + ?Sized),
    to: &mut (impl std::io::Write + ?Sized),
) -> Result<(u64, String), CopyFailed> {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut copied = 0u64;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(CopyFailed::Reading(e)),
        };
        hasher.update(&buf[..n]);
        to.write_all(&buf[..n]).map_err(CopyFailed::Writing)?;
        copied += n as u64;
    }
    Ok((copied, hex::encode(hasher.finalize())))
}
