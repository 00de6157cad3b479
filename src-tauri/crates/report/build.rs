//! The built-in fonts are embedded with `include_bytes!`; they are fetched by `make fonts`
//! (npm, pinned in assets/fonts/package-lock.json) and never committed. Fail early, with the
//! command to run, when they are missing.

use std::path::Path;

const FONTS: [&str; 2] = ["NotoSerifSC-Regular.ttf", "NotoSansSC-Bold.ttf"];

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../assets/fonts");
    for name in FONTS {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        if !path.is_file() {
            panic!(
                "缺少内置字体 {} — 请先在仓库根目录运行 `make fonts` / missing built-in font {}: run `make fonts` in the repository root",
                path.display(),
                name
            );
        }
    }
}
