//! Native file dialogs (rfd, GTK 3 on Linux). GTK must be driven from the main thread, so each
//! dialog runs there and its answer comes back over a channel. They return paths only; what is
//! done with a path is a command of its own.

use std::path::PathBuf;

use ledger_core::{ErrorPayload, LedgerError};
use tauri::AppHandle;

type Res<T> = Result<T, ErrorPayload>;

async fn on_main<T: Send + 'static>(app: &AppHandle, f: impl FnOnce() -> T + Send + 'static) -> Res<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    app.run_on_main_thread(move || {
        let _ = tx.send(f());
    })
    .map_err(|e| LedgerError::Rejected(format!("无法打开文件对话框：{e}")).to_payload())?;
    tauri::async_runtime::spawn_blocking(move || rx.recv())
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or_else(|| LedgerError::Rejected("文件对话框异常关闭".into()).to_payload())
}

fn path_string(p: PathBuf) -> String {
    p.display().to_string()
}

/// Choose evidence files (scans, photos, PDFs …); empty when cancelled.
#[tauri::command]
pub async fn pick_evidence_files(app: AppHandle) -> Res<Vec<String>> {
    on_main(&app, || {
        rfd::FileDialog::new()
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
            .unwrap_or_default()
            .into_iter()
            .map(path_string)
            .collect()
    })
    .await
}

/// Choose a sheet to import.
#[tauri::command]
pub async fn pick_import_file(app: AppHandle) -> Res<Option<String>> {
    on_main(&app, || {
        rfd::FileDialog::new()
            .set_title("选择要导入的表格")
            .add_filter("Excel/WPS 表格", &["xlsx", "xls", "ods", "xlsm"])
            .pick_file()
            .map(path_string)
    })
    .await
}

/// Choose where to save an export.
#[tauri::command]
pub async fn pick_export_path(app: AppHandle, default_name: String) -> Res<Option<String>> {
    on_main(&app, move || {
        rfd::FileDialog::new()
            .set_title("导出为 Excel 表格")
            .set_file_name(&default_name)
            .add_filter("Excel 表格", &["xlsx"])
            .save_file()
            .map(|p| if p.extension().is_none() { p.with_extension("xlsx") } else { p })
            .map(path_string)
    })
    .await
}
