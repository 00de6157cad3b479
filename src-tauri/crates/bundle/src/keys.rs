//! Signing keys: Ed25519 in the minisign formats, so that Debian's `minisign` CLI reads our
//! public keys and signatures (and our unencrypted secret keys).

use std::fs;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::error::{io_reason, BundleError};

/// Length of a decoded minisign secret key: algorithms (6), KDF salt and limits (48), key id
/// (8), Ed25519 secret key (64), checksum (32).
const SECRET_KEY_BYTES: usize = 158;

/// Untrusted comment of secret key files written by [`KeyPair::load_or_create`].
const SECRET_KEY_COMMENT: &str = "minisign secret key (unencrypted) of Branch Ledger, keep it private";

/// A signing key pair (Ed25519, minisign formats).
#[derive(Clone)]
pub struct KeyPair {
    secret: minisign::SecretKey,
    public: PublicKey,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret key.
        f.debug_struct("KeyPair").field("public", &self.public).finish_non_exhaustive()
    }
}

impl KeyPair {
    /// A new random key pair (from the operating system's random source).
    ///
    /// # Panics
    ///
    /// If the operating system cannot provide random numbers.
    pub fn generate() -> KeyPair {
        // With an empty password the minisign crate computes the key checksum and does not
        // encrypt; it prompts for nothing. It fails only if the OS has no random source.
        let pair = minisign::KeyPair::generate_encrypted_keypair(Some(String::new()))
            .expect("the operating system's random number generator failed");
        // Mark the key as unencrypted (KDF algorithm "\0\0") the way `minisign -G -W` does,
        // so the minisign CLI can use the secret key file without asking for a password.
        let mut bytes = pair.sk.to_bytes();
        bytes[2] = 0;
        bytes[3] = 0;
        let secret = minisign::SecretKey::from_bytes(&bytes).expect("re-reading a secret key just serialised");
        let public = PublicKey::from_minisign(&pair.pk);
        KeyPair { secret, public }
    }

    /// Load the unencrypted minisign secret key at `secret_path`, or create a new pair there
    /// (file mode 0600 on unix, parent dir created 0700) plus the public key beside it at
    /// `<secret_path>.pub` in the text format `minisign -p` reads.
    ///
    /// When the secret key exists but its `.pub` file is missing or names another key, the
    /// `.pub` file is (re)written from the secret key.
    pub fn load_or_create(secret_path: &Path) -> Result<KeyPair, BundleError> {
        let key_error = |reason: String| BundleError::KeyFile { path: secret_path.to_path_buf(), reason };
        match fs::symlink_metadata(secret_path) {
            Ok(_) => {
                let pair = KeyPair::load(secret_path)?;
                pair.ensure_public_file(secret_path)?;
                Ok(pair)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(parent) = secret_path.parent().filter(|p| !p.as_os_str().is_empty()) {
                    create_private_dir(parent).map_err(|e| key_error(format!("无法创建文件夹：{}", io_reason(&e))))?;
                }
                let pair = KeyPair::generate();
                let text = pair
                    .secret
                    .to_box(Some(SECRET_KEY_COMMENT))
                    .map_err(|e| key_error(format!("无法编码密钥：{e}")))?
                    .into_string();
                if !write_new_private_file(secret_path, text.as_bytes()).map_err(|e| key_error(io_reason(&e)))? {
                    // Another process created it in the meantime: use theirs.
                    return KeyPair::load_or_create(secret_path);
                }
                pair.ensure_public_file(secret_path)?;
                Ok(pair)
            }
            Err(e) => Err(key_error(io_reason(&e))),
        }
    }

    /// Load the unencrypted minisign secret key at `secret_path` (written by
    /// [`KeyPair::load_or_create`] or by `minisign -G -W`). Password-protected keys are refused.
    pub fn load(secret_path: &Path) -> Result<KeyPair, BundleError> {
        let key_error =
            |reason: &str| BundleError::KeyFile { path: secret_path.to_path_buf(), reason: reason.to_string() };
        let text = fs::read_to_string(secret_path).map_err(|e| key_error(&io_reason(&e)))?;
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        if !lines.next().is_some_and(|l| l.starts_with("untrusted comment:")) {
            return Err(key_error("不是 minisign 密钥文件（第一行应为 untrusted comment:）"));
        }
        let encoded = lines.next().map(str::trim).unwrap_or_default();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| key_error("不是 minisign 密钥文件（第二行不是 base64 编码）"))?;
        if bytes.len() != SECRET_KEY_BYTES || &bytes[..2] != b"Ed" {
            return Err(key_error("不是 Ed25519 minisign 密钥"));
        }
        let secret = match &bytes[2..4] {
            // Unencrypted. `minisign -G -W` leaves the checksum zero; ours carry it. Either way
            // the self-test below proves the key whole.
            [0, 0] => minisign::SecretKey::from_bytes(&bytes).map_err(|e| key_error(&e.to_string()))?,
            // Marked as scrypt-encrypted: usable only if it is not really encrypted (empty
            // password), which the checksum tells.
            _ => minisign::SecretKey::from_box(
                minisign::SecretKeyBox::from_string(&text).map_err(|e| key_error(&e.to_string()))?,
                Some(String::new()),
            )
            .map_err(|_| key_error("密钥设有口令（本程序只使用无口令的密钥）"))?,
        };
        let public = minisign::PublicKey::from_secret_key(&secret).map_err(|e| key_error(&e.to_string()))?;
        let pair = KeyPair { secret, public: PublicKey::from_minisign(&public) };
        let probe = b"ledger-bundle key self-test";
        let works = pair.sign(probe, "self-test").is_ok_and(|sig| pair.public.verify(probe, &sig).is_ok());
        if !works {
            return Err(key_error("密钥已损坏（私钥与其中的公钥不匹配）"));
        }
        Ok(pair)
    }

    /// The public half.
    pub fn public(&self) -> PublicKey {
        self.public.clone()
    }

    /// minisign signature text (the .minisig file content) of `data`, with `trusted_comment`.
    ///
    /// The signature is prehashed Ed25519 (`ED`): Ed25519 over the BLAKE2b-512 hash of `data`.
    /// The trusted comment must be a single line.
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String, BundleError> {
        if trusted_comment.chars().any(|c| c == '\n' || c == '\r') {
            return Err(BundleError::Signing {
                reason: "签名的可信注释（trusted comment）不能换行".to_string()
            });
        }
        let untrusted = format!("signature from Branch Ledger key {}", self.public.fingerprint());
        let public = self.public.minisign();
        let signature =
            minisign::sign(Some(&public), &self.secret, Cursor::new(data), Some(trusted_comment), Some(&untrusted))
                .map_err(|e| BundleError::Signing { reason: e.to_string() })?;
        Ok(signature.into_string())
    }

    /// Writes `<secret_path>.pub` unless it already holds this public key.
    fn ensure_public_file(&self, secret_path: &Path) -> Result<(), BundleError> {
        let pub_path = public_key_path(secret_path);
        if let Ok(existing) = fs::read_to_string(&pub_path) {
            if PublicKey::from_text(&existing).ok().as_ref() == Some(&self.public) {
                return Ok(());
            }
        }
        fs::write(&pub_path, self.public.to_file_text())
            .map_err(|e| BundleError::KeyFile { path: pub_path.clone(), reason: io_reason(&e) })
    }
}

/// Where [`KeyPair::load_or_create`] puts the public key: `<secret_path>.pub`.
pub fn public_key_path(secret_path: &Path) -> PathBuf {
    let mut name = secret_path.as_os_str().to_os_string();
    name.push(".pub");
    PathBuf::from(name)
}

/// A public key, held as its one-line minisign base64 form ("RW…").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    /// Canonical base64 of `"Ed" || key id (8 bytes) || Ed25519 public key (32 bytes)`.
    base64: String,
}

impl PublicKey {
    /// Parse the one-line minisign public key ("RW…", 56 characters).
    pub fn from_base64(s: &str) -> Result<PublicKey, BundleError> {
        let line = s.trim();
        let invalid = |reason: &str| BundleError::PublicKeyInvalid { reason: reason.to_string() };
        if line.len() != 56 {
            return Err(invalid("应为 56 个字符的 minisign 公钥（以 RW 开头）"));
        }
        let key = minisign::PublicKey::from_base64(line).map_err(|_| invalid("不是有效的 base64 编码"))?;
        if key.to_bytes().get(..2) != Some(b"Ed".as_slice()) {
            return Err(invalid("不是 Ed25519 minisign 公钥"));
        }
        let canonical = key.to_base64();
        if canonical != line {
            return Err(invalid("base64 编码不规范"));
        }
        Ok(PublicKey { base64: canonical })
    }

    /// Parse a `.pub` file's text ("untrusted comment: …" line, then the key line), or the bare
    /// key line. Blank lines, comment lines and a UTF-8 byte-order mark are ignored.
    pub fn from_text(s: &str) -> Result<PublicKey, BundleError> {
        let line = s
            .trim_start_matches('\u{feff}')
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty() && !l.starts_with("untrusted comment:"))
            .ok_or_else(|| BundleError::PublicKeyInvalid { reason: "文本中没有公钥".to_string() })?;
        PublicKey::from_base64(line)
    }

    /// The one-line minisign form ("RW…").
    pub fn to_base64(&self) -> String {
        self.base64.clone()
    }

    /// The `.pub` file content: `"untrusted comment: minisign public key <KEYID>\n<base64>\n"`,
    /// where KEYID is the minisign key id in uppercase hex, as the CLI writes it.
    pub fn to_file_text(&self) -> String {
        format!("untrusted comment: minisign public key {}\n{}\n", self.key_id(), self.base64)
    }

    /// The minisign key id as the CLI prints it: uppercase hex without leading zeros (C's
    /// `%PRIX64`; a test comparing with the CLI's .pub file failed one key in sixteen when this
    /// was padded to 16 digits). Chosen at random when the key is generated; use
    /// [`PublicKey::fingerprint`] to compare keys.
    pub fn key_id(&self) -> String {
        let bytes = self.minisign().to_bytes();
        let mut id = [0u8; 8];
        id.copy_from_slice(&bytes[2..10]);
        format!("{:X}", u64::from_le_bytes(id))
    }

    /// What people compare by eye: SHA-256 of the base64 line, first 20 hex digits uppercase in
    /// groups of 4 ("3F2A 9C1B 77D0 4E12 A9B3"). Derived from the key, unlike the minisign key id.
    pub fn fingerprint(&self) -> String {
        let digest = hex::encode_upper(Sha256::digest(self.base64.as_bytes()));
        digest.as_bytes()[..20].chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
    }

    /// Check a minisign signature (the `.minisig` text) of `data` against this key.
    /// Only prehashed (`ED`) signatures with a valid trusted-comment signature are accepted.
    pub fn verify(&self, data: &[u8], signature_text: &str) -> Result<(), BundleError> {
        let invalid = |reason: String| BundleError::SignatureInvalid { reason };
        let signature = minisign::SignatureBox::from_string(signature_text)
            .map_err(|_| invalid("签名文件 manifest.json.minisig 不是有效的 minisign 签名".to_string()))?;
        let public = self.minisign();
        if signature.keynum() != public.keynum() {
            return Err(invalid("签名所用密钥的编号与公钥不符".to_string()));
        }
        minisign::verify(&public, &signature, Cursor::new(data), true, false, false)
            .map_err(|_| invalid("签名与清单 manifest.json 的内容不符".to_string()))
    }

    fn from_minisign(key: &minisign::PublicKey) -> PublicKey {
        PublicKey { base64: key.to_base64() }
    }

    fn minisign(&self) -> minisign::PublicKey {
        minisign::PublicKey::from_base64(&self.base64).expect("validated when constructed")
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new().recursive(true).mode(0o700).create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

#[cfg(unix)]
fn private_file_options() -> fs::OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true).mode(0o600);
    options
}

#[cfg(not(unix))]
fn private_file_options() -> fs::OpenOptions {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    options
}

/// Writes `data` to a new file at `path` (mode 0600) without ever exposing a partial file there:
/// a temporary file in the same folder is written, synced, then linked to `path`.
/// Returns `Ok(false)` if `path` already exists.
fn write_new_private_file(path: &Path, data: &[u8]) -> std::io::Result<bool> {
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let result = (|| {
        let mut file = private_file_options().open(&tmp)?;
        file.write_all(data)?;
        file.sync_all()?;
        drop(file);
        // A hard link never replaces an existing file; where links are unsupported, fall back
        // to checking then renaming.
        match fs::hard_link(&tmp, path) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(_) if fs::symlink_metadata(path).is_err() => fs::rename(&tmp, path).map(|()| true),
            Err(e) => Err(e),
        }
    })();
    let _ = fs::remove_file(&tmp);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_five_groups_of_four_uppercase_hex() {
        let key = KeyPair::generate().public();
        let fp = key.fingerprint();
        assert_eq!(fp.len(), 24, "{fp}");
        let groups: Vec<&str> = fp.split(' ').collect();
        assert_eq!(groups.len(), 5);
        assert!(groups.iter().all(|g| g.len() == 4 && g.chars().all(|c| c.is_ascii_hexdigit() && !c.is_lowercase())));
        let expected = hex::encode_upper(Sha256::digest(key.to_base64().as_bytes()));
        assert_eq!(fp.replace(' ', ""), expected[..20]);
    }

    #[test]
    fn sign_then_verify_and_reject_other_data() {
        let pair = KeyPair::generate();
        let sig = pair.sign(b"hello", "one line").unwrap();
        pair.public().verify(b"hello", &sig).unwrap();
        assert_eq!(pair.public().verify(b"hellO", &sig).unwrap_err().code(), "E_BUNDLE_SIGNATURE_INVALID");
        assert_eq!(pair.sign(b"x", "two\nlines").unwrap_err().code(), "E_BUNDLE_SIGNING");
    }

    #[test]
    fn public_key_parsing_rejects_garbage() {
        assert!(PublicKey::from_base64("RWQ").is_err());
        assert!(PublicKey::from_base64(&"!".repeat(56)).is_err());
        assert!(PublicKey::from_text("").is_err());
        assert!(PublicKey::from_text("untrusted comment: only a comment\n").is_err());
        let key = KeyPair::generate().public();
        assert_eq!(PublicKey::from_base64(&format!("  {}\n", key.to_base64())).unwrap(), key);
        assert_eq!(PublicKey::from_text(&format!("\u{feff}{}", key.to_file_text())).unwrap(), key);
    }
}
