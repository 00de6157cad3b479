//! Reading a text file a user names: a task template, a rubric, a key, the standard list.

use std::path::Path;

use crate::error::{io_reason, LedgerError, Result};

/// The text of `path`; a file that cannot be read, or is not UTF-8, is refused with the reason in
/// Chinese and the file named.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| LedgerError::file(path, format!("无法读取：{}", io_reason(&e))))?;
    String::from_utf8(bytes).map_err(|_| LedgerError::file(path, "不是 UTF-8 编码的文本文件（请另存为 UTF-8）"))
}
