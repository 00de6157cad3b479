//! Bundles on the command line, as a branch clerk and a city reviewer run them: `key show`,
//! `export`, `verify` (exit 0 or 1 with the reason), Debian's `minisign` checking the manifest
//! with the branch's public key and nothing of ours, `city init|register|import|status|summary`,
//! a refused import that exits 1 and leaves the city database byte-for-byte as it was, and the
//! template bundle back to the branch.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// A demo branch (small) in its own folder.
fn demo() -> Env {
    let env = fresh();
    ok(&env.db, &["demo", "--scale", "small", "--seed", "5"]);
    env
}

fn export(env: &Env, out: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["export", "--out", out.to_str().unwrap(), "--builtin-fonts"];
    args.extend_from_slice(extra);
    let printed = ok(&env.db, &args);
    let path = PathBuf::from(printed.trim());
    assert!(path.is_file(), "export printed {printed:?}");
    path
}

fn city() -> Env {
    let env = fresh();
    let said = ok(&env.db, &["city", "init", "--name", "枣庄市生态环境局"]);
    assert!(said.contains("市局密钥指纹"), "{said}");
    env
}

fn entry(zip: &Path, name: &str) -> Vec<u8> {
    let mut a = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    let mut e = a.by_name(name).unwrap();
    let mut out = Vec::new();
    e.read_to_end(&mut out).unwrap();
    out
}

#[test]
fn the_standard_minisign_tool_checks_a_bundle_with_the_branch_key_alone() {
    let b = demo();
    let stick = tempfile::tempdir().unwrap();
    let bundle = export(&b, stick.path(), &[]);
    let check = tempfile::tempdir().unwrap();
    std::fs::write(check.path().join("manifest.json"), entry(&bundle, "manifest.json")).unwrap();
    std::fs::write(check.path().join("manifest.json.minisig"), entry(&bundle, "manifest.json.minisig")).unwrap();
    std::fs::write(check.path().join("branch.pub"), ok(&b.db, &["key", "show", "--public-key"])).unwrap();
    let run = || {
        Command::new("minisign")
            .current_dir(check.path())
            .args(["-V", "-m", "manifest.json", "-p", "branch.pub"])
            .output()
            .expect("the minisign tool is missing: apt-get install minisign (make test installs it)")
    };
    let out = run();
    assert!(out.status.success(), "minisign refused a good manifest: {}", String::from_utf8_lossy(&out.stderr));
    // One changed byte and the standard tool refuses it too.
    let mut m = std::fs::read(check.path().join("manifest.json")).unwrap();
    let mid = m.len() / 2;
    m[mid] ^= 1;
    std::fs::write(check.path().join("manifest.json"), m).unwrap();
    assert!(!run().status.success());
}

#[test]
fn a_branch_exports_and_the_city_bureau_verifies_registers_imports_and_compares() {
    let b = demo();
    let key = ok(&b.db, &["key", "show"]);
    let fingerprint = json(&b.db, &["key", "show", "--json"])["fingerprint"].as_str().unwrap().to_string();
    assert!(key.contains(&fingerprint));
    let stick = tempfile::tempdir().unwrap();
    assert!(ok(&b.db, &["exports"]).contains("还没有导出过数据包"));
    let first = export(&b, stick.path(), &[]);
    assert!(first.file_name().unwrap().to_string_lossy().ends_with("-0001.zip"));
    let exports = json(&b.db, &["exports", "--json"]);
    assert_eq!(exports[0]["sequence"], 1);
    assert_eq!(exports[0]["path"], first.to_str().unwrap());
    assert_eq!(exports[0]["size"], std::fs::metadata(&first).unwrap().len());
    let listed = ok(&b.db, &["exports"]);
    assert!(listed.contains("第 1 号完整数据包") && listed.contains("共 1 个数据包"), "{listed}");

    let v = json(&b.db, &["verify", first.to_str().unwrap(), "--json"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["bundle"]["kind"], "full");
    assert_eq!(v["bundle"]["fingerprint"], fingerprint.as_str());
    let said = ok(&b.db, &["verify", first.to_str().unwrap()]);
    assert!(said.contains("校验通过") && said.contains("重点任务（tasks）"), "{said}");

    let c = city();
    // Not registered: refused, exit 1, nothing changed.
    let before = std::fs::read(&c.db).unwrap();
    let (code, err) = fail(&c.db, &["city", "import", first.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("尚未登记") && err.contains(&fingerprint), "{err}");
    assert_eq!(std::fs::read(&c.db).unwrap(), before);

    let reg = json(&c.db, &["city", "register", first.to_str().unwrap(), "--json"]);
    assert_eq!(reg[0]["registered"], true);
    // The clerk works on; the next bundle is incremental.
    ok(&b.db, &["staff", "add", "--name", "新同事", "--post", "一线执法", "--establishment", "在编"]);
    let second = export(&b, stick.path(), &[]);
    let out = json(&c.db, &["city", "import", first.to_str().unwrap(), second.to_str().unwrap(), "--json"]);
    assert_eq!(out[0]["applied"], false, "the first bundle again changes nothing");
    assert_eq!(out[1]["applied"], true);
    assert_eq!(out[1]["kind_label"], "增量");

    let status = json(&c.db, &["city", "status", "--json"]);
    let row = &status[0];
    assert_eq!(row["fingerprint"], fingerprint.as_str());
    assert_eq!(row["last_sequence"], 2);
    for field in ["total_score", "grade", "tasks_overdue", "staff_figures_pass", "equipment_gaps", "last_import_at"] {
        assert!(!row[field].is_null(), "{field} missing: {row}");
    }
    let refreshed = json(&c.db, &["city", "status", "--refresh", "--json"]);
    assert_eq!(refreshed[0]["total_score"], row["total_score"], "recomputed today from the same records");
    let text = ok(&c.db, &["city", "status"]);
    assert!(text.contains("逾期任务") && text.contains("装备缺口"), "{text}");

    for out in ["summary.pdf", "summary.xlsx"] {
        let path = c.path(out);
        let said = ok(&c.db, &["city", "summary", "--out", path.to_str().unwrap(), "--builtin-fonts"]);
        assert!(said.contains("已生成"), "{said}");
        assert!(std::fs::metadata(&path).unwrap().len() > 1000);
    }
}

#[test]
fn a_bad_bundle_is_refused_with_its_reason_and_exit_status_1() {
    let b = demo();
    let stick = tempfile::tempdir().unwrap();
    let good = export(&b, stick.path(), &[]);
    let c = city();
    ok(&c.db, &["city", "register", good.to_str().unwrap()]);

    let bytes = std::fs::read(&good).unwrap();
    let truncated = c.path("truncated.zip");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let (code, err) = fail(&b.db, &["verify", truncated.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("不完整"), "{err}");
    let (code, out) = {
        let o = ctl(&b.db).args(["verify", truncated.to_str().unwrap(), "--json"]).output().unwrap();
        (o.status.code().unwrap(), String::from_utf8(o.stdout).unwrap())
    };
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"], false);
    assert!(v["error"]["code"].as_str().unwrap().starts_with("E_BUNDLE"), "{v}");

    let before = std::fs::read(&c.db).unwrap();
    let (code, err) = fail(&c.db, &["city", "import", truncated.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("truncated.zip"), "{err}");
    assert_eq!(std::fs::read(&c.db).unwrap(), before);
}

#[test]
fn the_city_template_goes_back_to_a_branch_with_a_preview() {
    let c = city();
    let stick = tempfile::tempdir().unwrap();
    let kinds = c.path("kinds.toml");
    std::fs::write(&kinds, "kinds = [\"无人机巡查培训\"]\n").unwrap();
    let printed = ok(
        &c.db,
        &[
            "city",
            "export-template",
            "--out",
            stick.path().to_str().unwrap(),
            "--training-kinds",
            kinds.to_str().unwrap(),
        ],
    );
    let bundle = PathBuf::from(printed.trim());
    assert!(bundle.is_file());

    let b = initialised();
    let (code, err) = fail(&b.db, &["import-template", bundle.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(err.contains("市局公钥"), "{err}");
    let city_pub = c.path("city.pub");
    std::fs::write(&city_pub, ok(&c.db, &["key", "show", "--public-key"])).unwrap();
    ok(&b.db, &["city-key", "set", city_pub.to_str().unwrap()]);
    let before = dump(&b.db);
    let preview = ok(&b.db, &["import-template", bundle.to_str().unwrap(), "--dry-run"]);
    assert!(preview.contains("新增 1 类") && preview.contains("预览"), "{preview}");
    assert_eq!(dump(&b.db), before, "the preview wrote");
    let done = json(&b.db, &["import-template", bundle.to_str().unwrap(), "--json"]);
    assert_eq!(done["applied"], true);
    let kinds = ok(&b.db, &["training", "kinds"]);
    assert!(kinds.contains("无人机巡查培训"), "{kinds}");
}
