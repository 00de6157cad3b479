//! The importer takes whatever a clerk's USB stick holds: random bytes, damaged workbooks and
//! sheets full of nonsense must end in a clean error or a report, never a panic, and never a
//! half-written database.

mod common;

use std::sync::OnceLock;

use common::*;
use ledger_core::store::excel::{ImportMode, ImportOptions};
use ledger_core::tasks::TaskQuery;
use ledger_core::LedgerError;
use proptest::prelude::*;

fn task_count(env: &Env) -> i64 {
    env.ledger.list_tasks(&TaskQuery::default()).unwrap().total
}

/// A valid sheet with a title, a header and a few rows.
fn valid_xlsx() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        xlsx_bytes(
            &[
                row(&["2024年重点任务分工台账"]),
                row(&["项目", "主要任务", "具体任务", "牵头单位", "责任单位", "完成时限", "状态"]),
                row(&[
                    "(一)开展机构规范化攻坚",
                    "规范机构运行管理",
                    "加强业务指导",
                    "综合执法支队",
                    "各分局",
                    "长期坚持",
                    "进行中",
                ]),
                row(&["", "", "深化机构改革", "人事科", "各分局、综合执法支队", "12月底前", ""]),
                row(&[
                    "(二)开展装备配备攻坚",
                    "加强执法装备配备",
                    "制定装备配备计划",
                    "/",
                    "各分局",
                    "9月底前",
                    "已完成",
                ]),
            ],
            &[(0, 0, 0, 6, "2024年重点任务分工台账")],
        )
    })
}

/// Import `bytes` saved under `name`; the outcome must be a report or one of the clean errors,
/// and the database must hold exactly what the report says was written.
fn import_bytes(name: &str, bytes: &[u8], mode: ImportMode) -> Result<(), TestCaseError> {
    let mut env = branch();
    let path = env.path(name);
    std::fs::write(&path, bytes).unwrap();
    let before = dump(env.ledger.conn());
    match env.ledger.import_tasks(&path, &ImportOptions::new(mode, 2024)) {
        Ok(report) => {
            prop_assert_eq!(report.valid_rows + report.rejected_rows, report.total_rows);
            prop_assert_eq!(report.errors.len() as u32, report.rejected_rows);
            prop_assert_eq!(task_count(&env), i64::from(report.inserted));
            prop_assert_eq!(report.committed, report.inserted > 0);
        }
        Err(e) => {
            prop_assert!(
                matches!(e, LedgerError::File { .. } | LedgerError::ImportRejected(_)),
                "unexpected error {}: {}",
                e.code(),
                e
            );
            prop_assert!(!e.to_string().is_empty());
            prop_assert_eq!(dump(env.ledger.conn()), before);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_are_refused_cleanly(
        bytes in prop::collection::vec(any::<u8>(), 0..4096),
        ext in prop::sample::select(vec!["xlsx", "xls", "ods"]),
    ) {
        let mut env = branch();
        let path = env.path(&format!("随机.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        let before = dump(env.ledger.conn());
        let err = env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::AllOrNothing, 2024)).unwrap_err();
        prop_assert_eq!(err.code(), "E_FILE", "{}", err);
        prop_assert!(err.to_string().contains("随机."), "the message names the file: {}", err);
        prop_assert_eq!(dump(env.ledger.conn()), before);
    }

    #[test]
    fn random_bytes_behind_a_zip_or_ole_signature_are_refused_cleanly(
        tail in prop::collection::vec(any::<u8>(), 0..2048),
        ole in any::<bool>(),
        ext in prop::sample::select(vec!["xlsx", "xls", "ods"]),
    ) {
        let mut bytes = if ole {
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
        } else {
            b"PK\x03\x04".to_vec()
        };
        bytes.extend(tail);
        import_bytes(&format!("签名.{ext}"), &bytes, ImportMode::AllOrNothing)?;
    }

    #[test]
    fn a_damaged_workbook_never_panics(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        truncate in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = valid_xlsx().to_vec();
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= b.max(1);
        }
        if let Some(at) = truncate {
            bytes.truncate(at.index(bytes.len()));
        }
        import_bytes("损坏.xlsx", &bytes, ImportMode::AllOrNothing)?;
    }

    #[test]
    fn random_cells_import_or_report_row_errors(
        rows in prop::collection::vec(prop::collection::vec(cell(), 7), 0..12),
    ) {
        let mut sheet = vec![row(&["序号", "年度", "项目", "具体任务", "完成时限", "截止日期", "状态"])];
        sheet.extend(rows.iter().cloned());
        let bytes = xlsx_bytes(&sheet, &[]);
        let mut env = branch();
        let path = env.path("随机内容.xlsx");
        std::fs::write(&path, bytes).unwrap();
        let blank = |c: &X| match c {
            X::Blank => true,
            X::S(s) => s.trim().is_empty(),
            _ => false,
        };
        let data_rows = rows.iter().filter(|r| !r.iter().all(blank)).count() as u32;
        // One value, in the first column (序号), and no 具体任务: a group heading (set aside), or
        // a blank form's numbered row (skipped) when the value is a whole number.
        let alone = |r: &[X]| !blank(&r[0]) && r[1..].iter().all(blank);
        let whole = |c: &X| match c {
            X::N(n) => n.fract() == 0.0,
            X::S(s) => s.trim().trim_end_matches(['.', '、', '．']).parse::<u32>().is_ok(),
            _ => false,
        };
        let numbered = rows.iter().filter(|r| alone(r) && whole(&r[0])).count() as u32;
        match env.ledger.import_tasks(&path, &ImportOptions::new(ImportMode::ValidRowsOnly, 2024)) {
            Ok(report) => {
                prop_assert_eq!(report.header_row, 1);
                let counted = report.total_rows + report.set_aside.len() as u32;
                prop_assert!(counted <= data_rows && counted + numbered >= data_rows, "{} of {}", counted, data_rows);
                for l in &report.set_aside {
                    prop_assert!((2..=rows.len() as u32 + 1).contains(&l.row), "row {} set aside", l.row);
                }
                prop_assert_eq!(report.valid_rows + report.rejected_rows, report.total_rows);
                prop_assert_eq!(report.errors.len() as u32, report.rejected_rows);
                prop_assert_eq!(report.inserted, report.valid_rows);
                prop_assert_eq!(task_count(&env), i64::from(report.inserted));
                let last_row = rows.len() as u32 + 1;
                for e in &report.errors {
                    prop_assert!((2..=last_row).contains(&e.row), "row {} outside 2..={}", e.row, last_row);
                    prop_assert!(
                        ["序号", "年度", "项目", "具体任务", "完成时限", "截止日期", "状态"].contains(&e.column.as_str()),
                        "column {}", e.column
                    );
                    prop_assert!(!e.reason.is_empty());
                }
            }
            Err(e) => {
                let records = rows.iter().filter(|r| !r.iter().all(blank) && !alone(r)).count();
                prop_assert_eq!(records, 0, "only a sheet without a record may fail: {}", e);
                prop_assert_eq!(e.code(), "E_FILE");
                prop_assert!(e.to_string().contains("表头下没有数据行"), "{}", e);
            }
        }
    }
}

/// A cell as clerks might fill it: blank, real-looking values, or anything at all.
fn cell() -> impl Strategy<Value = X> {
    prop_oneof![
        3 => Just(X::Blank),
        2 => prop::sample::select(vec![
            "2024", "2025年", "1", "12", "未开始", "进行中", "已完成", "7月底前", "长期坚持", "尽快",
            "2024-07-31", "2024年7月31日", "各分局、综合执法支队", "〃", "同上", "/", "0", "-3", "1e9",
        ]).prop_map(|s| X::S(s.to_string())),
        2 => "\\PC{1,20}".prop_map(X::S),
        1 => any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(X::N),
        1 => (1900i32..2200, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| X::D(date(y, m, d))),
    ]
}
