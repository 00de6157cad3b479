//! T1–T5: the training figures of METRICS.md. Y is D's calendar year; a session counts in the
//! year it starts.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};

use super::staff::person;
use super::{count, ratio, Figure, FigureSession, PersonHours, RatioWords, Threshold};
use crate::error::Result;
use crate::store::dates;
use crate::Ledger;

/// The kind T1 counts by default.
pub const ROUND_KIND: &str = "全员轮训";
/// T2 counts these kinds.
pub const DRILL_KINDS: &[&str] = &["军训队列", "集中体能训练"];
/// T3 counts these kinds.
pub const ATTACHMENT_KINDS: &[&str] = &["跟班学习", "蹲点锻炼"];

struct Session {
    id: String,
    kind: String,
    title: String,
    start: NaiveDate,
    end: NaiveDate,
    hours: Option<f64>,
}

/// Who attended each session: session id → (staff id, their own hours if set).
type Attendance = HashMap<String, Vec<(String, Option<f64>)>>;

/// The live sessions that start in year `y` (every training figure counts only those), and who
/// attended each.
fn load(ledger: &Ledger, y: i32) -> Result<(Vec<Session>, Attendance)> {
    let conn = ledger.conn();
    let (from, to) = (format!("{y:04}-01-01"), format!("{:04}-01-01", y + 1));
    let mut st = conn.prepare_cached(
        "SELECT id, kind, title, start_on, end_on, hours FROM training_sessions
         WHERE deleted = 0 AND start_on >= ?1 AND start_on < ?2 ORDER BY start_on",
    )?;
    let sessions = st
        .query_map([&from, &to], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<f64>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
        .into_iter()
        .filter_map(|(id, kind, title, s, e, hours)| {
            Some(Session { id, kind, title, start: dates::parse_date(&s)?, end: dates::parse_date(&e)?, hours })
        })
        .collect();
    let mut st = conn.prepare_cached(
        "SELECT a.session_id, a.staff_id, a.hours FROM training_sessions t
         JOIN training_attendance a ON a.session_id = t.id AND a.deleted = 0
         JOIN staff s ON s.id = a.staff_id AND s.deleted = 0
         WHERE t.deleted = 0 AND t.start_on >= ?1 AND t.start_on < ?2",
    )?;
    let mut attendance: Attendance = HashMap::new();
    let rows = st.query_map([&from, &to], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<f64>>(2)?))
    })?;
    for row in rows {
        let (session, staff, hours) = row?;
        attendance.entry(session).or_default().push((staff, hours));
    }
    Ok((sessions, attendance))
}

/// The staff seconded out on `d` (to any post).
fn seconded_on(ledger: &Ledger, d: NaiveDate) -> Result<HashSet<String>> {
    let mut st = ledger.conn().prepare_cached(
        "SELECT DISTINCT staff_id FROM secondments WHERE deleted = 0 AND start_on <= ?1
           AND (end_on IS NULL OR end_on >= ?1)",
    )?;
    let ids = st.query_map([dates::iso(d)], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn figure_session(s: &Session) -> FigureSession {
    FigureSession {
        id: s.id.clone(),
        kind: s.kind.clone(),
        title: s.title.clone(),
        start_on: dates::iso(s.start),
        end_on: dates::iso(s.end),
        days: (s.end - s.start).num_days() + 1,
    }
}

/// T1–T5 for D and the scope.
pub(crate) fn figures(
    ledger: &Ledger,
    d: NaiveDate,
    scope: Option<&HashSet<String>>,
    on_d: &[crate::people::Staff],
) -> Result<Vec<Figure>> {
    let y = d.year();
    let (sessions, attendance) = load(ledger, y)?;
    let mut out = Vec::new();

    // T1: 在岗 on E = 30 June of D's year; of them, attended a 全员轮训 of E's year that ended by E.
    let e = NaiveDate::from_ymd_opt(y, 6, 30).unwrap_or(d);
    // 在岗 on E, from the roster read for D: on the roll on E by the dated 到岗 and 离岗, and not
    // seconded out on E.
    let seconded_on_e = seconded_on(ledger, e)?;
    let e_iso = dates::iso(e);
    let den: Vec<_> = on_d
        .iter()
        .filter(|s| s.arrived_on.as_deref().is_none_or(|a| a <= e_iso.as_str()))
        .filter(|s| s.left_on.as_deref().is_none_or(|l| l > e_iso.as_str()))
        .filter(|s| !seconded_on_e.contains(&s.id))
        .collect();
    let trained: HashSet<&str> = sessions
        .iter()
        .filter(|s| s.kind == ROUND_KIND && s.start.year() == y && s.end <= e)
        .flat_map(|s| attendance.get(&s.id).into_iter().flatten().map(|(id, _)| id.as_str()))
        .collect();
    out.push(ratio(
        &RatioWords {
            id: "T1",
            name: "全员轮训完成率（6月30日前）",
            numerator: "已参加全员轮训",
            denominator: "6月30日在岗人员",
            threshold: Threshold::All,
            source: "枣环字〔2024〕27号 任务11“6月底前完成全员轮训”。",
        },
        e,
        den.iter().filter(|s| trained.contains(s.id.as_str())).map(|s| person(s)).collect(),
        den.iter().map(|s| person(s)).collect(),
    ));

    // Sessions of Y that started on or before D, in the scope (attended by someone of the scope's
    // units when a unit is asked for).
    let scope_staff: Option<HashSet<&str>> = scope.map(|_| on_d.iter().map(|s| s.id.as_str()).collect());
    let in_scope = |s: &Session| {
        scope_staff
            .as_ref()
            .is_none_or(|ids| attendance.get(&s.id).is_some_and(|a| a.iter().any(|(id, _)| ids.contains(id.as_str()))))
    };
    let of_year: Vec<&Session> =
        sessions.iter().filter(|s| s.start.year() == y && s.start <= d && in_scope(s)).collect();
    let of_kinds = |kinds: &[&str]| -> Vec<&Session> {
        of_year.iter().copied().filter(|s| kinds.contains(&s.kind.as_str())).collect()
    };

    // T2: 军训队列 or 集中体能训练; the longest one's length (004 asks for a week).
    let drills = of_kinds(DRILL_KINDS);
    let longest = drills.iter().map(|s| (s.end - s.start).num_days() + 1).max();
    let mut t2 = count(
        "T2",
        "军训队列或集中体能训练",
        d,
        drills.len() as i64,
        1,
        "次",
        "枣环字〔2024〕27号 任务8；晋环保〔2022〕10号 附件 三.7 开展军训队列活动；泰环境发〔2021〕11号 不少于1周军训。",
    );
    t2.sessions = drills.iter().map(|s| figure_session(s)).collect();
    t2.longest_days = longest;
    if let Some(days) = longest {
        t2.explanation.push_str(&format!(
            "；最长一次 {days} 天（泰安大练兵要求不少于 7 天：{}）",
            if days >= 7 { "达到" } else { "未达到" }
        ));
    }
    out.push(t2);

    // T3: 跟班学习 or 蹲点锻炼.
    let attachments = of_kinds(ATTACHMENT_KINDS);
    let mut t3 = count(
        "T3",
        "跟班学习或蹲点锻炼",
        d,
        attachments.len() as i64,
        1,
        "次",
        "晋环保〔2022〕10号 附件 三.6 加强人才培养2。",
    );
    t3.sessions = attachments.iter().map(|s| figure_session(s)).collect();
    out.push(t3);

    // T4: each kind of the list.
    for kind in ledger.training_kinds()? {
        let of_kind = of_kinds(&[kind.name.as_str()]);
        let mut t4 = count(
            "T4",
            &format!("{}（年内次数）", kind.name),
            d,
            of_kind.len() as i64,
            1,
            "次",
            "晋环保〔2022〕10号 附件（执法业务或技能竞赛、测管联训、网格员培训等）。",
        );
        t4.kind = Some(kind.name.clone());
        t4.sessions = of_kind.iter().map(|s| figure_session(s)).collect();
        out.push(t4);
    }

    // T5: each person's hours in Y (their own, or the session's).
    let mut hours: HashMap<&str, (f64, i64)> = HashMap::new();
    for s in sessions.iter().filter(|s| s.start.year() == y && s.start <= d) {
        for (staff, own) in attendance.get(&s.id).into_iter().flatten() {
            let h = own.or(s.hours).unwrap_or(0.0);
            let e = hours.entry(staff.as_str()).or_default();
            e.0 += h;
            e.1 += 1;
        }
    }
    let people: Vec<PersonHours> = on_d
        .iter()
        .filter(|s| s.on_roll)
        .map(|s| {
            let (h, n) = hours.get(s.id.as_str()).copied().unwrap_or((0.0, 0));
            PersonHours { id: s.id.clone(), name: s.name.clone(), unit: s.unit_name.clone(), hours: h, sessions: n }
        })
        .collect();
    let total: f64 = people.iter().map(|p| p.hours).sum();
    out.push(Figure {
        numerator: people.iter().filter(|p| p.sessions > 0).count() as i64,
        value: format!("合计 {} 学时", format_hours(total)),
        explanation: format!(
            "在册 {} 人中 {} 人参加过培训，合计 {} 学时（无达标要求）",
            people.len(),
            people.iter().filter(|p| p.sessions > 0).count(),
            format_hours(total)
        ),
        source: "每人每年学时（“每人每年不少于60学时”未在来源文件中确认，故不设要求）。".to_string(),
        hours: people,
        ..Figure::blank("T5", &format!("个人年度学时（{y}年）"), d)
    });
    Ok(out)
}

/// Hours without a needless `.0`: 12, 2.5.
pub fn format_hours(h: f64) -> String {
    let r = (h * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}
