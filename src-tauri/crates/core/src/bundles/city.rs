//! The city bureau's side: branches registered with their pinned keys, bundles imported into one
//! replica per branch, and the figures of every branch side by side.
//!
//! Invariant: an import checks every file it was given — signature, hashes, the registered key,
//! the data against the schema — before it writes anything; a refused import changes nothing. The
//! replica is written first and the import recorded after, so a crash between the two leaves a
//! bundle that a second import applies again to the same result.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ledger_bundle::{Limits, PublicKey, SourceRole, Trust, Verified};
use rusqlite::{params, Connection, OptionalExtension};

use super::export::kind_label;
use super::keys::Role;
use super::model::{BranchFigures, BranchStatus, ImportOutcome, StatusFigure, TableLine, VerifyReport};
use super::replica::{self, BundleData, Schema};
use super::tables;
use crate::error::{io_reason, LedgerError, Result};
use crate::store::dates;
use crate::Ledger;

/// A branch the city bureau knows.
struct Registered {
    pk: i64,
    branch_id: Option<String>,
    name: String,
    public_key: String,
}

fn registered_by(conn: &Connection, column: &str, value: &str) -> Result<Option<Registered>> {
    Ok(conn
        .query_row(
            &format!("SELECT pk, branch_id, name, public_key FROM city_branches WHERE {column} = ?1"),
            [value],
            |r| Ok(Registered { pk: r.get(0)?, branch_id: r.get(1)?, name: r.get(2)?, public_key: r.get(3)? }),
        )
        .optional()?)
}

/// A branch id from a bundle becomes a folder name: only what a UUID holds.
fn safe_id(id: &str) -> Result<&str> {
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(LedgerError::Rejected(format!("数据包中的分局标识“{id}”不合规")));
    }
    Ok(id)
}

/// What one file will do once every file has been checked.
struct Plan {
    file: PathBuf,
    verified: Verified,
    data: BundleData,
    branch_id: String,
    /// The registration to update, or `None` to register the branch with this bundle's key.
    registered: Option<i64>,
    /// The same bundle was imported before.
    already: bool,
}

/// A bundle refused for what the import found in it.
fn bundle_error(file: &Path, e: impl std::fmt::Display) -> LedgerError {
    LedgerError::BundleRefused { path: file.display().to_string(), reason: e.to_string(), code: "E_BUNDLE_REJECTED" }
}

/// A bundle refused by the verification, keeping its code.
pub(crate) fn refused(file: &Path, e: ledger_bundle::BundleError) -> LedgerError {
    LedgerError::BundleRefused { path: file.display().to_string(), reason: e.to_string(), code: e.code() }
}

fn figure_line(f: &crate::figures::Figure) -> StatusFigure {
    StatusFigure { id: f.id.clone(), name: f.name.clone(), value: f.value.clone(), pass: f.pass }
}

/// The figures the side-by-side view compares, computed from a branch's records.
pub fn branch_figures(ledger: &Ledger) -> Result<BranchFigures> {
    let conn = ledger.conn();
    let year = match ledger.latest_assessment_year()? {
        Some(y) => y,
        None => conn
            .query_row("SELECT MAX(year) FROM tasks WHERE deleted = 0", [], |r| r.get::<_, Option<i32>>(0))?
            .unwrap_or_else(|| chrono::Datelike::year(&dates::today())),
    };
    let today = dates::today();
    let result = ledger.current_assessment(year)?;
    let tasks = ledger.task_summary(Some(year), Some(today))?;
    let set = ledger.figures(&crate::figures::FigureQuery { as_of: None, unit_id: None })?;
    let staff: Vec<StatusFigure> = set.figures.iter().filter(|f| f.id.starts_with('F')).map(figure_line).collect();
    let gaps: Vec<String> =
        set.figures.iter().filter(|f| f.id == "E1" && f.pass == Some(false)).map(|f| f.name.clone()).collect();
    let staff_count: i64 = conn.query_row("SELECT COUNT(*) FROM staff WHERE deleted = 0", [], |r| r.get(0))?;
    Ok(BranchFigures {
        as_of: dates::iso(today),
        year,
        rubric_title: result.assessment.rubric_title.clone(),
        total: result.total,
        max: result.max,
        grade: result.grade.clone(),
        assessment_status: if result.assessment.id.is_empty() {
            "未开始".into()
        } else {
            result.assessment.status.label().into()
        },
        tasks: tasks.total,
        tasks_done: tasks.done,
        tasks_overdue: tasks.overdue,
        staff_pass: staff.iter().filter(|f| f.pass == Some(true)).count() as i64,
        staff_applicable: staff.iter().filter(|f| f.pass.is_some()).count() as i64,
        staff_figures: staff,
        equipment_gaps: gaps.len() as i64,
        equipment_gap_names: gaps,
        staff_count,
    })
}

/// The sequences not received after the newest full bundle, below the newest one.
fn missing(conn: &Connection, branch_id: &str) -> Result<Vec<u64>> {
    let mut st = conn.prepare("SELECT sequence, kind FROM city_imports WHERE branch_id = ?1 ORDER BY sequence")?;
    let seqs: Vec<(u64, String)> =
        st.query_map([branch_id], |r| Ok((r.get::<_, i64>(0)? as u64, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let Some(max) = seqs.iter().map(|s| s.0).max() else { return Ok(vec![]) };
    let from = seqs.iter().filter(|s| s.1 == "full").map(|s| s.0).max().unwrap_or(0);
    let have: BTreeSet<u64> = seqs.iter().map(|s| s.0).collect();
    Ok(((from + 1)..max).filter(|s| !have.contains(s)).collect())
}

fn table_lines(v: &Verified) -> Vec<TableLine> {
    v.manifest
        .counts
        .iter()
        .filter(|(_, c)| c.rows > 0 || c.deleted > 0)
        .map(|(t, c)| TableLine {
            table: t.clone(),
            title: tables::table(t).map(|t| t.title.to_string()).unwrap_or_else(|| t.clone()),
            rows: c.rows,
            deleted: c.deleted,
        })
        .collect()
}

/// The report of a verified bundle.
pub(crate) fn report_of(file: &Path, v: &Verified, size: u64, key_status: String, new_branch: bool) -> VerifyReport {
    let m = &v.manifest;
    let kind = m.kind.as_str();
    VerifyReport {
        file: file.display().to_string(),
        kind: kind.into(),
        kind_label: kind_label(kind).into(),
        source_id: m.source.id.clone(),
        source_name: m.source.name.clone(),
        source_role: match m.source.role {
            SourceRole::Branch => "分局".into(),
            SourceRole::City => "市局".into(),
        },
        fingerprint: v.signer.fingerprint(),
        sequence: m.sequence,
        previous_sequence: m.previous.as_ref().map(|p| p.sequence),
        created_at: m.created_at.clone(),
        program_version: m.program_version.clone(),
        entries: m.entries.len() as u64,
        size,
        file_sha256: v.file_sha256.clone(),
        manifest_sha256: v.manifest_sha256.clone(),
        tables: table_lines(v),
        key_status,
        new_branch,
    }
}

impl Ledger {
    fn require_city(&self) -> Result<()> {
        if self.role()? != Role::City {
            return Err(LedgerError::Rejected(
                "这是分局数据库；登记分局、导入数据包需在市局数据库中进行（ledgerctl city init）".into(),
            ));
        }
        Ok(())
    }

    /// Where the replica of `branch_id` lives (its evidence beside it).
    pub fn replica_path(&self, branch_id: &str) -> Result<PathBuf> {
        Ok(self.data_dir().join("branches").join(safe_id(branch_id)?).join("ledger.sqlite3"))
    }

    /// A branch's records, read-only, for the city reviewer.
    pub fn open_branch(&self, branch_id: &str) -> Result<Ledger> {
        self.require_city()?;
        let path = self.replica_path(branch_id)?;
        if !path.exists() {
            return Err(LedgerError::NotFound { entity: "分局数据", id: branch_id.into() });
        }
        Ledger::open_replica(path, true)
    }

    /// Check a bundle without importing it. On a city database the key is also compared with the
    /// branch's registered one; on a branch, a template's key with the pinned city key.
    pub fn verify_bundle(&self, file: &Path) -> Result<VerifyReport> {
        let verified = ledger_bundle::verify_file_keeping(file, Trust::Manifest, &Limits::default(), &|_| false)
            .map_err(|e| refused(file, e))?;
        let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
        let key_status = self.key_status(file, &verified)?;
        let new_branch = self.role()? == Role::City
            && verified.manifest.source.role == SourceRole::Branch
            && registered_by(self.conn(), "branch_id", &verified.manifest.source.id)?.is_none()
            && registered_by(self.conn(), "public_key", &verified.signer.to_base64())?.is_none();
        Ok(report_of(file, &verified, size, key_status, new_branch))
    }

    fn key_status(&self, file: &Path, v: &Verified) -> Result<String> {
        let signer = v.signer.to_base64();
        let initialised = self.branch()?.is_some();
        if !initialised {
            return Ok("签名有效；本数据库尚未初始化，未与登记的密钥比对".into());
        }
        match (self.role()?, v.manifest.source.role) {
            (Role::City, SourceRole::Branch) => match registered_by(self.conn(), "branch_id", &v.manifest.source.id)? {
                Some(r) if r.public_key == signer => Ok(format!("签名有效，与登记的“{}”的密钥一致", r.name)),
                Some(r) => Err(bundle_error(file, foreign_key(&r, &v.signer))),
                None => match registered_by(self.conn(), "public_key", &signer)? {
                    Some(r) => Ok(format!("签名有效，与密钥清单中登记的“{}”的密钥一致", r.name)),
                    None => Ok("签名有效；该分局尚未登记（首次导入时登记并固定其密钥）".into()),
                },
            },
            (Role::Branch, SourceRole::City) => match self.pinned_city_key()? {
                Some(k) if k == v.signer => Ok("签名有效，与登记的市局密钥一致".into()),
                Some(k) => Err(bundle_error(
                    file,
                    format!(
                        "模板包由另一把密钥签名（指纹 {}），不是登记的市局密钥（指纹 {}）",
                        v.signer.fingerprint(),
                        k.fingerprint()
                    ),
                )),
                None => Ok("签名有效；本分局尚未登记市局公钥".into()),
            },
            _ => Ok("签名有效".into()),
        }
    }

    /// Register a branch from the city bureau's key list, before its first bundle: the key (a
    /// `.pub` file's text or the `RW…` line) and the branch's name.
    pub fn register_branch_key(&mut self, key_text: &str, name: &str) -> Result<BranchStatus> {
        self.require_city()?;
        let key = PublicKey::from_text(key_text).map_err(|e| LedgerError::invalid("分局公钥", e.to_string()))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(LedgerError::invalid("分局名称", "不能为空"));
        }
        let line = key.to_base64();
        self.write(|tx| {
            if let Some(r) = registered_by(tx, "public_key", &line)? {
                return Err(LedgerError::Rejected(format!("该密钥已登记给“{}”", r.name)));
            }
            tx.execute(
                "INSERT INTO city_branches (name, public_key, fingerprint, registered_at, registered_by) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, line, key.fingerprint(), dates::now_rfc3339(), tx.actor()],
            )?;
            tx.audit("city_branch", &key.fingerprint(), "register", None::<&()>, Some(&name))
        })?;
        self.city_status()?
            .into_iter()
            .find(|b| b.public_key == line)
            .ok_or_else(|| LedgerError::Rejected("登记后未找到该分局".into()))
    }

    /// Import bundles. Every file is checked first; if any is refused, nothing is imported.
    /// `register_new`: a bundle from a branch not yet registered registers it, pinning its key
    /// (the reviewer has compared the fingerprint); otherwise such a bundle is refused.
    pub fn city_import(&mut self, files: &[PathBuf], register_new: bool) -> Result<Vec<ImportOutcome>> {
        self.require_city()?;
        let schema = Schema::current()?;
        let mut plans: Vec<Plan> = Vec::new();
        for file in files {
            // Only the rows are held; the evidence is read from the file again as it is stored.
            let verified =
                ledger_bundle::verify_file_keeping(file, Trust::Manifest, &Limits::default(), &replica::KEPT)
                    .map_err(|e| refused(file, e))?;
            let plan = self.plan(file, verified, &schema, register_new, &plans)?;
            plans.push(plan);
        }
        let mut outcomes = Vec::new();
        // A backup first, unless every bundle was imported before (then nothing will change).
        if plans.iter().any(|p| !p.already) {
            self.backup(crate::backup::BackupReason::Import)?;
        }
        for plan in plans {
            outcomes.push(self.apply_plan(plan)?);
        }
        Ok(outcomes)
    }

    fn plan(
        &self,
        file: &Path,
        verified: Verified,
        schema: &Schema,
        register_new: bool,
        earlier: &[Plan],
    ) -> Result<Plan> {
        let m = &verified.manifest;
        if m.source.role != SourceRole::Branch {
            return Err(bundle_error(file, "这是市局下发的模板包，应在分局用“导入模板包”导入"));
        }
        let branch_id = safe_id(&m.source.id).map_err(|e| bundle_error(file, e))?.to_string();
        let signer = verified.signer.to_base64();
        let registered = match registered_by(self.conn(), "branch_id", &branch_id)? {
            Some(r) if r.public_key != signer => return Err(bundle_error(file, foreign_key(&r, &verified.signer))),
            Some(r) => Some(r.pk),
            None => match registered_by(self.conn(), "public_key", &signer)? {
                Some(r) if r.branch_id.is_some() => {
                    return Err(bundle_error(file, format!("该密钥已登记给“{}”，不能用于另一个分局", r.name)))
                }
                Some(r) => Some(r.pk),
                None if register_new || earlier.iter().any(|p| p.branch_id == branch_id) => None,
                None => {
                    return Err(bundle_error(
                        file,
                        format!(
                            "“{}”尚未登记。请核对密钥指纹 {} 后用“登记分局”（ledgerctl city register）导入首个数据包",
                            m.source.name,
                            verified.signer.fingerprint()
                        ),
                    ))
                }
            },
        };
        let seen: Option<String> = self
            .conn()
            .query_row(
                "SELECT manifest_sha256 FROM city_imports WHERE branch_id = ?1 AND sequence = ?2",
                params![branch_id, m.sequence as i64],
                |r| r.get(0),
            )
            .optional()?;
        let earlier_same = earlier.iter().find(|p| p.branch_id == branch_id && p.data.sequence == m.sequence);
        let already = match (seen, earlier_same) {
            (Some(sha), _) if sha == verified.manifest_sha256 => true,
            (_, Some(p)) if p.verified.manifest_sha256 == verified.manifest_sha256 => true,
            (Some(_), _) | (_, Some(_)) => {
                return Err(bundle_error(
                    file,
                    format!(
                        "“{}”的第 {} 号数据包已导入过，但内容不同：同一序号出现了两个不同的数据包",
                        m.source.name, m.sequence
                    ),
                ))
            }
            (None, None) => false,
        };
        let data = replica::read(&verified, schema).map_err(|e| bundle_error(file, e))?;
        let verified = verified.without_entries();
        Ok(Plan { file: file.to_path_buf(), verified, data, branch_id, registered, already })
    }

    fn apply_plan(&mut self, plan: Plan) -> Result<ImportOutcome> {
        let m = plan.verified.manifest.clone();
        let file = plan.file.display().to_string();
        let kind_l = kind_label(m.kind.as_str()).to_string();
        let registered_before =
            registered_by(self.conn(), "branch_id", &plan.branch_id)?.is_some() || plan.registered.is_some();
        if plan.already {
            return Ok(ImportOutcome {
                file,
                branch_id: plan.branch_id.clone(),
                branch_name: m.source.name.clone(),
                sequence: m.sequence,
                kind_label: kind_l,
                applied: false,
                registered: false,
                records: 0,
                deleted: 0,
                missing: missing(self.conn(), &plan.branch_id)?,
                message: "已导入过，未作改动".into(),
            });
        }
        // 1. The replica: evidence files first (by content; an orphan is harmless), then the rows.
        let path = self.replica_path(&plan.branch_id)?;
        let dir = path.parent().expect("replica has a folder");
        std::fs::create_dir_all(dir)
            .map_err(|e| LedgerError::file(dir, format!("无法创建分局数据目录：{}", io_reason(&e))))?;
        let mut replica = Ledger::open_replica(&path, false)?;
        for (sha, info) in &plan.data.evidence {
            replica.store_blob_with(sha, &mut |out| {
                ledger_bundle::copy_entry(&plan.file, info, out).map(drop).map_err(|e| refused(&plan.file, e))
            })?;
        }
        replica::prepare(replica.conn())?;
        let (records, deleted) = replica.write(|tx| replica::apply(tx, &plan.data))?;
        let figures = branch_figures(&replica)?;
        drop(replica);

        // 2. The record of the import, in the city database.
        let status = serde_json::to_string(&figures).unwrap_or_default();
        let counts = serde_json::to_string(&m.counts).unwrap_or_default();
        let now = dates::now_rfc3339();
        let file_name = plan.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let signer = plan.verified.signer.clone();
        let branch_id = plan.branch_id.clone();
        let newest: Option<i64> = self.conn().query_row(
            "SELECT MAX(sequence) FROM city_imports WHERE branch_id = ?1",
            [&branch_id],
            |r| r.get(0),
        )?;
        let is_newest = newest.is_none_or(|n| m.sequence as i64 >= n);
        self.write(|tx| {
            match plan.registered {
                Some(pk) => {
                    tx.execute("UPDATE city_branches SET branch_id = ?1 WHERE pk = ?2", params![branch_id, pk])?;
                }
                None => {
                    tx.execute(
                        "INSERT INTO city_branches (branch_id, name, public_key, fingerprint, registered_at, registered_by)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![branch_id, m.source.name, signer.to_base64(), signer.fingerprint(), now, tx.actor()],
                    )?;
                    tx.audit("city_branch", &branch_id, "register", None::<&()>, Some(&m.source.name))?;
                }
            }
            if is_newest {
                tx.execute(
                    "UPDATE city_branches SET name = ?1, status = ?2 WHERE branch_id = ?3",
                    params![m.source.name, status, branch_id],
                )?;
            } else {
                tx.execute("UPDATE city_branches SET status = ?1 WHERE branch_id = ?2", params![status, branch_id])?;
            }
            tx.execute(
                "INSERT INTO city_imports (branch_id, sequence, kind, file_name, file_sha256, manifest_sha256, created_at,
                                           imported_at, imported_by, counts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    branch_id,
                    m.sequence as i64,
                    m.kind.as_str(),
                    file_name,
                    plan.verified.file_sha256,
                    plan.verified.manifest_sha256,
                    m.created_at,
                    now,
                    tx.actor(),
                    counts
                ],
            )?;
            tx.audit("city_import", &branch_id, "import", None::<&()>, Some(&(&m.source.name, m.sequence, &file_name)))
        })?;
        Ok(ImportOutcome {
            file,
            branch_id: branch_id.clone(),
            branch_name: m.source.name.clone(),
            sequence: m.sequence,
            kind_label: kind_l,
            applied: true,
            registered: !registered_before,
            records,
            deleted,
            missing: missing(self.conn(), &branch_id)?,
            message: "已导入".into(),
        })
    }

    /// Recompute every branch's figures from its replica for today: the ones shown are computed
    /// at each import, and tasks fall overdue and certificates expire as the days pass.
    pub fn city_refresh(&mut self) -> Result<Vec<BranchStatus>> {
        self.require_city()?;
        let ids: Vec<String> = self
            .conn()
            .prepare("SELECT branch_id FROM city_branches WHERE branch_id IS NOT NULL AND status IS NOT NULL")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut computed = Vec::with_capacity(ids.len());
        for id in ids {
            let replica = self.open_branch(&id)?;
            let figures = serde_json::to_string(&branch_figures(&replica)?).unwrap_or_default();
            computed.push((id, figures));
        }
        self.write(|tx| {
            for (id, figures) in &computed {
                tx.execute("UPDATE city_branches SET status = ?1 WHERE branch_id = ?2", params![figures, id])?;
            }
            Ok(())
        })?;
        self.city_status()
    }

    /// Every registered branch with what it last sent and its figures, by name.
    pub fn city_status(&self) -> Result<Vec<BranchStatus>> {
        self.require_city()?;
        let mut st = self.conn().prepare(
            "SELECT b.branch_id, b.name, b.fingerprint, b.public_key, b.registered_at, b.status,
                    (SELECT MAX(sequence) FROM city_imports i WHERE i.branch_id = b.branch_id),
                    (SELECT MAX(imported_at) FROM city_imports i WHERE i.branch_id = b.branch_id),
                    (SELECT created_at FROM city_imports i WHERE i.branch_id = b.branch_id ORDER BY sequence DESC LIMIT 1)
             FROM city_branches b ORDER BY b.name, b.pk",
        )?;
        let rows = st
            .query_map([], |r| {
                Ok((
                    r.get::<_, Option<String>>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<i64>>(6)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .map(|(branch_id, name, fingerprint, public_key, registered_at, status, seq, imported, created)| {
                Ok(BranchStatus {
                    missing: match &branch_id {
                        Some(id) => missing(self.conn(), id)?,
                        None => vec![],
                    },
                    branch_id,
                    name,
                    fingerprint,
                    public_key,
                    registered_at,
                    last_sequence: seq.map(|s| s as u64),
                    last_import_at: imported,
                    last_bundle_at: created,
                    figures: status.and_then(|s| serde_json::from_str(&s).ok()),
                })
            })
            .collect()
    }
}

fn foreign_key(r: &Registered, signer: &PublicKey) -> String {
    let pinned = PublicKey::from_base64(&r.public_key).map(|k| k.fingerprint()).unwrap_or_default();
    format!(
        "数据包由另一把密钥签名（指纹 {}），与登记的“{}”的密钥（指纹 {pinned}）不符，可能是伪造或他处的数据包",
        signer.fingerprint(),
        r.name
    )
}
