//! The fuzz targets on stable: every committed seed and every regression input through its
//! target, and property tests over the same functions (arbitrary bytes, mutated seeds, inputs
//! built from each parser's vocabulary). Sized to run in well under a minute in a debug build.

mod corpora;
mod known;
mod props;
