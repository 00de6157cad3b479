//! Native file dialogs (rfd, GTK 3 on Linux). GTK must be driven from the main thread, so each
//! dialog runs there and its answer comes back over a channel. They return paths only; what is
//! done with a path is a command of its own.

use std::future::Future;

use ledger_core::{ErrorPayload, LedgerError};
use tauri::AppHandle;

// The error type is what crosses IPC; boxing it would gain nothing.
#[allow(clippy::result_large_err)]
type Res<T> = Result<T, ErrorPayload>;

/// Test hook for the end-to-end tests, which cannot click in a native dialog: when this
/// variable names a file, every dialog answers with the paths written in it, one per line,
/// instead of opening (an empty file is a cancelled dialog).
pub const SCRIPTED_ANSWERS_ENV: &str = "BRANCH_LEDGER_DIALOG_ANSWERS";

fn scripted_answer() -> Option<Vec<String>> {
    let file = std::env::var_os(SCRIPTED_ANSWERS_ENV)?;
    let text = std::fs::read_to_string(file).unwrap_or_default();
    Some(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect())
}

/// Build a dialog on the main thread (where Tauri runs the GTK loop) and wait for the clerk's
/// answer on a thread of its own, so that the window keeps painting while the dialog is open.
/// This is how tauri-plugin-dialog drives rfd; rfd's blocking API would deadlock here.
async fn on_main<T, Fut>(app: &AppHandle, build: impl FnOnce() -> Fut + Send + 'static) -> Res<T>
where
    T: Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    let (tx, rx) = std::sync::mpsc::channel();
    app.run_on_main_thread(move || {
        let dialog = build();
        std::thread::spawn(move || {
            let _ = tx.send(tauri::async_runtime::block_on(dialog));
        });
    })
    .map_err(|e| LedgerError::Rejected(format!("无法打开文件对话框：{e}")).to_payload())?;
    tauri::async_runtime::spawn_blocking(move || rx.recv())
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| LedgerError::Rejected("文件对话框异常关闭".into()).to_payload())
}

fn path_string(f: rfd::FileHandle) -> String {
    f.path().display().to_string()
}

/// Choose evidence files (scans, photos, PDFs …); empty when cancelled.
#[tauri::command]
pub async fn pick_evidence_files(app: AppHandle) -> Res<Vec<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths);
    }
    let picked = on_main(&app, || {
        rfd::AsyncFileDialog::new()
            .set_title("选择佐证材料")
            .add_filter(
                "常见材料",
                &[
                    "pdf", "jpg", "jpeg", "png", "gif", "bmp", "webp", "doc", "docx", "xls", "xlsx", "wps", "ofd",
                    "txt", "mp4", "zip",
                ],
            )
            .add_filter("所有文件", &["*"])
            .pick_files()
    })
    .await?;
    Ok(picked.unwrap_or_default().into_iter().map(path_string).collect())
}

/// Choose a sheet to import.
#[tauri::command]
pub async fn pick_import_file(app: AppHandle) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, || {
        rfd::AsyncFileDialog::new()
            .set_title("选择要导入的表格")
            .add_filter("Excel/WPS 表格", &["xlsx", "xls", "ods", "xlsm"])
            .pick_file()
    })
    .await?;
    Ok(picked.map(path_string))
}

/// Choose a task template file (TOML, as in seeds/templates/).
#[tauri::command]
pub async fn pick_template_file(app: AppHandle) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, || {
        rfd::AsyncFileDialog::new().set_title("选择任务模板文件").add_filter("任务模板", &["toml"]).pick_file()
    })
    .await?;
    Ok(picked.map(path_string))
}

/// Choose a standard equipment list file (TOML, as in seeds/reference/equipment-standard-2020.toml).
#[tauri::command]
pub async fn pick_standard_file(app: AppHandle) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, || {
        rfd::AsyncFileDialog::new().set_title("选择标准装备清单文件").add_filter("标准装备清单", &["toml"]).pick_file()
    })
    .await?;
    Ok(picked.map(path_string))
}

/// Choose a rubric file (TOML, as in seeds/rubrics/).
#[tauri::command]
pub async fn pick_rubric_file(app: AppHandle) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, || {
        rfd::AsyncFileDialog::new().set_title("选择评分细则文件").add_filter("评分细则", &["toml"]).pick_file()
    })
    .await?;
    Ok(picked.map(path_string))
}

/// Choose where to save a PDF report.
#[tauri::command]
pub async fn pick_pdf_path(app: AppHandle, default_name: String) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, move || {
        rfd::AsyncFileDialog::new()
            .set_title("保存 PDF 报告")
            .set_file_name(&default_name)
            .add_filter("PDF 文件", &["pdf"])
            .save_file()
    })
    .await?;
    Ok(picked.map(|f| {
        let p = f.path().to_path_buf();
        let p = if p.extension().is_none() { p.with_extension("pdf") } else { p };
        p.display().to_string()
    }))
}

/// Choose where to save an export.
#[tauri::command]
pub async fn pick_export_path(app: AppHandle, default_name: String) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, move || {
        rfd::AsyncFileDialog::new()
            .set_title("导出为 Excel 表格")
            .set_file_name(&default_name)
            .add_filter("Excel 表格", &["xlsx"])
            .save_file()
    })
    .await?;
    Ok(picked.map(|f| {
        let p = f.path().to_path_buf();
        let p = if p.extension().is_none() { p.with_extension("xlsx") } else { p };
        p.display().to_string()
    }))
}

/// Choose a folder (the USB stick) to write a bundle into.
#[tauri::command]
pub async fn pick_folder(app: AppHandle) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, || rfd::AsyncFileDialog::new().set_title("选择 U 盘或文件夹").pick_folder()).await?;
    Ok(picked.map(path_string))
}

/// Choose branch bundles to import (several at once).
#[tauri::command]
pub async fn pick_bundle_files(app: AppHandle) -> Res<Vec<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths);
    }
    let picked = on_main(&app, || {
        rfd::AsyncFileDialog::new().set_title("选择分局数据包").add_filter("数据包", &["zip"]).pick_files()
    })
    .await?;
    Ok(picked.unwrap_or_default().into_iter().map(path_string).collect())
}

/// Choose one bundle (a template bundle, or one to check).
#[tauri::command]
pub async fn pick_bundle_file(app: AppHandle) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, || {
        rfd::AsyncFileDialog::new().set_title("选择数据包").add_filter("数据包", &["zip"]).pick_file()
    })
    .await?;
    Ok(picked.map(path_string))
}

/// Choose a public key file (`.pub`).
#[tauri::command]
pub async fn pick_key_file(app: AppHandle) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, || {
        rfd::AsyncFileDialog::new().set_title("选择公钥文件").add_filter("公钥文件", &["pub", "txt"]).pick_file()
    })
    .await?;
    Ok(picked.map(path_string))
}

/// Choose a TOML file (a task template, rubric or reference list the city bureau sends).
#[tauri::command]
pub async fn pick_toml_file(app: AppHandle, title: String) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, move || {
        rfd::AsyncFileDialog::new().set_title(&title).add_filter("TOML 文件", &["toml"]).pick_file()
    })
    .await?;
    Ok(picked.map(path_string))
}

/// Choose where to save the city summary (.pdf or .xlsx).
#[tauri::command]
pub async fn pick_summary_path(app: AppHandle, default_name: String) -> Res<Option<String>> {
    if let Some(paths) = scripted_answer() {
        return Ok(paths.into_iter().next());
    }
    let picked = on_main(&app, move || {
        rfd::AsyncFileDialog::new()
            .set_title("保存各分局汇总表")
            .set_file_name(&default_name)
            .add_filter("PDF 文件", &["pdf"])
            .add_filter("Excel 表格", &["xlsx"])
            .save_file()
    })
    .await?;
    Ok(picked.map(path_string))
}
