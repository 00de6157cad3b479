//! Is the data directory a place SQLite can keep the clerk's data safely? It must be writable,
//! and local: on a network share (NFS, SMB/CIFS, sshfs …) SQLite's locks and its WAL's shared
//! memory do not hold, and two PCs writing at once corrupt the database.

use std::path::Path;

use crate::error::{LedgerError, Result};

/// The file system types that are network shares.
const NETWORK_FS: &[&str] = &[
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "ncpfs",
    "afs",
    "9p",
    "fuse.sshfs",
    "sshfs",
    "davfs",
    "fuse.davfs2",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "lustre",
    "gfs2",
    "ocfs2",
];

/// True for a network file system type as `/proc/self/mountinfo` names it.
pub fn is_network_fs(fstype: &str) -> bool {
    NETWORK_FS.contains(&fstype)
}

/// Refuse a data directory that is read-only or on a network share, before anything is
/// written there.
pub fn check_data_dir(dir: &Path) -> Result<()> {
    if let Some(fstype) = fs_type(dir) {
        if is_network_fs(&fstype) {
            return Err(LedgerError::NetworkShare { path: dir.display().to_string(), fstype });
        }
    }
    let probe = dir.join(format!(".write-test-{}", uuid::Uuid::new_v4()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::StorageFull => {
            Err(LedgerError::DiskFull { path: dir.display().to_string() })
        }
        Err(e) => Err(LedgerError::ReadOnlyPlace { path: dir.display().to_string(), reason: e.to_string() }),
    }
}

/// SQLite reports a full disk as `SQLITE_FULL` only sometimes: growing the WAL's shared-memory
/// file reports a plain I/O error. An I/O error with (almost) no free space left in `dir` is a
/// full disk, and is said so.
pub fn explain_io_error(e: LedgerError, dir: &Path) -> LedgerError {
    const NEARLY_FULL: u64 = 4 << 20;
    let io = match &e {
        LedgerError::Db(inner) => matches!(
            inner.sqlite_error_code(),
            Some(rusqlite::ErrorCode::SystemIoFailure) | Some(rusqlite::ErrorCode::CannotOpen)
        ),
        LedgerError::Io(_) => true,
        _ => false,
    };
    if io && fs4::available_space(dir).is_ok_and(|free| free < NEARLY_FULL) {
        return LedgerError::DiskFull { path: dir.display().to_string() };
    }
    e
}

/// The type of the file system holding `dir`, if it can be told.
fn fs_type(dir: &Path) -> Option<String> {
    // Tests cannot mount a real network share without a server; debug builds let them say
    // what the file system is.
    #[cfg(debug_assertions)]
    if let Some(t) = std::env::var_os("BRANCH_LEDGER_TEST_FSTYPE") {
        return Some(t.to_string_lossy().to_string());
    }
    fs_type_of(dir)
}

#[cfg(target_os = "linux")]
fn fs_type_of(dir: &Path) -> Option<String> {
    let dir = std::fs::canonicalize(dir).ok()?;
    let info = std::fs::read_to_string("/proc/self/mountinfo").ok()?;
    mount_fs_type(&info, &dir)
}

#[cfg(windows)]
fn fs_type_of(dir: &Path) -> Option<String> {
    // A UNC path (\\server\share) is a network share; mapped drive letters are not detected.
    let s = dir.to_string_lossy();
    (s.starts_with(r"\\") && !s.starts_with(r"\\?\") && !s.starts_with(r"\\.\")).then(|| "smb".to_string())
}

#[cfg(not(any(target_os = "linux", windows)))]
fn fs_type_of(_dir: &Path) -> Option<String> {
    None
}

/// The file system type of the longest mount point in `mountinfo` that holds `dir`.
#[cfg(any(target_os = "linux", test))]
fn mount_fs_type(mountinfo: &str, dir: &Path) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for line in mountinfo.lines() {
        // id parent major:minor root mount-point options [optional…] - fstype source super-options
        let fields: Vec<&str> = line.split(' ').collect();
        let Some(mount_point) = fields.get(4) else { continue };
        let Some(dash) = fields.iter().position(|f| *f == "-") else { continue };
        let Some(fstype) = fields.get(dash + 1) else { continue };
        let mount_point = unescape(mount_point);
        if dir.starts_with(&mount_point) && best.as_ref().is_none_or(|(len, _)| mount_point.len() >= *len) {
            best = Some((mount_point.len(), fstype.to_string()));
        }
    }
    best.map(|(_, t)| t)
}

/// mountinfo escapes space, tab, newline and backslash as octal (`\040`).
#[cfg(any(target_os = "linux", test))]
fn unescape(s: &str) -> String {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 3 < b.len() && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c)) {
            out.push((b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0'));
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
30 22 0:40 / /mnt/share rw,relatime shared:2 - cifs //server/branch rw,vers=3.0
31 22 0:41 / /mnt/nfs\\040home rw - nfs4 server:/home rw
32 30 8:2 / /mnt/share/usb rw - vfat /dev/sdb1 rw
";

    #[test]
    fn the_longest_mount_point_decides() {
        assert_eq!(mount_fs_type(MOUNTINFO, Path::new("/home/clerk/.local/share")).as_deref(), Some("ext4"));
        assert_eq!(mount_fs_type(MOUNTINFO, Path::new("/mnt/share/分局")).as_deref(), Some("cifs"));
        assert_eq!(mount_fs_type(MOUNTINFO, Path::new("/mnt/share/usb/x")).as_deref(), Some("vfat"));
        assert_eq!(mount_fs_type(MOUNTINFO, Path::new("/mnt/nfs home/a")).as_deref(), Some("nfs4"));
        assert_eq!(mount_fs_type(MOUNTINFO, Path::new("/mnt/sharex")).as_deref(), Some("ext4"));
    }

    #[test]
    fn network_types() {
        for t in ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs"] {
            assert!(is_network_fs(t), "{t}");
        }
        for t in ["ext4", "xfs", "btrfs", "vfat", "ntfs3", "fuseblk", "tmpfs", "overlay"] {
            assert!(!is_network_fs(t), "{t}");
        }
    }

    #[test]
    fn this_machines_data_dir_is_local() {
        let dir = tempfile::tempdir().unwrap();
        let t = fs_type_of(dir.path());
        assert!(t.as_deref().is_some_and(|t| !is_network_fs(t)), "{t:?}");
    }
}
