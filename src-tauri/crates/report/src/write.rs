//! Saving a report, atomically like the Excel exports: a temporary file next to the target is
//! written and synced, renamed over it, the folder synced, and the file read back and checked.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use ledger_core::error::io_reason;

use crate::{Report, ReportError};

fn file_err(path: &Path, reason: impl Into<String>) -> ReportError {
    ReportError::File { path: path.display().to_string(), reason: reason.into() }
}

/// Write `report` to `path`.
pub fn write_pdf(path: &Path, report: &Report) -> Result<(), ReportError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(file_err(path, "所在文件夹不存在"));
    }
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("report"),
        uuid::Uuid::new_v4().simple()
    ));
    let result = (|| -> Result<(), ReportError> {
        let mut f = File::create(&tmp).map_err(|e| file_err(path, format!("无法创建临时文件：{}", io_reason(&e))))?;
        f.write_all(&report.bytes).map_err(|e| file_err(path, format!("无法写入：{}", io_reason(&e))))?;
        f.sync_all().map_err(|e| file_err(path, format!("无法写入：{}", io_reason(&e))))?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(|e| file_err(path, format!("无法写入：{}", io_reason(&e))))?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        verify(path, report.bytes.len())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Read the written file back: a PDF of the expected size.
fn verify(path: &Path, expected: usize) -> Result<(), ReportError> {
    let back = std::fs::read(path).map_err(|e| file_err(path, format!("写入后校验失败：{}", io_reason(&e))))?;
    if !back.starts_with(b"%PDF-") {
        return Err(file_err(path, "写入后校验失败：不是 PDF 文件"));
    }
    if back.len() != expected {
        return Err(file_err(path, format!("写入后校验失败：应为 {expected} 字节，读回 {} 字节", back.len())));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(bytes: &[u8]) -> Report {
        Report { title: "测试".into(), bytes: bytes.to_vec(), pages: 1, missing_chars: vec![] }
    }

    #[test]
    fn writes_and_replaces_leaving_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("报告.pdf");
        write_pdf(&path, &report(b"%PDF-1.7 first")).unwrap();
        write_pdf(&path, &report(b"%PDF-1.7 second, longer")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7 second, longer");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_what_is_not_a_pdf_and_a_missing_folder() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_pdf(&dir.path().join("a.pdf"), &report(b"hello")).unwrap_err();
        assert!(err.to_string().contains("不是 PDF"), "{err}");
        let err = write_pdf(&dir.path().join("无/a.pdf"), &report(b"%PDF-")).unwrap_err();
        assert!(err.to_string().contains("所在文件夹不存在"), "{err}");
    }
}
