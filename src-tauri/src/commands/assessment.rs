//! The figures, and the self-assessment scored against a rubric.

use std::path::PathBuf;

use ledger_core::assessment::{AssessmentInfo, AssessmentResult, RankLine, RubricCheck, RubricInfo, ScoreInput};
use ledger_core::figures::{Figure, FigureKey, FigureQuery, FigureSet};
use ledger_core::model::{CitableEvidence, Evidence};
use tauri::State;

use crate::AppState;

use super::{remembered, with, Res};

#[tauri::command]
pub async fn figures(state: State<'_, AppState>, query: FigureQuery) -> Res<FigureSet> {
    // Without the names: for a large branch they are tens of MB the pages do not show.
    remembered(&state, format!("figures {query:?}"), |l| l.figures(&query).map(FigureSet::without_names))
}

#[tauri::command]
pub async fn figure_names(state: State<'_, AppState>, query: FigureQuery, key: FigureKey) -> Res<Figure> {
    with(&state, |l| l.figure_with_names(&query, &key))
}

#[tauri::command]
pub async fn list_rubrics(state: State<'_, AppState>) -> Res<Vec<RubricInfo>> {
    with(&state, |l| l.list_rubrics())
}

#[tauri::command]
pub async fn check_rubric_file(state: State<'_, AppState>, path: PathBuf) -> Res<RubricCheck> {
    with(&state, |l| l.check_rubric_file(&path))
}

#[tauri::command]
pub async fn load_rubric_file(state: State<'_, AppState>, path: PathBuf) -> Res<RubricInfo> {
    with(&state, |l| l.load_rubric_file(&path))
}

#[tauri::command]
pub async fn assessment_for(
    state: State<'_, AppState>,
    rubric_id: String,
    year: i32,
    subject_id: Option<String>,
) -> Res<AssessmentResult> {
    remembered(&state, format!("assessment_for {rubric_id:?} {year} {subject_id:?}"), |l| {
        l.assessment_for(&rubric_id, year, subject_id.as_deref())
    })
}

#[tauri::command]
pub async fn current_assessment(state: State<'_, AppState>, year: i32) -> Res<AssessmentResult> {
    remembered(&state, format!("current_assessment {year}"), |l| l.current_assessment(year))
}

#[tauri::command]
pub async fn get_assessment(state: State<'_, AppState>, id: String) -> Res<AssessmentInfo> {
    with(&state, |l| l.assessment(&id))
}

#[tauri::command]
pub async fn assessment_result(state: State<'_, AppState>, id: String) -> Res<AssessmentResult> {
    with(&state, |l| l.assessment_result(&id))
}

#[tauri::command]
pub async fn assessment_versions(
    state: State<'_, AppState>,
    rubric_id: String,
    year: i32,
    subject_id: Option<String>,
) -> Res<Vec<AssessmentInfo>> {
    with(&state, |l| l.assessment_versions(&rubric_id, year, subject_id.as_deref()))
}

#[tauri::command]
pub async fn open_assessment(
    state: State<'_, AppState>,
    rubric_id: String,
    year: i32,
    subject_id: Option<String>,
) -> Res<AssessmentInfo> {
    with(&state, |l| l.open_assessment(&rubric_id, year, subject_id.as_deref()))
}

#[tauri::command]
pub async fn set_assessment_date(state: State<'_, AppState>, id: String, as_of: String) -> Res<AssessmentInfo> {
    with(&state, |l| l.set_assessment_date(&id, &as_of))
}

#[tauri::command]
pub async fn score_item(
    state: State<'_, AppState>,
    id: String,
    item_id: String,
    input: ScoreInput,
) -> Res<AssessmentResult> {
    with(&state, |l| l.score_item(&id, &item_id, &input))
}

#[tauri::command]
pub async fn override_item(
    state: State<'_, AppState>,
    id: String,
    item_id: String,
    score: f64,
    reason: String,
    note: String,
) -> Res<AssessmentResult> {
    with(&state, |l| l.override_item(&id, &item_id, score, &reason, &note))
}

#[tauri::command]
pub async fn clear_item(state: State<'_, AppState>, id: String, item_id: String) -> Res<AssessmentResult> {
    with(&state, |l| l.clear_item(&id, &item_id))
}

/// Attach files to an item; all of them, or (on the first that fails) the error naming it.
#[tauri::command]
pub async fn attach_item_evidence(
    state: State<'_, AppState>,
    id: String,
    item_id: String,
    paths: Vec<PathBuf>,
) -> Res<Vec<Evidence>> {
    with(&state, |l| paths.iter().map(|p| l.attach_item_evidence(&id, &item_id, p)).collect())
}

#[tauri::command]
pub async fn link_item_evidence(
    state: State<'_, AppState>,
    id: String,
    item_id: String,
    evidence_id: String,
) -> Res<Evidence> {
    with(&state, |l| l.link_item_evidence(&id, &item_id, &evidence_id))
}

#[tauri::command]
pub async fn citable_evidence(state: State<'_, AppState>, search: String) -> Res<Vec<CitableEvidence>> {
    with(&state, |l| l.citable_evidence(&search))
}

#[tauri::command]
pub async fn submit_assessment(state: State<'_, AppState>, id: String, revision: i64) -> Res<AssessmentInfo> {
    with(&state, |l| l.submit_assessment(&id, revision))
}

#[tauri::command]
pub async fn return_assessment(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    reason: String,
) -> Res<AssessmentInfo> {
    with(&state, |l| l.return_assessment(&id, revision, &reason))
}

#[tauri::command]
pub async fn sign_off_assessment(
    state: State<'_, AppState>,
    id: String,
    revision: i64,
    signer: String,
) -> Res<AssessmentInfo> {
    with(&state, |l| l.sign_off_assessment(&id, revision, &signer))
}

#[tauri::command]
pub async fn amend_assessment(state: State<'_, AppState>, id: String) -> Res<AssessmentInfo> {
    with(&state, |l| l.amend_assessment(&id))
}

#[tauri::command]
pub async fn rank_people(state: State<'_, AppState>, rubric_id: String, year: i32) -> Res<Vec<RankLine>> {
    with(&state, |l| l.rank_people(&rubric_id, year))
}
