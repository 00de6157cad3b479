//! Key files.

use ledger_bundle::*;

#[test]
fn load_or_create_twice_gives_the_same_key_and_writes_the_pub_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys").join("branch.key");
    let first = KeyPair::load_or_create(&path).unwrap();
    let second = KeyPair::load_or_create(&path).unwrap();
    assert_eq!(first.public(), second.public());
    assert_eq!(KeyPair::load(&path).unwrap().public(), first.public());
    let pub_path = public_key_path(&path);
    assert_eq!(pub_path, dir.path().join("keys").join("branch.key.pub"));
    let text = std::fs::read_to_string(&pub_path).unwrap();
    assert_eq!(text, first.public().to_file_text());
    assert!(text.starts_with("untrusted comment: minisign public key "));
    // A key made by one pair does not verify with another.
    let sig = first.sign(b"x", "c").unwrap();
    second.public().verify(b"x", &sig).unwrap();
    assert!(KeyPair::generate().public().verify(b"x", &sig).is_err());
}

#[cfg(unix)]
#[test]
fn secret_key_file_is_0600_in_a_0700_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("new-folder");
    let path = folder.join("branch.key");
    KeyPair::load_or_create(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "secret key mode {mode:o}");
    let mode = std::fs::metadata(&folder).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "folder mode {mode:o}");
    // No temporary file is left beside it.
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    assert_eq!(names, ["branch.key", "branch.key.pub"]);
}

#[test]
fn pub_file_text_round_trips() {
    let key = KeyPair::generate().public();
    let text = key.to_file_text();
    assert_eq!(PublicKey::from_text(&text).unwrap(), key);
    assert_eq!(PublicKey::from_text(&key.to_base64()).unwrap(), key);
    assert_eq!(PublicKey::from_base64(&key.to_base64()).unwrap(), key);
    assert_eq!(text, format!("untrusted comment: minisign public key {}\n{}\n", key.key_id(), key.to_base64()));
    assert!(key.to_base64().starts_with("RW"));
}

#[test]
fn missing_pub_file_is_rewritten_from_the_secret_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("branch.key");
    let pair = KeyPair::load_or_create(&path).unwrap();
    std::fs::remove_file(public_key_path(&path)).unwrap();
    KeyPair::load_or_create(&path).unwrap();
    assert_eq!(std::fs::read_to_string(public_key_path(&path)).unwrap(), pair.public().to_file_text());
}

#[test]
fn unusable_secret_key_files_are_refused_with_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.key");
    std::fs::write(&path, "untrusted comment: x\nAAAA\n").unwrap();
    let err = KeyPair::load_or_create(&path).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_KEY_FILE");
    assert!(err.to_string().contains("broken.key"), "{err}");
    // Not overwritten.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "untrusted comment: x\nAAAA\n");
    let err = KeyPair::load(&dir.path().join("absent.key")).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_KEY_FILE");
}

#[test]
fn password_protected_secret_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.key");
    let pair = minisign::KeyPair::generate_encrypted_keypair(Some("secret".to_string())).unwrap();
    std::fs::write(&path, pair.sk.to_box(None).unwrap().to_string()).unwrap();
    let err = KeyPair::load(&path).unwrap_err();
    assert_eq!(err.code(), "E_BUNDLE_KEY_FILE");
    assert!(err.to_string().contains("口令"), "{err}");
}
