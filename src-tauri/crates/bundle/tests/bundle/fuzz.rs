//! Damaged bundles: verification never panics, and never accepts altered content.

use ledger_bundle::*;
use proptest::prelude::*;

use crate::common::*;

/// A verification's outcome: its error code, or the entries it accepted.
fn code(
    result: Result<std::collections::BTreeMap<String, Vec<u8>>, BundleError>,
) -> Result<std::collections::BTreeMap<String, Vec<u8>>, &'static str> {
    result.map_err(|e| e.code())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Flip or replace 1–8 bytes anywhere. A byte of a header field that carries no content
    /// (a timestamp, say) may go unnoticed; content never may.
    #[test]
    fn damaged_bytes_never_pass_as_different_content(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), any::<bool>()), 1..=8)
    ) {
        let original = sample();
        let mut bytes = original.bytes.clone();
        for (index, value, flip) in &edits {
            let at = index.index(bytes.len());
            bytes[at] = if *flip { bytes[at] ^ value.max(&1) } else { *value };
        }
        for trust in [Trust::Pinned(&key().public()), Trust::Manifest] {
            if let Ok(v) = verify(&bytes, trust, &Limits::default()) {
                prop_assert_eq!(&v.manifest, &original.manifest);
                prop_assert_eq!(&v.manifest_sha256, &original.manifest_sha256);
                prop_assert_eq!(v.into_entries(), sample_entries());
            }
        }
        // The file is read in pieces, not held; it is judged the same as the bytes.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.zip");
        std::fs::write(&path, &bytes).unwrap();
        let in_memory = verify(&bytes, Trust::Manifest, &Limits::default());
        let from_file = verify_file(&path, Trust::Manifest, &Limits::default());
        prop_assert_eq!(code(from_file.map(|v| v.into_entries())), code(in_memory.map(|v| v.into_entries())));
    }

    /// Any truncation is refused.
    #[test]
    fn truncation_is_always_refused(cut in any::<prop::sample::Index>()) {
        let bytes = &sample().bytes;
        let cut = cut.index(bytes.len());
        prop_assert!(verify(&bytes[..cut], Trust::Manifest, &Limits::default()).is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.zip");
        std::fs::write(&path, &bytes[..cut]).unwrap();
        prop_assert!(verify_file(&path, Trust::Manifest, &Limits::default()).is_err());
    }
}
