//! A small, strict reader of the zip central directory, so every raw entry (including
//! duplicates, which the `zip` crate folds together) can be checked before any data is read.
//! Only single-disk archives with the central directory immediately before the end records are
//! accepted, which is what our writer produces. The zip is read through [`At`]: a slice in
//! memory, or anything that reads and seeks ([`SeekAt`]: a file, or what the writer just wrote),
//! of which only the end records and the directory are read.

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::{self, Read, Seek, SeekFrom};

/// Random access to the bytes of a zip.
pub(crate) trait At {
    /// The length in bytes.
    fn len(&self) -> u64;
    /// `n` bytes from `pos`, or `None` when they are not all there.
    fn bytes(&self, pos: u64, n: u64) -> Option<Cow<'_, [u8]>>;
}

impl At for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }

    fn bytes(&self, pos: u64, n: u64) -> Option<Cow<'_, [u8]>> {
        let start = usize::try_from(pos).ok()?;
        let end = start.checked_add(usize::try_from(n).ok()?)?;
        self.get(start..end).map(Cow::Borrowed)
    }
}

/// A zip read through `Read + Seek` (a file, or what the writer just wrote), where it is asked;
/// the first read error is kept for the caller, since to the directory reader a failed read
/// looks like a short file.
pub(crate) struct SeekAt<R> {
    reader: RefCell<R>,
    len: u64,
    error: RefCell<Option<io::Error>>,
}

impl<R: Read + Seek> SeekAt<R> {
    /// `reader`, `len` bytes long.
    pub(crate) fn new(reader: R, len: u64) -> Self {
        SeekAt { reader: RefCell::new(reader), len, error: RefCell::new(None) }
    }

    /// The first read error, if any.
    pub(crate) fn take_error(&self) -> Option<io::Error> {
        self.error.borrow_mut().take()
    }
}

impl<R: Read + Seek> At for SeekAt<R> {
    fn len(&self) -> u64 {
        self.len
    }

    fn bytes(&self, pos: u64, n: u64) -> Option<Cow<'_, [u8]>> {
        if pos.checked_add(n).is_none_or(|end| end > self.len) {
            return None;
        }
        let mut buf = vec![0u8; usize::try_from(n).ok()?];
        let mut reader = self.reader.borrow_mut();
        match reader.seek(SeekFrom::Start(pos)).and_then(|_| reader.read_exact(&mut buf)) {
            Ok(()) => Some(Cow::Owned(buf)),
            Err(e) => {
                self.error.borrow_mut().get_or_insert(e);
                None
            }
        }
    }
}

/// One central directory record, as stored.
#[derive(Debug, Clone)]
pub(crate) struct RawEntry {
    /// Name bytes as stored.
    pub name: Vec<u8>,
    /// "Version made by": high byte is the host system (3 = unix).
    pub version_made_by: u16,
    /// General purpose flags (bit 0 encrypted, bit 11 UTF-8 name).
    pub flags: u16,
    /// Compression method (0 stored, 8 deflate).
    pub method: u16,
    /// Compressed size (after ZIP64 resolution).
    pub compressed_size: u64,
    /// Uncompressed size (after ZIP64 resolution).
    pub uncompressed_size: u64,
    /// External attributes (unix mode in the high 16 bits when made on unix).
    pub external_attributes: u32,
}

/// The parsed central directory.
#[derive(Debug)]
pub(crate) struct RawDirectory {
    /// Offset of the central directory from the start of the file.
    pub start: u64,
    /// Records in directory order.
    pub entries: Vec<RawEntry>,
}

/// Why the directory could not be read.
#[derive(Debug)]
pub(crate) enum DirError {
    /// Structurally broken (Chinese reason).
    Corrupt(String),
    /// More records declared than allowed.
    TooManyEntries(u64),
}

const EOCD_SIG: u32 = 0x0605_4b50;
const ZIP64_LOCATOR_SIG: u32 = 0x0706_4b50;
const ZIP64_EOCD_SIG: u32 = 0x0606_4b50;
const CDFH_SIG: u32 = 0x0201_4b50;
const EOCD_LEN: u64 = 22;
const ZIP64_LOCATOR_LEN: u64 = 20;
const ZIP64_EOCD_LEN: u64 = 56;
const CDFH_LEN: usize = 46;

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}
fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}
fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

fn corrupt(reason: &str) -> DirError {
    DirError::Corrupt(reason.to_string())
}

/// Reads the central directory of `src`, refusing more than `max_entries` records before
/// walking them.
pub(crate) fn read_directory(src: &(impl At + ?Sized), max_entries: usize) -> Result<RawDirectory, DirError> {
    let (eocd, record) =
        find_eocd(src).ok_or_else(|| corrupt("找不到 zip 目录的结尾记录（文件被截断或不是 zip 文件）"))?;
    let field16 = |at| u16_at(&record, at).unwrap_or(0);
    let field32 = |at| u32_at(&record, at).unwrap_or(0);
    let (disk, cd_disk) = (field16(4), field16(6));
    let (mut count_here, mut count) = (u64::from(field16(8)), u64::from(field16(10)));
    let (mut cd_size, mut cd_start) = (u64::from(field32(12)), u64::from(field32(16)));
    let mut cd_end_limit = eocd;

    // ZIP64 end records, when present, sit right before the classic one.
    let locator = eocd.checked_sub(ZIP64_LOCATOR_LEN).and_then(|loc| Some((loc, src.bytes(loc, ZIP64_LOCATOR_LEN)?)));
    let locator = locator.filter(|(_, l)| u32_at(l, 0) == Some(ZIP64_LOCATOR_SIG));
    if let Some((loc, l)) = locator {
        let z64 = u64_at(&l, 8).ok_or_else(|| corrupt("ZIP64 定位记录不完整"))?;
        if u32_at(&l, 4) != Some(0) || u32_at(&l, 16) != Some(1) {
            return Err(corrupt("不支持分卷 zip"));
        }
        let z = z64
            .checked_add(ZIP64_EOCD_LEN)
            .filter(|end| *end <= loc)
            .and_then(|_| src.bytes(z64, ZIP64_EOCD_LEN))
            .filter(|z| u32_at(z, 0) == Some(ZIP64_EOCD_SIG))
            .ok_or_else(|| corrupt("ZIP64 结尾记录位置无效"))?;
        let record_len = u64_at(&z, 4).unwrap_or(0);
        if record_len.checked_add(12) != Some(loc - z64) {
            return Err(corrupt("ZIP64 结尾记录长度不符"));
        }
        if u32_at(&z, 16) != Some(0) || u32_at(&z, 20) != Some(0) {
            return Err(corrupt("不支持分卷 zip"));
        }
        count_here = u64_at(&z, 24).unwrap_or(0);
        count = u64_at(&z, 32).unwrap_or(0);
        cd_size = u64_at(&z, 40).unwrap_or(0);
        cd_start = u64_at(&z, 48).unwrap_or(0);
        cd_end_limit = z64;
    } else if disk != 0 || cd_disk != 0 {
        return Err(corrupt("不支持分卷 zip"));
    }
    if count_here != count {
        return Err(corrupt("不支持分卷 zip"));
    }
    if count > max_entries as u64 {
        return Err(DirError::TooManyEntries(count));
    }
    if cd_start.checked_add(cd_size) != Some(cd_end_limit) {
        return Err(corrupt("zip 目录的位置或大小与结尾记录不符"));
    }
    if count.saturating_mul(CDFH_LEN as u64) > cd_size {
        return Err(corrupt("zip 目录的条目数与目录大小不符"));
    }
    // The directory lies within the file (it ends where the end records begin).
    let directory = src.bytes(cd_start, cd_size).ok_or_else(|| corrupt("zip 目录记录不完整"))?;
    let mut entries = Vec::with_capacity(count as usize);
    let mut pos = 0;
    for _ in 0..count {
        let (entry, next) = read_record(&directory, pos, cd_start)?;
        entries.push(entry);
        pos = next;
    }
    if pos != directory.len() {
        return Err(corrupt("zip 目录中有多余的数据"));
    }
    Ok(RawDirectory { start: cd_start, entries })
}

/// The position and bytes of the end-of-central-directory record: the last signature whose
/// comment length ends exactly at the end of the file.
fn find_eocd(src: &(impl At + ?Sized)) -> Option<(u64, Vec<u8>)> {
    let len = src.len();
    let last = len.checked_sub(EOCD_LEN)?;
    let first = last.saturating_sub(u64::from(u16::MAX));
    let tail = src.bytes(first, len - first)?;
    let found = (0..=(last - first) as usize).rev().find(|&p| {
        u32_at(&tail, p) == Some(EOCD_SIG)
            && u16_at(&tail, p + 20).is_some_and(|c| p + EOCD_LEN as usize + usize::from(c) == tail.len())
    })?;
    Some((first + found as u64, tail[found..found + EOCD_LEN as usize].to_vec()))
}

/// Reads the record at `pos` of the directory `bytes` (which starts at `cd_start` in the file);
/// returns it and the next position.
fn read_record(bytes: &[u8], pos: usize, cd_start: u64) -> Result<(RawEntry, usize), DirError> {
    let end = bytes.len();
    let header = bytes.get(pos..pos + CDFH_LEN).ok_or_else(|| corrupt("zip 目录记录不完整"))?;
    if u32_at(header, 0) != Some(CDFH_SIG) {
        return Err(corrupt("zip 目录记录的标识错误"));
    }
    let h16 = |at| u16_at(header, at).unwrap_or(0);
    let h32 = |at| u32_at(header, at).unwrap_or(0);
    let name_len = usize::from(h16(28));
    let extra_len = usize::from(h16(30));
    let comment_len = usize::from(h16(32));
    let name_start = pos + CDFH_LEN;
    let extra_start = name_start + name_len;
    let next = extra_start + extra_len + comment_len;
    if next > end {
        return Err(corrupt("zip 目录记录超出目录范围"));
    }
    let name = bytes[name_start..extra_start].to_vec();
    let extra = &bytes[extra_start..extra_start + extra_len];

    let mut uncompressed_size = u64::from(h32(24));
    let mut compressed_size = u64::from(h32(20));
    let mut local_offset = u64::from(h32(42));
    let disk_start = h16(34);
    if disk_start != 0 && disk_start != u16::MAX {
        return Err(corrupt("不支持分卷 zip"));
    }
    // Walk the extra fields; resolve ZIP64 sizes and offset.
    let mut at = 0;
    while at < extra.len() {
        let id = u16_at(extra, at).ok_or_else(|| corrupt("zip 扩展字段不完整"))?;
        let len = usize::from(u16_at(extra, at + 2).ok_or_else(|| corrupt("zip 扩展字段不完整"))?);
        let data = extra.get(at + 4..at + 4 + len).ok_or_else(|| corrupt("zip 扩展字段不完整"))?;
        if id == 0x0001 {
            let mut field = 0;
            let mut take = |value: &mut u64| -> Result<(), DirError> {
                if *value == u64::from(u32::MAX) {
                    *value = u64_at(data, field).ok_or_else(|| corrupt("ZIP64 扩展字段不完整"))?;
                    field += 8;
                }
                Ok(())
            };
            take(&mut uncompressed_size)?;
            take(&mut compressed_size)?;
            take(&mut local_offset)?;
        }
        at += 4 + len;
    }
    if local_offset.checked_add(30).is_none_or(|e| e > cd_start) {
        return Err(corrupt("zip 条目的位置超出数据区"));
    }
    let entry = RawEntry {
        name,
        version_made_by: h16(4),
        flags: h16(8),
        method: h16(10),
        compressed_size,
        uncompressed_size,
        external_attributes: h32(38),
    };
    Ok((entry, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_and_empty_input_are_corrupt() {
        assert!(matches!(read_directory(&b""[..], 10), Err(DirError::Corrupt(_))));
        assert!(matches!(read_directory(&[0u8; 100][..], 10), Err(DirError::Corrupt(_))));
        // A bare EOCD of an empty archive is fine.
        let mut empty = vec![0x50, 0x4b, 0x05, 0x06];
        empty.extend([0u8; 18]);
        assert_eq!(read_directory(empty.as_slice(), 10).unwrap().entries.len(), 0);
    }
}
