//! Interoperability with Debian's `minisign` CLI: what a city IT person would run.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use ledger_bundle::*;

use crate::common::*;

/// Runs `minisign` with `args` in `dir`; fails the test (never skips) if it is not installed.
fn minisign(dir: &Path, args: &[&str]) -> Output {
    Command::new("minisign").args(args).current_dir(dir).stdin(Stdio::null()).output().unwrap_or_else(|e| {
        panic!("cannot run the minisign CLI ({e}): install minisign (apt-get install minisign; make test does it)")
    })
}

fn manifest_and_signature(bytes: &[u8]) -> (Vec<u8>, Vec<u8>) {
    let entries = unzip(bytes);
    let get = |name: &str| entries.iter().find(|(n, _)| n == name).unwrap().1.clone();
    (get(MANIFEST), get(SIGNATURE))
}

#[test]
fn minisign_cli_verifies_the_manifest_and_rejects_an_edit() {
    let dir = tempfile::tempdir().unwrap();
    let (manifest, signature) = manifest_and_signature(&sample().bytes);
    std::fs::write(dir.path().join("manifest.json"), &manifest).unwrap();
    std::fs::write(dir.path().join("manifest.json.minisig"), &signature).unwrap();
    std::fs::write(dir.path().join("key.pub"), key().public().to_file_text()).unwrap();

    let ok = minisign(dir.path(), &["-Vm", "manifest.json", "-x", "manifest.json.minisig", "-p", "key.pub"]);
    let stderr = String::from_utf8_lossy(&ok.stderr);
    let stdout = String::from_utf8_lossy(&ok.stdout);
    assert!(ok.status.success(), "minisign refused a good signature: {stdout} {stderr}");
    assert!(stdout.contains("source=branch-0371-01"), "trusted comment not shown: {stdout}");
    // Requiring a prehashed signature (-H) and passing the key inline (-P) work too.
    let b64 = key().public().to_base64();
    let ok = minisign(dir.path(), &["-V", "-H", "-m", "manifest.json", "-P", &b64]);
    assert!(ok.status.success(), "{}", String::from_utf8_lossy(&ok.stderr));

    let mut edited = manifest.clone();
    let at = edited.iter().position(|&b| b == b'3').unwrap();
    edited[at] = b'4';
    std::fs::write(dir.path().join("manifest.json"), &edited).unwrap();
    let bad = minisign(dir.path(), &["-Vm", "manifest.json", "-x", "manifest.json.minisig", "-p", "key.pub"]);
    assert!(!bad.status.success(), "minisign accepted an edited manifest");
}

#[test]
fn minisign_cli_rejects_another_key() {
    let dir = tempfile::tempdir().unwrap();
    let (manifest, signature) = manifest_and_signature(&sample().bytes);
    std::fs::write(dir.path().join("manifest.json"), &manifest).unwrap();
    std::fs::write(dir.path().join("manifest.json.minisig"), &signature).unwrap();
    std::fs::write(dir.path().join("other.pub"), KeyPair::generate().public().to_file_text()).unwrap();
    let bad = minisign(dir.path(), &["-Vm", "manifest.json", "-p", "other.pub"]);
    assert!(!bad.status.success());
}

#[test]
fn our_secret_key_file_signs_with_the_cli_and_cli_keys_load_here() {
    let dir = tempfile::tempdir().unwrap();
    // Ours, used by the CLI without a password prompt.
    let ours = KeyPair::load_or_create(&dir.path().join("ours.key")).unwrap();
    std::fs::write(dir.path().join("data.txt"), b"hello").unwrap();
    let signed = minisign(dir.path(), &["-S", "-s", "ours.key", "-m", "data.txt", "-t", "cli"]);
    assert!(signed.status.success(), "{}", String::from_utf8_lossy(&signed.stderr));
    let sig = std::fs::read_to_string(dir.path().join("data.txt.minisig")).unwrap();
    ours.public().verify(b"hello", &sig).unwrap();
    // The .pub file we wrote is what the CLI reads.
    let checked = minisign(dir.path(), &["-Vm", "data.txt", "-p", "ours.key.pub"]);
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));

    // Theirs (unencrypted, -W), loaded and used by us.
    let made = minisign(dir.path(), &["-G", "-W", "-p", "cli.pub", "-s", "cli.key"]);
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let theirs = KeyPair::load(&dir.path().join("cli.key")).unwrap();
    let cli_pub = PublicKey::from_text(&std::fs::read_to_string(dir.path().join("cli.pub")).unwrap()).unwrap();
    assert_eq!(theirs.public(), cli_pub);
    assert_eq!(cli_pub.to_file_text(), std::fs::read_to_string(dir.path().join("cli.pub")).unwrap());
    let sig = theirs.sign(b"hello", "ours").unwrap();
    std::fs::write(dir.path().join("data.txt.minisig"), sig).unwrap();
    let checked = minisign(dir.path(), &["-Vm", "data.txt", "-p", "cli.pub"]);
    assert!(checked.status.success(), "{}", String::from_utf8_lossy(&checked.stderr));
}
