//! The append-only audit trail (全过程留痕). Rows are written by [`crate::Tx::audit`] in the same
//! transaction as the change; the table's triggers refuse updates and deletes.

use rusqlite::{params, Connection};

use crate::error::Result;
use crate::model::{AuditEntry, AuditField, AuditPage, AuditQuery};

/// Insert one audit row. Callers go through [`crate::Tx::audit`].
pub(crate) fn append(
    conn: &Connection,
    actor: &str,
    entity: &str,
    entity_id: &str,
    action: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, actor, entity, entity_id, action, before_json, after_json)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        crate::store::dates::now_rfc3339(),
        actor,
        entity,
        entity_id,
        action,
        before.map(|v| v.to_string()),
        after.map(|v| v.to_string()),
    ])?;
    Ok(())
}

/// A page of the audit trail, newest first.
pub fn list(conn: &Connection, q: &AuditQuery) -> Result<AuditPage> {
    let mut filter = String::from(" WHERE 1=1");
    let mut args: Vec<String> = Vec::new();
    if let Some(e) = &q.entity {
        args.push(e.clone());
        filter.push_str(&format!(" AND entity = ?{}", args.len()));
    }
    if let Some(id) = &q.entity_id {
        args.push(id.clone());
        filter.push_str(&format!(" AND entity_id = ?{}", args.len()));
    }
    let total: i64 =
        conn.query_row(&format!("SELECT count(*) FROM audit_log{filter}"), rusqlite::params_from_iter(&args), |r| {
            r.get(0)
        })?;
    let limit = q.limit.map(i64::from).unwrap_or(-1);
    let sql = format!(
        "SELECT seq, at, actor, entity, entity_id, action, before_json, after_json FROM audit_log{filter}
         ORDER BY seq DESC LIMIT {limit} OFFSET {}",
        q.offset
    );
    let mut st = conn.prepare(&sql)?;
    let items = st
        .query_map(rusqlite::params_from_iter(&args), |r| {
            let parse = |s: Option<String>| s.and_then(|s| serde_json::from_str(&s).ok());
            let (entity, entity_id, action): (String, String, String) = (r.get(3)?, r.get(4)?, r.get(5)?);
            let (before, after) = (parse(r.get(6)?), parse(r.get(7)?));
            Ok(AuditEntry {
                seq: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                entity_label: entity_label(&entity).to_string(),
                action_label: action_label(&action).to_string(),
                summary: summary(&entity, &entity_id, before.as_ref(), after.as_ref()),
                fields: fields(&entity, before.as_ref(), after.as_ref()),
                entity,
                entity_id,
                action,
                before,
                after,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(AuditPage { total, items })
}

/// The Chinese name of an audited kind of record.
pub fn entity_label(entity: &str) -> &'static str {
    match entity {
        "task" => "重点任务",
        "task_progress" => "进展情况",
        "evidence" => "佐证材料",
        "org_unit" => "组织机构",
        "unit_alias" => "单位别名",
        "staff" => "执法人员",
        "certificate" => "执法证件",
        "certificate_review" => "证件审验",
        "secondment" => "借调",
        "uniform_scale" => "服装配发标准",
        "uniform_issue" => "服装发放",
        "training_kind" => "培训类型",
        "training_session" => "培训",
        "setting" => "设置",
        "equipment" => "执法装备",
        "equipment_event" => "装备使用与维护",
        "equipment_schedule" => "装备定期计划",
        "standard_item" => "标准装备",
        "standard_list" => "标准装备清单",
        "assessment" => "自评",
        "rubric" => "评分细则",
        "import" => "导入",
        "export" => "导出",
        "city_key" => "市局公钥",
        "bundle_export" => "数据包",
        "city_branch" => "分局登记",
        "city_import" => "数据包导入",
        "task_template" => "年度任务模板",
        _ => "其他记录",
    }
}

/// The Chinese name of a ledger, as imports and exports record it (`tasks` → 重点任务).
pub fn ledger_label(ledger: &str) -> &'static str {
    match ledger {
        "tasks" => "重点任务",
        "staff" => "人员花名册",
        "certificates" => "执法证件",
        "secondments" => "借调情况",
        "uniforms" => "服装发放",
        "training" => "培训记录",
        "equipment" => "执法装备",
        "equipment_usage" => "装备使用台账",
        "equipment_maintenance" => "装备维护记录",
        _ => "台账",
    }
}

/// The Chinese name of an audited action.
pub fn action_label(action: &str) -> &'static str {
    match action {
        "create" => "新建",
        "update" => "修改",
        "delete" => "删除",
        "import" => "导入",
        "export" => "导出",
        "restore" => "恢复",
        "pin" => "登记",
        "register" => "登记",
        "apply" => "套用",
        "score" => "评分",
        "override" => "手工调整得分",
        "clear" => "清除评分",
        "submit" => "提交审核",
        "return" => "退回修改",
        "sign_off" => "签发",
        "amend" => "生成修订版",
        _ => "其他操作",
    }
}

/// The record in a few words: what an import did, or the record's own name or text.
fn summary(
    entity: &str,
    entity_id: &str,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> String {
    let record = after.or(before);
    if entity == "import" {
        let n = |k: &str| record.and_then(|r| r.get(k)).and_then(serde_json::Value::as_u64).unwrap_or(0);
        let file = record.and_then(|r| r.get("file")).and_then(serde_json::Value::as_str).unwrap_or("");
        let file = std::path::Path::new(file).file_name().and_then(|f| f.to_str()).unwrap_or(file);
        // The sheet, when the file had more than one that could be imported.
        let sheet = match record.and_then(|r| r.get("sheet")).and_then(serde_json::Value::as_str) {
            Some(sheet) if n("sheets") > 1 => format!("工作表“{sheet}”"),
            _ => String::new(),
        };
        return format!(
            "{}（文件“{file}”{sheet}：新增 {}，更新 {}，无变化 {}，跳过 {}）",
            ledger_label(entity_id),
            n("inserted"),
            n("updated"),
            n("unchanged"),
            n("rejected")
        );
    }
    if let Some(summary) = person_summary(entity, record) {
        return summary;
    }
    for key in ["name", "detail", "title", "file_name", "alias", "note"] {
        if let Some(text) = record.and_then(|r| r.get(key)).and_then(serde_json::Value::as_str) {
            if !text.is_empty() {
                return text.to_string();
            }
        }
    }
    entity_id.to_string()
}

/// A record that belongs to a person, named by the person and what it is.
fn person_summary(entity: &str, record: Option<&serde_json::Value>) -> Option<String> {
    let r = record?;
    let s = |k: &str| r.get(k).and_then(serde_json::Value::as_str).unwrap_or("");
    match entity {
        "certificate" => Some(format!("{} {} {}", s("staff_name"), s("kind"), s("number"))),
        "secondment" => Some(format!("{} 借调至 {}", s("staff_name"), s("destination"))),
        "uniform_issue" => Some(format!("{} {}", s("staff_name"), s("item"))),
        "certificate_review" => Some(format!("审验 {} {}", s("reviewed_on"), s("result"))),
        "uniform_scale" => Some(format!("{}（{}区）", s("item"), s("zone"))),
        "setting" => Some(format!("{}：{}", s("name"), s("value"))),
        "equipment" => Some(format!("{} {}", s("asset_no"), s("name"))),
        "equipment_event" => Some(format!("{} {} {}", s("asset_no"), s("kind"), s("event_on"))),
        "equipment_schedule" => Some(format!(
            "{} 每 {} 个月{}",
            s("target"),
            r.get("every_months").and_then(serde_json::Value::as_i64).unwrap_or(0),
            s("kind")
        )),
        "standard_list" => Some(format!("{}年版", s("edition"))),
        "assessment" if !s("item").is_empty() => Some(format!("{} 评分项 {}", s("title"), s("item"))),
        _ => None,
    }
}

/// The Chinese name of a field of a record of `entity`; `None` for internal fields (ids, times,
/// revisions), which the audit page does not show.
pub fn field_label(entity: &str, key: &str) -> Option<&'static str> {
    let special = match (entity, key) {
        ("task", "category") => "项目",
        ("task", "unit_name") => "承办单位",
        ("staff", "name") => "姓名",
        ("certificate", "kind") => "证件类型",
        ("certificate", "issued_on") => "发证日期",
        ("uniform_issue", "issued_on") => "发放日期",
        ("training_session", "kind") => "培训类型",
        ("equipment_event", "kind") => "记录类型",
        ("equipment_schedule", "kind") => "计划类型",
        ("org_unit", "kind") => "单位类型",
        ("assessment", "title") => "自评",
        ("assessment", "item") => "评分项",
        ("assessment", "note") => "说明",
        ("assessment", "flag") => "是否符合",
        ("assessment", "override") => "手工调整",
        ("rubric", "title") => "评分细则",
        _ => "",
    };
    if !special.is_empty() {
        return Some(special);
    }
    common_label(key)
}

fn common_label(key: &str) -> Option<&'static str> {
    Some(match key {
        "year" => "年度",
        "seq" => "序号",
        "unit_name" => "所在单位",
        "category" => "类别",
        "main_task" => "主要任务",
        "detail" => "具体任务",
        "lead_units" => "牵头单位",
        "responsible_units" => "责任单位",
        "deadline_text" => "完成时限",
        "due_date" => "截止日期",
        "ongoing" => "长期坚持",
        "status" => "状态",
        "entry_date" => "日期",
        "author" => "填报人",
        "note" => "内容",
        "file_name" => "文件名",
        "size" => "大小（字节）",
        "sha256" => "SHA-256",
        "name" => "名称",
        "kind" => "类型",
        "aliases" => "其他名称",
        "alias" => "别名",
        "file" => "文件",
        "sheet" => "工作表",
        "inserted" => "新增",
        "updated" => "更新",
        "unchanged" => "无变化",
        "rejected" => "跳过的错误行",
        "created_units" => "新增单位",
        "mapped_units" => "对应单位",
        "staff_name" => "姓名",
        "gender" => "性别",
        "post" => "岗位类别",
        "establishment" => "编制",
        "arrived_on" => "到岗日期",
        "established_on" => "入编日期",
        "left_on" => "离岗日期",
        "education" => "学历",
        "major" => "专业",
        "major_category" => "专业类别",
        "legal_qualification" => "法律职业资格",
        "phone" => "联系电话",
        "size_hat" => "帽号",
        "size_top" => "上衣号",
        "size_bottom" => "裤号",
        "size_shoes" => "鞋号",
        "number" => "证件编号",
        "issuer" => "发证机关",
        "area" => "执法区域",
        "issued_on" => "日期",
        "expires_on" => "有效期至",
        "reviewed_on" => "审验日期",
        "result" => "审验结果",
        "destination" => "借调单位",
        "enforcement_post" => "是否执法岗位",
        "start_on" => "开始日期",
        "end_on" => "结束日期",
        "approved" => "市局同意",
        "approval_doc" => "同意文号",
        "item" => "品名",
        "quantity" => "数量",
        "renewal_quantity" => "换发数量",
        "life_years" => "使用年限",
        "zone" => "气候区",
        "value" => "值",
        "title" => "培训名称",
        "level" => "级别",
        "organiser" => "主办单位",
        "hours" => "学时",
        "place" => "地点",
        "attendees" => "参加人员",
        "asset_no" => "资产编号",
        "standard_item_name" => "标准装备",
        "model" => "品牌型号",
        "serial_no" => "序列号",
        "acquired_on" => "购置日期",
        "funding" => "经费来源",
        "price" => "价格（元）",
        "warranty_until" => "保修期至",
        "service_life_years" => "使用年限",
        "location" => "存放地点",
        "custodian_name" => "保管人",
        "wireless_video" => "无线视频传输",
        "scrapped_on" => "报废日期",
        "event_on" => "日期",
        "person_name" => "领用人",
        "purpose" => "用途",
        "expected_return_on" => "预计归还日期",
        "returned_on" => "归还日期",
        "vendor" => "单位",
        "cost" => "费用（元）",
        "reason" => "原因",
        "from_unit" => "调出单位",
        "to_unit" => "调入单位",
        "from_custodian" => "原保管人",
        "to_custodian" => "新保管人",
        "every_months" => "周期（月）",
        "target" => "适用装备",
        "required" => "应配数量",
        "edition" => "版本",
        "added" => "新增",
        "kept" => "保留",
        "score" => "得分",
        "count" => "次数",
        "percent" => "百分比",
        "as_of" => "统计日期",
        "signed_by" => "签发人",
        "total" => "总分",
        "grade" => "等级",
        _ => return None,
    })
}

/// A JSON value as the clerk reads it: text as is, lists joined with 、, yes/no as 是/否.
fn show(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "—".to_string(),
        serde_json::Value::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => {
            if items.is_empty() {
                "—".to_string()
            } else {
                items.iter().map(show).collect::<Vec<_>>().join("、")
            }
        }
        other => other.to_string(),
    }
}

/// The labelled fields of a change, in the record's own order.
fn fields(entity: &str, before: Option<&serde_json::Value>, after: Option<&serde_json::Value>) -> Vec<AuditField> {
    let mut keys: Vec<&String> = Vec::new();
    for record in [before, after].into_iter().flatten() {
        if let Some(map) = record.as_object() {
            for k in map.keys() {
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
    }
    keys.into_iter()
        .filter_map(|k| {
            let label = field_label(entity, k)?;
            let b = before.and_then(|r| r.get(k)).map(show);
            let a = after.and_then(|r| r.get(k)).map(show);
            let changed = before.is_some() && after.is_some() && b != a;
            Some(AuditField { label: label.to_string(), before: b, after: a, changed })
        })
        .collect()
}
