//! Writing a bundle to a USB stick so that the final name only ever holds a complete, read-back
//! checked file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::copy_hashed;
use crate::error::{io_reason, BundleError};
use crate::keys::PublicKey;
use crate::verify::{verify_file_keeping, Limits, Trust};
use crate::writer::Scratch;

/// Bytes written (and read back) between progress reports.
pub const CHUNK_SIZE: usize = 1 << 20;

/// Free space required beyond the bundle itself: 1 MiB plus 1/64 of the bundle (file-system
/// clusters, directory entries).
fn space_margin(len: u64) -> u64 {
    (1 << 20) + len / 64
}

/// What [`write_bundle`] is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// Checking free space and the target name.
    CheckingSpace,
    /// Writing the temporary file.
    Writing,
    /// Flushing to the device and renaming to the final name.
    Syncing,
    /// Reading the final file back from the device.
    ReadingBack,
    /// Verifying the read-back bundle with the expected key.
    Verifying,
}

impl Stage {
    /// Short Chinese label for progress displays.
    pub fn label(self) -> &'static str {
        match self {
            Stage::CheckingSpace => "检查磁盘空间",
            Stage::Writing => "正在写入",
            Stage::Syncing => "正在同步到 U 盘",
            Stage::ReadingBack => "正在读回核对",
            Stage::Verifying => "正在校验签名",
        }
    }
}

/// One progress report: `done` of `total` bytes in `stage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// The stage.
    pub stage: Stage,
    /// Bytes done in this stage.
    pub done: u64,
    /// Bytes of the bundle.
    pub total: u64,
}

/// Write `bytes` as `dir/file_name` without ever leaving a partial file under the final name:
/// check free space (fs4) first (need bytes + margin), refuse if the final name exists, write to a
/// hidden temporary name in the same dir in 1 MiB chunks reporting progress, fsync the file,
/// hash it, rename, fsync the directory, read the file back and compare its SHA-256 with what
/// was written (and, when the expected key is given, verify the file, keeping no entry). On any
/// failure remove the temp file (and the final file if the read-back failed) and return a
/// Chinese error naming the path.
///
/// On Linux the written pages are dropped from the cache before the read-back, so the bytes come
/// from the device (this catches sticks that fake their capacity). There is no portable
/// "rename unless it exists": the final name is checked just before the rename, which leaves a
/// tiny window if another program creates the same name at that moment.
pub fn write_bundle(
    dir: &Path,
    file_name: &str,
    bytes: &[u8],
    check_with: Option<&PublicKey>,
    progress: &mut dyn FnMut(Progress),
) -> Result<PathBuf, BundleError> {
    let write = |out: &mut dyn Scratch| out.write_all(bytes).map_err(|e| internal_write(&e));
    write_bundle_with(dir, file_name, bytes.len() as u64, write, check_with, progress, &|p| fs4::available_space(p))
        .map(|saved| saved.path)
}

/// A bundle [`write_bundle_from`] wrote.
#[derive(Clone, Debug)]
pub struct Saved<T> {
    /// Where it is now.
    pub path: PathBuf,
    /// SHA-256 (lowercase hex) of the file, as written and read back.
    pub sha256: String,
    /// What `write` returned.
    pub built: T,
}

/// [`write_bundle`] for a bundle that `write` writes straight into the temporary file (as
/// [`crate::BundleBuilder::finish_into`] does), so that it is never in memory whole. `size` is
/// what it will take at most, for the free-space check and the progress; `write` returns what
/// the caller keeps of the bundle besides its path.
pub fn write_bundle_from<T>(
    dir: &Path,
    file_name: &str,
    size: u64,
    write: impl FnOnce(&mut dyn Scratch) -> Result<T, BundleError>,
    check_with: Option<&PublicKey>,
    progress: &mut dyn FnMut(Progress),
) -> Result<Saved<T>, BundleError> {
    write_bundle_with(dir, file_name, size, write, check_with, progress, &|p| fs4::available_space(p))
}

fn internal_write(e: &io::Error) -> BundleError {
    BundleError::Internal { reason: format!("写入失败：{e}") }
}

/// [`write_bundle_from`] with the free-space query injected (tests).
fn write_bundle_with<T>(
    dir: &Path,
    file_name: &str,
    size: u64,
    write: impl FnOnce(&mut dyn Scratch) -> Result<T, BundleError>,
    check_with: Option<&PublicKey>,
    progress: &mut dyn FnMut(Progress),
    available_space: &dyn Fn(&Path) -> io::Result<u64>,
) -> Result<Saved<T>, BundleError> {
    let bad_name = file_name.is_empty()
        || file_name == "."
        || file_name == ".."
        || file_name.chars().any(|c| c == '/' || c == '\\' || c.is_control());
    if bad_name {
        return Err(BundleError::InvalidFileName { name: crate::error::shown(file_name) });
    }
    if !fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Err(BundleError::TargetDirMissing { dir: dir.to_path_buf() });
    }
    let final_path = dir.join(file_name);
    let report = |progress: &mut dyn FnMut(Progress), stage, done, total| progress(Progress { stage, done, total });

    report(progress, Stage::CheckingSpace, 0, size);
    let available = available_space(dir).map_err(|e| BundleError::WriteFailed {
        path: dir.to_path_buf(),
        reason: format!("无法查询剩余空间：{}", io_reason(&e)),
    })?;
    let needed = size + space_margin(size);
    if available < needed {
        return Err(BundleError::NoSpace { dir: dir.to_path_buf(), needed, available });
    }
    if fs::symlink_metadata(&final_path).is_ok() {
        return Err(BundleError::TargetExists { path: final_path });
    }

    // Written under a hidden temporary name; removed on any failure (guard dropped armed).
    let nonce = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let tmp_path = dir.join(format!(".{file_name}.{}-{nonce}.partial", std::process::id()));
    let write_failed =
        |path: &Path, e: io::Error| BundleError::WriteFailed { path: path.to_path_buf(), reason: io_reason(&e) };
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&tmp_path)
        .map_err(|e| write_failed(&tmp_path, e))?;
    let tmp_guard = RemoveOnDrop::new(&tmp_path);
    report(progress, Stage::Writing, 0, size);
    let mut out = Reporting {
        file: &mut file,
        written: 0,
        report: &mut |done| report(progress, Stage::Writing, done, size),
        error: None,
    };
    let written = write(&mut out);
    let (done, error) = (out.written, out.error.take());
    let kept = match (written, error) {
        (_, Some(e)) => return Err(write_failed(&tmp_path, e)),
        (result, None) => result?,
    };
    let total = file.metadata().map_err(|e| write_failed(&tmp_path, e))?.len();
    if done != total || total != size {
        report(progress, Stage::Writing, total, total);
    }
    report(progress, Stage::Syncing, 0, total);
    file.sync_all().map_err(|e| write_failed(&tmp_path, e))?;
    // What was written, as the system holds it, before the device is read back.
    file.seek(SeekFrom::Start(0)).map_err(|e| write_failed(&tmp_path, e))?;
    let (_, written_sha256) =
        copy_hashed(&mut file, &mut io::sink()).map_err(|e| write_failed(&tmp_path, e.into_io()))?;
    drop(file);
    if fs::symlink_metadata(&final_path).is_ok() {
        return Err(BundleError::TargetExists { path: final_path });
    }
    fs::rename(&tmp_path, &final_path).map_err(|e| write_failed(&final_path, e))?;
    tmp_guard.disarm();
    let final_guard = RemoveOnDrop::new(&final_path);
    sync_dir(dir).map_err(|e| write_failed(dir, e))?;
    report(progress, Stage::Syncing, total, total);

    // Read back from the device and compare.
    report(progress, Stage::ReadingBack, 0, total);
    let read_back = read_back(&final_path, total, &mut |done| report(progress, Stage::ReadingBack, done, total))
        .map_err(|e| write_failed(&final_path, e))?;
    if hex::encode(&read_back.sha256) != written_sha256 || read_back.len != total {
        let removed = final_guard.remove_now();
        return Err(BundleError::ReadBackMismatch { path: final_path, removed });
    }
    if let Some(key) = check_with {
        report(progress, Stage::Verifying, 0, total);
        // The file as the device holds it, read in pieces, every entry checked and dropped.
        if let Err(e) = verify_file_keeping(&final_path, Trust::Pinned(key), &Limits::default(), &|_| false) {
            let removed = final_guard.remove_now();
            return Err(BundleError::ReadBackInvalid { path: final_path, removed, source: Box::new(e) });
        }
        report(progress, Stage::Verifying, total, total);
    }
    final_guard.disarm();
    Ok(Saved { path: final_path, sha256: written_sha256, built: kept })
}

/// The temporary file as `write` sees it: writes of at most [`CHUNK_SIZE`], each reported, and
/// the first error kept, to be reported as the write failing rather than as what `write` makes
/// of it.
struct Reporting<'a> {
    file: &'a mut File,
    written: u64,
    report: &'a mut dyn FnMut(u64),
    error: Option<io::Error>,
}

impl Reporting<'_> {
    fn kept<V>(&mut self, result: io::Result<V>) -> io::Result<V> {
        if let Err(e) = &result {
            if self.error.is_none() {
                self.error = Some(io::Error::new(e.kind(), e.to_string()));
            }
        }
        result
    }
}

impl Write for Reporting<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let result = self.file.write(&buf[..buf.len().min(CHUNK_SIZE)]);
        let n = self.kept(result)?;
        self.written += n as u64;
        (self.report)(self.written);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        let result = self.file.flush();
        self.kept(result)
    }
}

impl Read for Reporting<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let result = self.file.read(buf);
        self.kept(result)
    }
}

impl Seek for Reporting<'_> {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let result = self.file.seek(pos);
        self.kept(result)
    }
}

impl Scratch for Reporting<'_> {
    fn truncate(&mut self, len: u64) -> io::Result<()> {
        let result = self.file.set_len(len);
        self.kept(result)
    }
}

struct ReadBack {
    len: u64,
    sha256: Vec<u8>,
}

fn read_back(path: &Path, expected: u64, progress: &mut dyn FnMut(u64)) -> io::Result<ReadBack> {
    let mut file = File::open(path)?;
    drop_cache(&file);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; CHUNK_SIZE];
    let mut len = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        len += n as u64;
        progress(len);
        if len > expected {
            break;
        }
    }
    Ok(ReadBack { len, sha256: hasher.finalize().to_vec() })
}

/// Asks the kernel to forget the file's cached pages, so the read-back comes from the device.
#[cfg(target_os = "linux")]
fn drop_cache(file: &File) {
    // Advisory only: if it fails, the read-back still compares what the OS returns.
    let _ = rustix::fs::fadvise(file, 0, None, rustix::fs::Advice::DontNeed);
}

#[cfg(not(target_os = "linux"))]
fn drop_cache(_file: &File) {}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a directory as a file without extra flags; NTFS/exFAT/FAT metadata is
/// flushed with the file there.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Removes a file when dropped, unless disarmed.
struct RemoveOnDrop {
    path: Option<PathBuf>,
}

impl RemoveOnDrop {
    fn new(path: &Path) -> Self {
        RemoveOnDrop { path: Some(path.to_path_buf()) }
    }

    fn disarm(mut self) {
        self.path = None;
    }

    /// Removes the file now; whether it is gone.
    fn remove_now(mut self) -> bool {
        match self.path.take() {
            Some(path) => fs::remove_file(&path).is_ok() || fs::symlink_metadata(&path).is_err(),
            None => true,
        }
    }
}

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_when_space_is_short_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut reports = Vec::new();
        let write = |out: &mut dyn Scratch| out.write_all(&[7u8; 1000]).map_err(|e| internal_write(&e));
        let err = write_bundle_with(dir.path(), "b.zip", 1000, write, None, &mut |p| reports.push(p), &|_| Ok(1000))
            .unwrap_err();
        assert_eq!(err.code(), "E_BUNDLE_NO_SPACE", "{err}");
        assert!(err.to_string().contains("空间不足"), "{err}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        assert_eq!(reports, vec![Progress { stage: Stage::CheckingSpace, done: 0, total: 1000 }]);
    }

    #[test]
    fn space_query_failure_is_reported_with_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let write = |out: &mut dyn Scratch| out.write_all(b"x").map_err(|e| internal_write(&e));
        let err =
            write_bundle_with(dir.path(), "b.zip", 1, write, None, &mut |_| {}, &|_| Err(io::Error::other("boom")))
                .unwrap_err();
        assert_eq!(err.code(), "E_BUNDLE_WRITE_FAILED");
        assert!(err.to_string().contains(&dir.path().display().to_string()));
    }

    #[test]
    fn refuses_path_like_file_names() {
        let dir = tempfile::tempdir().unwrap();
        for bad in ["", ".", "..", "a/b.zip", "a\\b.zip", "a\nb"] {
            let err = write_bundle(dir.path(), bad, b"x", None, &mut |_| {}).unwrap_err();
            assert_eq!(err.code(), "E_BUNDLE_INVALID_FILE_NAME", "{bad:?}");
        }
    }
}
