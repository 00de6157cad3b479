//! Evidence attachments (佐证材料): stored once by SHA-256 beside the database, checked on
//! every read, unlinked by tombstone.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use ledger_core::store::evidence::MAX_EVIDENCE_BYTES;
use ledger_core::tasks::Task;
use sha2::{Digest, Sha256};

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Every file under `dir`, recursively, relative to it.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                out.extend(files(&p).into_iter().map(|f| p.strip_prefix(dir).unwrap().join(f)));
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn with_task() -> (Env, Task) {
    let mut env = branch();
    let t = env.ledger.create_task(&input("落实全过程记录制度", "长期坚持")).unwrap();
    (env, t)
}

#[test]
fn an_attachment_is_stored_under_its_sha256() {
    let (mut env, t) = with_task();
    let content = "执法记录仪使用登记表（扫描件）".repeat(100).into_bytes();
    let src = env.path("登记表.pdf");
    std::fs::write(&src, &content).unwrap();
    let ev = env.ledger.attach_evidence("task", &t.id, &src).unwrap();
    let hash = sha(&content);
    assert_eq!(ev.sha256, hash);
    assert_eq!(ev.size, content.len() as i64);
    assert_eq!(ev.file_name, "登记表.pdf");
    assert_eq!(ev.mime, "application/pdf");
    assert_eq!((ev.entity.as_str(), ev.entity_id.as_str()), ("task", t.id.as_str()));

    let stored = env.ledger.data_dir().join("evidence").join(&hash[..2]).join(&hash);
    assert_eq!(env.ledger.evidence_path(&hash), stored);
    assert_eq!(std::fs::read(&stored).unwrap(), content);
    assert_eq!(files(&env.ledger.data_dir().join("evidence")), vec![PathBuf::from(&hash[..2]).join(&hash)]);
    assert!(src.exists(), "the clerk's own file is left alone");

    let (back, bytes) = env.ledger.read_evidence(&ev.id).unwrap();
    assert_eq!((back, bytes), (ev.clone(), content));
    let d = env.ledger.task_detail(&t.id).unwrap();
    assert_eq!(d.evidence, vec![ev]);
    assert_eq!(d.task.evidence_count, 1);
}

#[test]
fn the_same_content_twice_is_stored_once() {
    let (mut env, t) = with_task();
    let other = env.ledger.create_task(&input("统一执法人员着装", "长期坚持")).unwrap();
    let content = b"\x89PNG\r\n\x1a\n same photo".to_vec();
    let a = env.path("现场照片.png");
    let b = env.path("现场照片（副本）.png");
    std::fs::write(&a, &content).unwrap();
    std::fs::write(&b, &content).unwrap();
    let e1 = env.ledger.attach_evidence("task", &t.id, &a).unwrap();
    let e2 = env.ledger.attach_evidence("task", &t.id, &b).unwrap();
    let e3 = env.ledger.attach_evidence("task", &other.id, &a).unwrap();
    assert_ne!(e1.id, e2.id);
    assert_eq!(e1.sha256, e2.sha256);
    assert_eq!(e3.sha256, e1.sha256);
    assert_eq!(count(env.ledger.conn(), "SELECT count(*) FROM evidence"), 3);
    assert_eq!(count(env.ledger.conn(), "SELECT count(*) FROM evidence_blobs"), 1);
    let blobs = files(&env.ledger.data_dir().join("evidence"));
    assert_eq!(blobs.len(), 1, "one blob and no leftover temporary files: {blobs:?}");
    let names: Vec<String> = env.ledger.evidence_of("task", &t.id).unwrap().into_iter().map(|e| e.file_name).collect();
    assert_eq!(names, vec!["现场照片.png", "现场照片（副本）.png"]);
    assert_eq!(env.ledger.evidence_of("task", &other.id).unwrap().len(), 1);
}

#[test]
fn an_empty_file_is_a_valid_attachment() {
    let (mut env, t) = with_task();
    let src = env.path("空白.txt");
    std::fs::write(&src, b"").unwrap();
    let ev = env.ledger.attach_evidence("task", &t.id, &src).unwrap();
    assert_eq!((ev.size, ev.sha256.as_str()), (0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    assert_eq!(env.ledger.read_evidence(&ev.id).unwrap().1, Vec::<u8>::new());
}

#[test]
fn a_file_over_the_limit_is_refused_and_nothing_is_written() {
    let (mut env, t) = with_task();
    assert_eq!(MAX_EVIDENCE_BYTES, 50 * 1024 * 1024);
    let src = env.path("录像.mp4");
    let f = std::fs::File::create(&src).unwrap();
    f.set_len(MAX_EVIDENCE_BYTES + 1).unwrap(); // sparse: no 50 MB written to disk
    drop(f);
    let before = dump(env.ledger.conn());
    let err = env.ledger.attach_evidence("task", &t.id, &src).unwrap_err();
    assert_eq!(err.code(), "E_FILE");
    assert!(err.to_string().contains("超过附件上限 50 MB"), "{err}");
    assert!(err.to_string().contains("录像.mp4"), "{err}");
    assert_eq!(dump(env.ledger.conn()), before);
    assert!(files(&env.ledger.data_dir().join("evidence")).is_empty());

    // Exactly at the limit is accepted.
    let ok = env.path("刚好.bin");
    let f = std::fs::File::create(&ok).unwrap();
    f.set_len(MAX_EVIDENCE_BYTES).unwrap();
    drop(f);
    let ev = env.ledger.attach_evidence("task", &t.id, &ok).unwrap();
    assert_eq!(ev.size as u64, MAX_EVIDENCE_BYTES);
}

#[test]
fn what_cannot_be_attached() {
    let (mut env, t) = with_task();
    let src = env.path("a.pdf");
    std::fs::write(&src, b"pdf").unwrap();
    let before = dump(env.ledger.conn());
    let err = env.ledger.attach_evidence("equipment_gadget", &t.id, &src).unwrap_err();
    assert_eq!((err.code(), err.to_payload().field.as_deref()), ("E_INVALID", Some("附件所属")));
    assert_eq!(code(env.ledger.attach_evidence("task", "no-such-task", &src)), "E_NOT_FOUND");
    let err = env.ledger.attach_evidence("task", &t.id, env.dir.path()).unwrap_err();
    assert_eq!(err.code(), "E_FILE");
    assert!(err.to_string().contains("不是文件"), "{err}");
    let err = env.ledger.attach_evidence("task", &t.id, &env.path("没有.pdf")).unwrap_err();
    assert_eq!(err.code(), "E_FILE");
    assert!(err.to_string().contains("没有.pdf”：无法读取：文件或文件夹不存在"), "the reason in Chinese: {err}");
    env.ledger.delete_task(&t.id, 1).unwrap();
    let after_delete = dump(env.ledger.conn());
    assert_ne!(after_delete, before);
    assert_eq!(code(env.ledger.attach_evidence("task", &t.id, &src)), "E_NOT_FOUND");
    assert_eq!(dump(env.ledger.conn()), after_delete);
    assert!(files(&env.ledger.data_dir().join("evidence")).is_empty());
}

#[test]
fn a_corrupted_or_missing_blob_is_detected_on_read() {
    let (mut env, t) = with_task();
    let src = env.path("纪要.docx");
    std::fs::write(&src, b"meeting minutes v1").unwrap();
    let ev = env.ledger.attach_evidence("task", &t.id, &src).unwrap();
    let blob = env.ledger.evidence_path(&ev.sha256);

    std::fs::write(&blob, b"meeting minutes v2").unwrap();
    let err = env.ledger.read_evidence(&ev.id).unwrap_err();
    assert_eq!(err.code(), "E_FILE");
    assert!(err.to_string().contains("附件文件已损坏（校验值不符）"), "{err}");

    std::fs::write(&blob, b"meeting minutes v").unwrap(); // truncated
    assert_eq!(code(env.ledger.read_evidence(&ev.id)), "E_FILE");

    std::fs::remove_file(&blob).unwrap();
    let err = env.ledger.read_evidence(&ev.id).unwrap_err();
    assert_eq!(err.code(), "E_FILE");
    assert!(err.to_string().contains("附件文件缺失：文件或文件夹不存在"), "{err}");

    // Attaching the same content again writes the missing blob anew.
    env.ledger.attach_evidence("task", &t.id, &src).unwrap();
    assert_eq!(env.ledger.read_evidence(&ev.id).unwrap().1, b"meeting minutes v1");
}

#[test]
fn attaching_a_good_copy_repairs_a_damaged_blob() {
    let (mut env, t) = with_task();
    let src = env.path("现场照片.png");
    std::fs::write(&src, b"png bytes of the scene").unwrap();
    let ev = env.ledger.attach_evidence("task", &t.id, &src).unwrap();
    std::fs::write(env.ledger.evidence_path(&ev.sha256), b"bit rot").unwrap();
    assert_eq!(code(env.ledger.read_evidence(&ev.id)), "E_FILE");

    env.ledger.attach_evidence("task", &t.id, &src).unwrap();
    assert_eq!(env.ledger.read_evidence(&ev.id).unwrap().1, b"png bytes of the scene");
}

#[test]
fn deleting_an_attachment_leaves_a_tombstone_and_the_blob() {
    let (mut env, t) = with_task();
    let src = env.path("照片.jpg");
    std::fs::write(&src, b"jpeg bytes").unwrap();
    let keep = env.ledger.attach_evidence("task", &t.id, &src).unwrap();
    let gone = env.ledger.attach_evidence("task", &t.id, &src).unwrap();
    env.ledger.delete_evidence(&gone.id).unwrap();

    let (deleted, revision): (i64, i64) = env
        .ledger
        .conn()
        .query_row("SELECT deleted, revision FROM evidence WHERE id = ?1", [&gone.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!((deleted, revision), (1, 2));
    assert_eq!(code(env.ledger.evidence(&gone.id)), "E_NOT_FOUND");
    assert_eq!(code(env.ledger.read_evidence(&gone.id)), "E_NOT_FOUND");
    assert_eq!(code(env.ledger.delete_evidence(&gone.id)), "E_NOT_FOUND");
    assert_eq!(env.ledger.evidence_of("task", &t.id).unwrap(), vec![keep.clone()]);
    assert_eq!(env.ledger.task(&t.id).unwrap().evidence_count, 1);
    assert!(env.ledger.evidence_path(&keep.sha256).is_file(), "the blob stays");
    assert_eq!(env.ledger.read_evidence(&keep.id).unwrap().1, b"jpeg bytes");
}

#[test]
fn mime_types_follow_the_file_name() {
    use ledger_core::store::evidence::mime_of;
    assert_eq!(mime_of("照片.JPG"), "image/jpeg");
    assert_eq!(mime_of("台账.xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(mime_of("公文.ofd"), "application/ofd");
    assert_eq!(mime_of("没有扩展名"), "application/octet-stream");
}
