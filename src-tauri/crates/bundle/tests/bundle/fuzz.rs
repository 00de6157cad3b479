//! Damaged bundles: verification never panics, and never accepts altered content.

use ledger_bundle::*;
use proptest::prelude::*;

use crate::common::*;

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
    }

    /// Any truncation is refused.
    #[test]
    fn truncation_is_always_refused(cut in any::<prop::sample::Index>()) {
        let bytes = &sample().bytes;
        let cut = cut.index(bytes.len());
        prop_assert!(verify(&bytes[..cut], Trust::Manifest, &Limits::default()).is_err());
    }
}
