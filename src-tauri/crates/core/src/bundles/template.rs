//! The way back: the city bureau's template bundle — the year's task template, a rubric and the
//! reference lists (the standard equipment list, the training kinds, the uniform issue scale) —
//! signed with the city key, and its import at a branch that pinned that key.
//!
//! Invariant: the preview a branch sees is the import itself, run in a transaction that is rolled
//! back; the import applies every part in one transaction, or nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ledger_bundle::{BundleBuilder, BundleKind, Limits, ManifestHeader, Source, SourceRole, Trust, Verified};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::export::{check_dir, next_in, record_export};
use super::keys::Role;
use super::model::{ExportProgress, ExportRecord};
use crate::error::{LedgerError, Result};
use crate::store::dates;
use crate::store::files::read_text;
use crate::{Ledger, Tx};

/// The entries of a template bundle, in the order they are applied.
pub const PARTS: &[(&str, &str)] = &[
    ("template/tasks.toml", "年度任务模板"),
    ("template/rubric.toml", "评分细则"),
    ("reference/equipment-standard.toml", "标准装备清单"),
    ("reference/training-kinds.toml", "培训类型"),
    ("reference/uniforms.toml", "制服配发标准"),
];

/// The files a city bureau sends; at least one.
#[derive(Debug, Clone, Default)]
pub struct TemplateFiles {
    pub tasks: Option<PathBuf>,
    pub rubric: Option<PathBuf>,
    pub standard: Option<PathBuf>,
    pub training_kinds: Option<PathBuf>,
    pub uniforms: Option<PathBuf>,
}

impl TemplateFiles {
    fn by_entry(&self) -> [(&'static str, Option<&PathBuf>); 5] {
        [
            (PARTS[0].0, self.tasks.as_ref()),
            (PARTS[1].0, self.rubric.as_ref()),
            (PARTS[2].0, self.standard.as_ref()),
            (PARTS[3].0, self.training_kinds.as_ref()),
            (PARTS[4].0, self.uniforms.as_ref()),
        ]
    }
}

/// What one part of a template does (or did) to the branch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateChange {
    /// 年度任务模板, 评分细则, …
    pub part: String,
    /// One line: 新建 2025 年度台账 29 项任务; 与本分局现有的相同，不变 …
    pub summary: String,
    /// The names behind it (the items added, retired, changed).
    pub details: Vec<String>,
    /// False when the part changes nothing.
    pub changes: bool,
}

/// A template bundle checked against the pinned city key, and what importing it does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplatePreview {
    pub file: String,
    pub city_name: String,
    pub fingerprint: String,
    #[ts(type = "number")]
    pub sequence: u64,
    pub created_at: String,
    pub parts: Vec<TemplateChange>,
    /// True once applied.
    pub applied: bool,
}

fn text_of<'a>(v: &'a Verified, name: &str) -> Result<Option<&'a str>> {
    match v.entry(name) {
        None => Ok(None),
        Some(b) => std::str::from_utf8(b)
            .map(Some)
            .map_err(|_| LedgerError::Rejected(format!("模板包条目 {name} 不是 UTF-8 文本"))),
    }
}

/// Check a part's text as its importer will read it (the city bureau checks before it signs).
fn check_part(entry: &str, text: &str, origin: &str) -> Result<()> {
    match entry {
        "template/tasks.toml" => crate::tasks::template::Template::parse(text, origin).map(|_| ()),
        "template/rubric.toml" => crate::assessment::rubrics::checked(text, origin).map(|_| ()),
        "reference/equipment-standard.toml" => {
            crate::equipment::standard::StandardFile::parse(text, origin).map(|_| ())
        }
        "reference/training-kinds.toml" | "reference/uniforms.toml" => toml::from_str::<toml::Value>(text)
            .map(|_| ())
            .map_err(|e| LedgerError::file(origin, format!("格式错误：{e}"))),
        _ => Err(LedgerError::Rejected(format!("模板包条目 {entry} 本程序不认识（请升级程序）"))),
    }
}

/// Apply every part of a verified template in `tx`, saying what each did.
fn apply(tx: &Tx<'_>, v: &Verified) -> Result<Vec<TemplateChange>> {
    let origin = |name: &str| format!("模板包 {name}");
    if let Some(extra) = v.entry_names().find(|n| !PARTS.iter().any(|p| p.0 == *n)) {
        return Err(LedgerError::Rejected(format!("模板包条目 {extra} 本程序不认识（请升级程序后再导入）")));
    }
    let mut out = Vec::new();
    for (entry, part) in PARTS {
        let Some(text) = text_of(v, entry)? else { continue };
        let change = match *entry {
            "template/tasks.toml" => {
                let t = crate::tasks::template::Template::parse(text, &origin(entry))?;
                match crate::tasks::template::apply_in(tx, &t)? {
                    Some(n) => {
                        change(part, format!("“{}”：新建 {} 年度台账 {n} 项任务", t.title, t.year), vec![], true)
                    }
                    None => change(
                        part,
                        format!(
                            "“{}”：本分局 {} 年度台账已有 {} 项任务，不套用",
                            t.title,
                            t.year,
                            crate::tasks::template::tasks_in_year(tx, t.year)?
                        ),
                        vec![],
                        false,
                    ),
                }
            }
            "template/rubric.toml" => {
                let r = crate::assessment::rubrics::checked(text, &origin(entry))?;
                match crate::assessment::rubrics::change_of(tx, &r, text)? {
                    "不变" => change(part, format!("“{}”与已载入的相同，不变", r.title), vec![], false),
                    how => {
                        crate::assessment::rubrics::store(tx, &r, text, "市局模板包")?;
                        let what = if how == "新增" { "载入" } else { "更新已载入的" };
                        change(part, format!("{what}评分细则“{}”", r.title), vec![], true)
                    }
                }
            }
            "reference/equipment-standard.toml" => {
                let file = crate::equipment::standard::StandardFile::parse(text, &origin(entry))?;
                let r = crate::equipment::standard::load(tx, &file)?;
                tx.audit("standard_list", &file.edition, "import", None::<&()>, Some(&r))?;
                let mut details: Vec<String> = r.added.iter().map(|n| format!("新增：{n}")).collect();
                details.extend(r.retired.iter().map(|n| format!("停用（旧版）：{n}")));
                let summary = format!(
                    "“{}”：新增 {} 项，保留 {} 项，停用 {} 项{}",
                    r.edition,
                    r.added.len(),
                    r.kept.len(),
                    r.retired.len(),
                    if r.items_on_retired > 0 {
                        format!("（{} 件装备关联到停用项）", r.items_on_retired)
                    } else {
                        String::new()
                    }
                );
                if r.added.is_empty() && r.retired.is_empty() {
                    change(
                        part,
                        format!(
                            "“{}”：与本分局现行清单的条目相同（{} 项），按新文件更新各项内容",
                            r.edition,
                            r.kept.len()
                        ),
                        details,
                        false,
                    )
                } else {
                    change(part, summary, details, true)
                }
            }
            "reference/training-kinds.toml" => {
                let added = crate::training::kinds::merge(tx, text, &origin(entry))?;
                if added.is_empty() {
                    change(part, "本分局已有清单中的全部类型，不变".into(), vec![], false)
                } else {
                    change(part, format!("新增 {} 类", added.len()), added, true)
                }
            }
            "reference/uniforms.toml" => {
                let (added, changed) = crate::people::uniforms::merge_scale(tx, text, &origin(entry))?;
                if added.is_empty() && changed.is_empty() {
                    change(part, "与本分局现行标准相同，不变".into(), vec![], false)
                } else {
                    let mut details: Vec<String> = added.iter().map(|n| format!("新增：{n}")).collect();
                    details.extend(changed.iter().map(|n| format!("数量或使用年限变更：{n}")));
                    change(part, format!("新增 {} 项，变更 {} 项", added.len(), changed.len()), details, true)
                }
            }
            _ => unreachable!("PARTS lists the entries"),
        };
        out.push(change);
    }
    Ok(out)
}

fn change(part: &str, summary: String, details: Vec<String>, changes: bool) -> TemplateChange {
    TemplateChange { part: part.to_string(), summary, details, changes }
}

impl Ledger {
    /// The city bureau: sign the given files into a template bundle in `dir`.
    pub fn export_template(
        &mut self,
        files: &TemplateFiles,
        dir: &Path,
        progress: &mut dyn FnMut(ExportProgress),
    ) -> Result<ExportRecord> {
        if self.role()? != Role::City {
            return Err(LedgerError::Rejected("只有市局数据库能导出模板包（ledgerctl city init）".into()));
        }
        check_dir(dir)?;
        let city = self.require_branch()?;
        let key = self.signing_key()?;
        let mut builder = BundleBuilder::new();
        let mut counts = BTreeMap::new();
        for (entry, path) in files.by_entry() {
            let Some(path) = path else { continue };
            let text = read_text(path)?;
            check_part(entry, &text, &path.display().to_string())?;
            builder.add(entry, text.into_bytes())?;
            counts.insert(entry.to_string(), ledger_bundle::TableCount { rows: 1, deleted: 0 });
        }
        if counts.is_empty() {
            return Err(LedgerError::invalid("模板包内容", "至少选择一个文件（任务模板、评分细则或参考清单）"));
        }
        let (sequence, previous) = next_in(self.conn(), "template")?;
        let public = key.public();
        let header = ManifestHeader {
            kind: BundleKind::Template,
            source: Source {
                id: city.id.clone(),
                name: city.name.clone(),
                role: SourceRole::City,
                public_key: public.to_base64(),
                fingerprint: public.fingerprint(),
            },
            sequence,
            previous,
            created_at: dates::now_rfc3339(),
            program_version: env!("CARGO_PKG_VERSION").to_string(),
            counts,
        };
        let built = builder.finish(header, &key)?;
        let file_name = ledger_bundle::bundle_file_name(&city.name, dates::today(), sequence, BundleKind::Template);
        let path = ledger_bundle::write_bundle(dir, &file_name, &built.bytes, Some(&public), &mut |p| {
            progress(ExportProgress { stage: p.stage.label().into(), done: p.done, total: p.total })
        })?;
        let record = ExportRecord {
            sequence: sequence as i64,
            kind: "template".into(),
            kind_label: "模板".into(),
            file_name,
            path: path.display().to_string(),
            size: built.bytes.len() as i64,
            file_sha256: ledger_bundle::sha256_hex(&built.bytes),
            records: built.manifest.entries.len() as i64,
            deleted: 0,
            created_at: built.manifest.created_at.clone(),
            created_by: self.actor().to_string(),
        };
        let manifest_sha = built.manifest_sha256.clone();
        let counts = serde_json::to_string(&built.manifest.counts).unwrap_or_default();
        self.write(|tx| {
            record_export(tx, "template", &record, &manifest_sha, 0, &counts)?;
            tx.audit("bundle_export", &record.file_name, "export", None::<&()>, Some(&record))
        })?;
        Ok(record)
    }

    fn verified_template(&self, file: &Path) -> Result<Verified> {
        if self.role()? == Role::City {
            return Err(LedgerError::Rejected("模板包在分局数据库中导入".into()));
        }
        self.require_branch()?;
        let Some(city) = self.pinned_city_key()? else {
            return Err(LedgerError::Rejected(
                "尚未登记市局公钥，不能导入模板包：请先在“数据上报”页登记市局提供的公钥（ledgerctl city-key set）"
                    .into(),
            ));
        };
        let v = ledger_bundle::verify_file(file, Trust::Pinned(&city), &Limits::default())
            .map_err(|e| super::city::refused(file, e))?;
        if v.manifest.kind != BundleKind::Template || v.manifest.source.role != SourceRole::City {
            return Err(LedgerError::Rejected(format!("“{}”不是市局的模板包", file.display())));
        }
        Ok(v)
    }

    fn template_preview(&mut self, file: &Path, commit: bool) -> Result<TemplatePreview> {
        let v = self.verified_template(file)?;
        let parts = if commit {
            self.backup(crate::backup::BackupReason::Import)?;
            self.write(|tx| apply(tx, &v))?
        } else {
            self.rehearse(|tx| apply(tx, &v))?
        };
        Ok(TemplatePreview {
            file: file.display().to_string(),
            city_name: v.manifest.source.name.clone(),
            fingerprint: v.signer.fingerprint(),
            sequence: v.manifest.sequence,
            created_at: v.manifest.created_at.clone(),
            parts,
            applied: commit,
        })
    }

    /// What importing the template bundle `file` would change; nothing is written.
    pub fn preview_template(&mut self, file: &Path) -> Result<TemplatePreview> {
        self.template_preview(file, false)
    }

    /// Import the template bundle `file`: every part in one transaction.
    pub fn import_template(&mut self, file: &Path) -> Result<TemplatePreview> {
        self.template_preview(file, true)
    }
}
