//! This database's signing key and role.
//!
//! Invariant: a database gets its key pair when it becomes a branch (`init_branch`) or a city
//! bureau (`init_city`); the public key is also written to `settings`, so a lost or swapped key
//! file is noticed instead of silently replaced (the city bureau pinned the old key). The secret
//! key lives in `<data dir>/keys/<database file stem>.key`, readable by its owner only.

use std::path::PathBuf;

use ledger_bundle::{KeyPair, PublicKey};
use rusqlite::Connection;

use super::model::KeyInfo;
use crate::error::{io_reason, LedgerError, Result};
use crate::store::settings::{get as setting, put as put_setting};
use crate::Ledger;

const PUBLIC_KEY: &str = "bundle_public_key";
const ROLE: &str = "role";
const CITY_KEY: &str = "pinned_city_key";

/// What a database is for: a branch's ledgers, or a city bureau collecting its branches' bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Branch,
    City,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Branch => "分局",
            Role::City => "市局",
        }
    }
}

pub(crate) fn role_of(conn: &Connection) -> Result<Role> {
    Ok(match setting(conn, ROLE)?.as_deref() {
        Some("city") => Role::City,
        _ => Role::Branch,
    })
}

pub(crate) fn mark_city(conn: &Connection) -> Result<()> {
    put_setting(conn, ROLE, "city")
}

impl Ledger {
    /// Branch or city bureau.
    pub fn role(&self) -> Result<Role> {
        role_of(self.conn())
    }

    fn key_path(&self) -> PathBuf {
        let stem =
            self.db_path().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "ledger".into());
        self.data_dir().join("keys").join(format!("{stem}.key"))
    }

    /// Create the key pair if this initialised database has none yet (databases made before
    /// bundles existed get theirs on first open).
    pub(crate) fn ensure_key(&mut self) -> Result<()> {
        if self.branch()?.is_none() || setting(self.conn(), PUBLIC_KEY)?.is_some() {
            return Ok(());
        }
        let pair = KeyPair::load_or_create(&self.key_path())?;
        let public = pair.public().to_base64();
        // Made by the program, like the reference data it seeds: not an audited change.
        self.write(|tx| put_setting(tx, PUBLIC_KEY, &public))
    }

    /// The key pair bundles are signed with; refuses when the key file is not the key this
    /// database was given.
    pub fn signing_key(&self) -> Result<KeyPair> {
        let path = self.key_path();
        let Some(recorded) = setting(self.conn(), PUBLIC_KEY)? else {
            return Err(LedgerError::NotInitialized);
        };
        if !path.exists() {
            return Err(LedgerError::file(
                &path,
                "签名私钥文件丢失：请从备份恢复该文件（重新生成的密钥不会被市局接受）",
            ));
        }
        let pair = KeyPair::load(&path)?;
        if pair.public().to_base64() != recorded {
            return Err(LedgerError::file(&path, "签名私钥与本数据库登记的公钥不一致：请从备份恢复原来的密钥文件"));
        }
        Ok(pair)
    }

    /// The public key recorded for this database.
    pub fn public_key(&self) -> Result<PublicKey> {
        let recorded = setting(self.conn(), PUBLIC_KEY)?.ok_or(LedgerError::NotInitialized)?;
        Ok(PublicKey::from_base64(&recorded)?)
    }

    /// The key as the app, `ledgerctl key show` and the reports show it.
    pub fn key_info(&self) -> Result<KeyInfo> {
        let public = self.public_key()?;
        let branch = self.require_branch()?;
        Ok(KeyInfo {
            role: self.role()?.label().to_string(),
            name: branch.name,
            fingerprint: public.fingerprint(),
            public_key: public.to_base64(),
            public_key_file: public.to_file_text(),
            city_fingerprint: self.pinned_city_key()?.map(|k| k.fingerprint()),
        })
    }

    /// Write the public key as `<name>-公钥.pub` into `dir` (a USB stick), for the other side to
    /// register; returns the file written.
    pub fn save_public_key(&self, dir: &std::path::Path) -> Result<PathBuf> {
        let info = self.key_info()?;
        if !dir.is_dir() {
            return Err(LedgerError::file(dir, "目标文件夹不存在（U 盘是否已拔出？）"));
        }
        let name = ledger_bundle::safe_file_stem(&info.name, "本单位");
        let path = dir.join(format!("{name}-公钥.pub"));
        let tmp = dir.join(format!(".{name}-公钥.pub.part"));
        let write = || -> std::io::Result<()> {
            let mut f = std::fs::File::create(&tmp)?;
            std::io::Write::write_all(&mut f, info.public_key_file.as_bytes())?;
            f.sync_all()?;
            std::fs::rename(&tmp, &path)
        };
        write().map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            LedgerError::file(&path, format!("无法写入公钥文件：{}", io_reason(&e)))
        })?;
        Ok(path)
    }

    /// The fingerprint, or `None` before the database is initialised.
    pub fn fingerprint(&self) -> Result<Option<String>> {
        Ok(match setting(self.conn(), PUBLIC_KEY)? {
            Some(k) => Some(PublicKey::from_base64(&k)?.fingerprint()),
            None => None,
        })
    }

    /// The city bureau's key this branch accepts templates from.
    pub fn pinned_city_key(&self) -> Result<Option<PublicKey>> {
        Ok(match setting(self.conn(), CITY_KEY)? {
            Some(k) => Some(PublicKey::from_base64(&k)?),
            None => None,
        })
    }

    /// Pin the city bureau's public key (the `.pub` file's text or the bare `RW…` line): from
    /// now on templates signed by it are accepted, and only those.
    pub fn pin_city_key(&mut self, text: &str) -> Result<KeyInfo> {
        if self.role()? == Role::City {
            return Err(LedgerError::Rejected("市局数据库不需要登记市局公钥".into()));
        }
        let key = PublicKey::from_text(text).map_err(|e| LedgerError::invalid("市局公钥", e.to_string()))?;
        let line = key.to_base64();
        self.write(|tx| {
            let before = setting(tx, CITY_KEY)?;
            put_setting(tx, CITY_KEY, &line)?;
            tx.audit("city_key", &line, "pin", before.as_ref(), Some(&line))
        })?;
        self.key_info()
    }
}
