//! Bundles end to end: a demo branch exported and imported at a city bureau with every record
//! compared; incremental bundles in order and out of order, with tombstones; the same bundle
//! twice; a lost bundle shown as a gap; every refusal (a foreign key, a changed entry or manifest,
//! a missing signature, entries not listed or missing, `..`, absolute and link names, a zip bomb,
//! a newer format, a truncated file, not a zip) leaving the city bureau's files exactly as they
//! were; and the city bureau's template bundle reaching a branch that pinned its key. The
//! container's other refusals (duplicate names, size limits) are tested in ledger-bundle.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;
use ledger_core::bundles::tables::{for_each_row, TABLES};
use ledger_core::bundles::template::TemplateFiles;
use ledger_core::bundles::ExportRequest;
use ledger_core::demo::Scale;
use ledger_core::people::StaffInput;
use ledger_core::tasks::TaskQuery;
use ledger_core::Ledger;
use sha2::{Digest, Sha256};
use tempfile::TempDir;

/// A demo branch with an evidence file attached to a task.
fn demo_branch() -> Env {
    let mut env = empty();
    env.ledger.generate_demo(Scale::Small, 7).expect("demo");
    let task = first_task(&env.ledger);
    let file = env.path("检查记录.txt");
    std::fs::write(&file, "现场检查记录：某企业废水排放口").unwrap();
    env.ledger.attach_evidence("task", &task.id, &file).expect("attach");
    env
}

fn first_task(l: &Ledger) -> ledger_core::tasks::Task {
    l.list_tasks(&TaskQuery { limit: Some(1), ..TaskQuery::default() }).unwrap().items.remove(0)
}

/// A city bureau's database in its own folder.
fn city() -> (TempDir, Ledger) {
    let dir = tempfile::tempdir().unwrap();
    let mut l = Ledger::open(dir.path().join("city.sqlite3")).unwrap();
    l.set_actor("市局审核员");
    l.init_city("枣庄市生态环境局").unwrap();
    (dir, l)
}

fn export(l: &mut Ledger, out: &Path, full: bool) -> PathBuf {
    let req = ExportRequest {
        dir: out.to_path_buf(),
        full,
        report: Some(("自评报告-2024.pdf".into(), b"%PDF-1.7 test".to_vec())),
    };
    let rec = l.export_bundle(&req, &mut |_| {}).expect("export");
    PathBuf::from(rec.path)
}

/// Every row of every table a bundle carries, by table, as JSON text.
fn dump(l: &Ledger) -> BTreeMap<&'static str, Vec<String>> {
    TABLES
        .iter()
        .map(|t| {
            let mut rows = Vec::new();
            for_each_row(l.conn(), t, |r| {
                rows.push(serde_json::to_string(&r).unwrap());
                Ok(())
            })
            .unwrap();
            (t.name, rows)
        })
        .collect()
}

fn assert_same(branch: &Ledger, replica: &Ledger) {
    let (a, b) = (dump(branch), dump(replica));
    for t in TABLES {
        assert_eq!(a[t.name].len(), b[t.name].len(), "row count of {}", t.name);
        assert_eq!(a[t.name], b[t.name], "rows of {}", t.name);
    }
}

/// A digest of every file under `dir` (names and bytes), the SQLite shared-memory index aside.
fn digest(dir: &Path) -> String {
    let mut h = Sha256::new();
    let mut stack = vec![dir.to_path_buf()];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.to_string_lossy().ends_with("-shm") {
                files.push(p);
            }
        }
    }
    files.sort();
    for f in files {
        h.update(f.to_string_lossy().as_bytes());
        h.update(std::fs::read(&f).unwrap());
    }
    hex::encode(h.finalize())
}

#[test]
fn a_demo_branch_arrives_at_the_city_bureau_record_for_record() {
    let mut b = demo_branch();
    let stick = tempfile::tempdir().unwrap();
    let file = export(&mut b.ledger, stick.path(), false);
    let name = file.file_name().unwrap().to_string_lossy().into_owned();
    let branch_name = b.ledger.require_branch().unwrap().name;
    assert!(name.starts_with(&format!("{branch_name}-")) && name.ends_with("-0001.zip"), "{name}");
    // Nothing else on the stick: no temporary file left behind.
    assert_eq!(std::fs::read_dir(stick.path()).unwrap().count(), 1);

    let (cdir, mut c) = city();
    let report = c.verify_bundle(&file).unwrap();
    assert_eq!(report.kind, "full");
    assert_eq!(report.fingerprint, b.ledger.key_info().unwrap().fingerprint);
    assert!(report.key_status.contains("尚未登记"), "{}", report.key_status);

    // Unknown branch: refused until the reviewer registers it.
    let before = digest(cdir.path());
    let err = c.city_import(std::slice::from_ref(&file), false).unwrap_err();
    assert!(err.to_string().contains("尚未登记"), "{err}");
    assert_eq!(digest(cdir.path()), before, "a refused import changed the city bureau's files");

    let out = c.city_import(std::slice::from_ref(&file), true).unwrap();
    assert!(out[0].applied && out[0].registered);
    let branch_id = b.ledger.require_branch().unwrap().id;
    let replica = c.open_branch(&branch_id).unwrap();
    assert_same(&b.ledger, &replica);
    // The evidence file came too, byte for byte.
    let ev = b.ledger.evidence_of("task", &first_task(&b.ledger).id).unwrap().remove(0);
    assert_eq!(
        std::fs::read(replica.evidence_path(&ev.sha256)).unwrap(),
        std::fs::read(b.ledger.evidence_path(&ev.sha256)).unwrap()
    );
    // The replica is read-only.
    let mut replica = replica;
    let err = replica.create_staff(&StaffInput { name: "不该写入".into(), ..StaffInput::default() }).unwrap_err();
    assert!(err.to_string().contains("只读"), "{err}");

    // The side-by-side view computes what the branch itself computes.
    let status = c.city_status().unwrap();
    assert_eq!(status.len(), 1);
    let mine = ledger_core::bundles::city::branch_figures(&b.ledger).unwrap();
    assert_eq!(status[0].figures.as_ref().unwrap(), &mine);
    assert_eq!(status[0].last_sequence, Some(1));
    // Recomputed for today from the replica: what the branch computes today.
    c.conn().execute("UPDATE city_branches SET status = json_set(status, '$.tasks_overdue', 1000)", []).unwrap();
    assert_eq!(c.city_status().unwrap()[0].figures.as_ref().unwrap().tasks_overdue, 1000);
    let refreshed = c.city_refresh().unwrap();
    assert_eq!(refreshed[0].figures.as_ref().unwrap(), &mine);

    // The same bundle twice changes nothing.
    let before = digest(cdir.path());
    let again = c.city_import(&[file], false).unwrap();
    assert!(!again[0].applied);
    assert_eq!(digest(cdir.path()), before);
}

/// Changes of every kind: an update, a soft delete, a hard delete (a cleared assessment item),
/// a new record.
fn change_things(l: &mut Ledger, name: &str) {
    let t = first_task(l);
    let mut input = ledger_core::tasks::TaskInput { detail: format!("{}（已调整）", t.detail), ..task_input(&t) };
    input.year = t.year;
    l.update_task(&t.id, t.revision, &input).unwrap();
    let second =
        l.list_tasks(&TaskQuery { offset: 1, limit: Some(1), ..TaskQuery::default() }).unwrap().items.remove(0);
    l.delete_task(&second.id, second.revision).unwrap();
    l.create_staff(&StaffInput { name: name.into(), ..StaffInput::default() }).unwrap();
    let year: i32 = l.conn().query_row("SELECT MAX(year) FROM assessments", [], |r| r.get(0)).unwrap();
    let a = l.current_assessment(year).unwrap();
    let scored: Option<(String, String)> = l
        .conn()
        .query_row(
            "SELECT assessment_id, item_id FROM assessment_scores WHERE assessment_id = ?1 LIMIT 1",
            [&a.assessment.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok();
    if let Some((id, item)) = scored {
        l.clear_item(&id, &item).unwrap();
    }
}

fn task_input(t: &ledger_core::tasks::Task) -> ledger_core::tasks::TaskInput {
    ledger_core::tasks::TaskInput {
        year: t.year,
        seq: Some(t.seq),
        unit_id: Some(t.unit_id.clone()),
        category: t.category.clone(),
        main_task: t.main_task.clone(),
        detail: t.detail.clone(),
        lead_units: t.lead_units.clone(),
        responsible_units: t.responsible_units.clone(),
        deadline_text: t.deadline_text.clone(),
        status: Some(t.status),
    }
}

#[test]
fn incremental_bundles_give_the_same_branch_in_any_order_and_a_lost_one_shows_as_a_gap() {
    let mut b = demo_branch();
    let stick = tempfile::tempdir().unwrap();
    let first = export(&mut b.ledger, stick.path(), false);
    change_things(&mut b.ledger, "新来的甲");
    let second = export(&mut b.ledger, stick.path(), false);
    change_things(&mut b.ledger, "新来的乙");
    let third = export(&mut b.ledger, stick.path(), false);
    let v2 = b.ledger.verify_bundle(&second).unwrap();
    assert_eq!(v2.kind, "incremental");
    assert_eq!(v2.previous_sequence, Some(1));
    assert!(v2.tables.iter().any(|t| t.table == "assessment_scores" && t.deleted > 0), "{:?}", v2.tables);
    let branch_id = b.ledger.require_branch().unwrap().id;

    // In order.
    let (_d1, mut c1) = city();
    c1.city_import(std::slice::from_ref(&first), true).unwrap();
    c1.city_import(&[second.clone(), third.clone()], false).unwrap();
    assert_same(&b.ledger, &c1.open_branch(&branch_id).unwrap());

    // Out of order, and with the gap visible until the lost bundle arrives.
    let (_d2, mut c2) = city();
    c2.city_import(&[first], true).unwrap();
    let out = c2.city_import(&[third], false).unwrap();
    assert_eq!(out[0].missing, vec![2]);
    assert_eq!(c2.city_status().unwrap()[0].missing, vec![2]);
    c2.city_import(&[second], false).unwrap();
    assert!(c2.city_status().unwrap()[0].missing.is_empty());
    assert_same(&b.ledger, &c2.open_branch(&branch_id).unwrap());

    // A full bundle after all that removes nothing newer and leaves the same branch.
    let full = export(&mut b.ledger, stick.path(), true);
    assert_eq!(c2.verify_bundle(&full).unwrap().kind, "full");
    c2.city_import(&[full], false).unwrap();
    assert_same(&b.ledger, &c2.open_branch(&branch_id).unwrap());
}

/// Rewrite the zip at `src` into `dst`, changing one entry's bytes with `f` (the manifest kept).
fn tamper(src: &Path, dst: &Path, entry_prefix: &str) {
    use std::io::{Read, Write};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(src).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    let mut done = false;
    for i in 0..zin.len() {
        let mut e = zin.by_index(i).unwrap();
        let name = e.name().unwrap().to_string();
        let mut bytes = Vec::new();
        e.read_to_end(&mut bytes).unwrap();
        if !done && name.starts_with(entry_prefix) && !bytes.is_empty() {
            // The middle of manifest.json is inside a hash string: still JSON, no longer signed.
            let mid = bytes.len() / 2;
            bytes[mid] ^= 0x01;
            done = true;
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
    assert!(done, "no entry {entry_prefix}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// A zip's entries: names and bytes, in order.
type Entries = Vec<(String, Vec<u8>)>;

/// The entries of a bundle, in order.
fn entries(zip_path: &Path) -> Entries {
    use std::io::Read;
    let mut zin = zip::ZipArchive::new(std::fs::File::open(zip_path).unwrap()).unwrap();
    (0..zin.len())
        .map(|i| {
            let mut e = zin.by_index(i).unwrap();
            let mut bytes = Vec::new();
            e.read_to_end(&mut bytes).unwrap();
            (e.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Write `entries` as a zip at `dst`; `link` adds a symbolic link entry.
fn write_zip(dst: &Path, entries: &[(String, Vec<u8>)], link: Option<(&str, &str)>) {
    use std::io::Write;
    let mut zout = zip::ZipWriter::new(std::fs::File::create(dst).unwrap());
    for (name, bytes) in entries {
        zout.start_file(name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        zout.write_all(bytes).unwrap();
    }
    if let Some((name, target)) = link {
        zout.add_symlink(name, target, zip::write::SimpleFileOptions::default()).unwrap();
    }
    zout.finish().unwrap();
}

#[test]
fn every_refused_bundle_leaves_the_city_bureau_exactly_as_it_was() {
    let mut b = demo_branch();
    let stick = tempfile::tempdir().unwrap();
    let good = export(&mut b.ledger, stick.path(), false);
    let (cdir, mut c) = city();
    c.city_import(std::slice::from_ref(&good), true).unwrap();
    let work = tempfile::tempdir().unwrap();

    // Another database claiming to be the same branch, with a key of its own.
    let impostor_dir = tempfile::tempdir().unwrap();
    let impostor_db = impostor_dir.path().join("ledger.sqlite3");
    b.ledger.backup_to(&impostor_db).unwrap();
    copy_dir(&b.dir.path().join("evidence"), &impostor_dir.path().join("evidence"));
    {
        let conn = rusqlite::Connection::open(&impostor_db).unwrap();
        conn.execute("DELETE FROM settings WHERE key = 'bundle_public_key'", []).unwrap();
        conn.execute("DELETE FROM bundle_exports", []).unwrap();
    }
    let mut impostor = Ledger::open(&impostor_db).unwrap();
    let foreign = export(&mut impostor, work.path(), true);

    let changed_entry = work.path().join("changed.zip");
    tamper(&good, &changed_entry, "data/tasks");
    let changed_manifest = work.path().join("manifest.zip");
    tamper(&good, &changed_manifest, "manifest.json");
    let truncated = work.path().join("truncated.zip");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let not_zip = work.path().join("not.zip");
    std::fs::write(&not_zip, "这不是数据包").unwrap();

    // The container's refusals, each crafted from the good bundle.
    let good_entries = entries(&good);
    let crafted = |name: &str, f: &dyn Fn(&mut Entries), link: Option<(&str, &str)>| -> PathBuf {
        let mut e = good_entries.clone();
        f(&mut e);
        let path = work.path().join(name);
        write_zip(&path, &e, link);
        path
    };
    let no_signature = crafted("no-signature.zip", &|e| e.retain(|(n, _)| n != "manifest.json.minisig"), None);
    let unlisted = crafted("unlisted.zip", &|e| e.push(("data/extra.jsonl".into(), b"{}\n".to_vec())), None);
    let missing = crafted("missing.zip", &|e| e.retain(|(n, _)| !n.starts_with("data/tasks")), None);
    let dotdot = crafted("dotdot.zip", &|e| e.push(("../evil.txt".into(), b"x".to_vec())), None);
    let absolute = crafted("absolute.zip", &|e| e.push(("/etc/evil.txt".into(), b"x".to_vec())), None);
    let link = crafted("link.zip", &|_| {}, Some(("evidence/link", "/etc/passwd")));
    let bomb = crafted("bomb.zip", &|e| e.push(("data/bomb.jsonl".into(), vec![b' '; 64 << 20])), None);
    // A newer format, correctly signed by the branch's own key.
    let key = b.ledger.signing_key().unwrap();
    let newer = crafted(
        "newer.zip",
        &|e| {
            let m = e.iter_mut().find(|(n, _)| n == "manifest.json").unwrap();
            let mut v: serde_json::Value = serde_json::from_slice(&m.1).unwrap();
            v["format_version"] = serde_json::json!(2);
            m.1 = serde_json::to_vec_pretty(&v).unwrap();
            let sig = key.sign(&m.1, "newer").unwrap();
            e.iter_mut().find(|(n, _)| n == "manifest.json.minisig").unwrap().1 = sig.into_bytes();
        },
        None,
    );

    let cases: [(&Path, &str); 13] = [
        (&no_signature, "签名"),
        (&unlisted, "data/extra.jsonl"),
        (&missing, "data/tasks"),
        (&dotdot, ".."),
        (&absolute, "/etc/evil.txt"),
        (&link, "链接"),
        (&bomb, "压缩"),
        (&newer, "格式版本为 2"),
        (&foreign, "另一把密钥"),
        (&changed_entry, "改动"),
        (&changed_manifest, "签名"),
        (&truncated, "不完整"),
        (&not_zip, "不完整"),
    ];
    for (file, expect) in cases {
        let before = digest(cdir.path());
        let err = c.city_import(&[file.to_path_buf()], false).unwrap_err().to_string();
        assert!(err.contains(expect), "{}: {err}", file.display());
        assert!(err.contains(&file.display().to_string()), "the message names the file: {err}");
        assert_eq!(digest(cdir.path()), before, "{} changed the city bureau's files", file.display());
        assert!(c.verify_bundle(file).is_err());
    }
    // One bad file among good ones: nothing is imported.
    change_things(&mut b.ledger, "新来的丙");
    let next = export(&mut b.ledger, stick.path(), false);
    let before = digest(cdir.path());
    assert!(c.city_import(&[next.clone(), changed_entry.clone()], false).is_err());
    assert_eq!(digest(cdir.path()), before);
    c.city_import(&[next], false).unwrap();
}

#[test]
fn the_city_template_reaches_a_branch_that_pinned_the_city_key() {
    let (cdir, mut c) = city();
    let src = cdir.path().join("src");
    std::fs::create_dir(&src).unwrap();
    let tasks = src.join("tasks.toml");
    std::fs::write(&tasks, ledger_core::tasks::template::BUILTIN.replace("year = 2024", "year = 2031")).unwrap();
    let kinds = src.join("kinds.toml");
    std::fs::write(&kinds, "kinds = [\"全员轮训\", \"无人机巡查培训\"]\n").unwrap();
    let stick = tempfile::tempdir().unwrap();
    let files = TemplateFiles { tasks: Some(tasks), training_kinds: Some(kinds), ..TemplateFiles::default() };
    let rec = c.export_template(&files, stick.path(), &mut |_| {}).unwrap();
    let file = PathBuf::from(&rec.path);

    let mut b = branch();
    // Not pinned yet: refused.
    let err = b.ledger.preview_template(&file).unwrap_err().to_string();
    assert!(err.contains("市局公钥"), "{err}");
    // Pinned to another key: refused.
    let (_o, other) = city();
    b.ledger.pin_city_key(&other.key_info().unwrap().public_key_file).unwrap();
    let err = b.ledger.preview_template(&file).unwrap_err().to_string();
    assert!(err.contains(&other.key_info().unwrap().fingerprint) && err.contains("密钥"), "{err}");

    b.ledger.pin_city_key(&c.key_info().unwrap().public_key_file).unwrap();
    let preview = b.ledger.preview_template(&file).unwrap();
    assert!(!preview.applied);
    assert!(preview.parts[0].summary.contains("新建 2031 年度台账 29 项任务"), "{:?}", preview.parts);
    assert_eq!(preview.parts[1].details, vec!["无人机巡查培训".to_string()]);
    let n = b.ledger.list_tasks(&TaskQuery { year: Some(2031), ..TaskQuery::default() }).unwrap().total;
    assert_eq!(n, 0, "the preview wrote");

    let done = b.ledger.import_template(&file).unwrap();
    assert!(done.applied);
    let n = b.ledger.list_tasks(&TaskQuery { year: Some(2031), ..TaskQuery::default() }).unwrap().total;
    assert_eq!(n, 29);
    assert!(b.ledger.training_kinds().unwrap().iter().any(|k| k.name == "无人机巡查培训"));
    // A second import changes nothing and says so.
    let again = b.ledger.preview_template(&file).unwrap();
    assert!(again.parts.iter().all(|p| !p.changes), "{:?}", again.parts);
}

#[test]
fn a_lost_evidence_file_stops_the_export_and_leaves_nothing_on_the_stick() {
    let mut b = demo_branch();
    let ev = b.ledger.evidence_of("task", &first_task(&b.ledger).id).unwrap().remove(0);
    std::fs::remove_file(b.ledger.evidence_path(&ev.sha256)).unwrap();
    let stick = tempfile::tempdir().unwrap();
    let req = ExportRequest { dir: stick.path().to_path_buf(), full: true, report: None };
    let err = b.ledger.export_bundle(&req, &mut |_| {}).unwrap_err();
    assert_eq!(err.code(), "E_FILE", "{err}");
    let text = err.to_string();
    assert!(text.contains(&ev.sha256) && text.contains("佐证文件无法放入数据包（文件不存在），数据包未导出"), "{text}");
    assert_eq!(std::fs::read_dir(stick.path()).unwrap().count(), 0, "a file was left on the stick");
    assert!(b.ledger.exports().unwrap().is_empty(), "the failed export was recorded");
}
