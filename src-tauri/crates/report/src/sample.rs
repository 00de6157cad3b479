//! A hand-built assessment shaped like the Fujian county rubric (78 items in six groups, 100
//! points, and its bonus and deduction items), with figures and a task summary to go with it:
//! for the tests, for previewing the layout without a database, and for the benchmark. The
//! numbers are made up; their sums are consistent.

use chrono::NaiveDate;
use ledger_core::assessment::{
    AssessmentInfo, AssessmentResult, AssessmentStatus, FigureLink, GroupScore, How, ItemScore, PartScore, ScoreInput,
};
use ledger_core::figures::{Figure, FigureSet};
use ledger_core::model::Evidence;
use ledger_core::store::dates;
use ledger_core::tasks::TaskSummary;

use crate::fmt_score;

/// (一级指标 (pts), 二级指标 (pts), 三级指标, 评价标准, points, 责任科室) — DOMAIN.md §1a.
const ITEMS: [(&str, &str, &str, &str, f64, &str); 78] = [
    ("一、机构职能规范化 (11)", "1.坚持党建引领 (5)", "党组织建设", "健全党支部委员会，严格组织生活制度", 1.0, "机关党委、第四党支部"),
    ("一、机构职能规范化 (11)", "1.坚持党建引领 (5)", "党组织建设", "是否制定年度党建工作和学习计划，加强政治、业务学习", 1.0, "机关党委、第四党支部"),
    ("一、机构职能规范化 (11)", "1.坚持党建引领 (5)", "党组织建设", "是否落实集体决策制度，制定重大事项决议清单", 1.0, "机关党委、第四党支部"),
    ("一、机构职能规范化 (11)", "1.坚持党建引领 (5)", "党建与业务工作深度融合", "组织开展教育专题党课，结合业务培训…", 0.5, "机关党委、第四党支部"),
    ("一、机构职能规范化 (11)", "1.坚持党建引领 (5)", "党建与业务工作深度融合", "设立党员突击队、党员先锋岗等载体或树立…典型榜样", 1.0, "机关党委、第四党支部"),
    ("一、机构职能规范化 (11)", "1.坚持党建引领 (5)", "党建与业务工作深度融合", "开展评优评先活动，增加对党建考核的权重…", 0.5, "机关党委、第四党支部"),
    ("一、机构职能规范化 (11)", "2.提升执法支撑能力 (6)", "执法研究能力建设", "是否入选本市环境执法人才库或师资库", 1.0, "执法大队、法规科"),
    ("一、机构职能规范化 (11)", "2.提升执法支撑能力 (6)", "执法研究能力建设", "优秀执法骨干是否有入选省级或国家人才库、师资库", 0.5, "执法大队、法规科"),
    ("一、机构职能规范化 (11)", "2.提升执法支撑能力 (6)", "执法研究能力建设", "是否形成邀请专家、法律顾问和公职律师参与重大案件办理或执法研讨的机制", 0.5, "执法大队、法规科"),
    ("一、机构职能规范化 (11)", "2.提升执法支撑能力 (6)", "推进执法带动普法", "落实“谁执法、谁普法”，印制宣传材料，组织“送法入企”等", 1.0, "法规科、执法大队、各中队"),
    ("一、机构职能规范化 (11)", "2.提升执法支撑能力 (6)", "推进执法带动普法", "每年向市级、省级或生态环境部报送执法帮扶典型案例（图文并茂）", 1.0, "法规科、执法大队、各中队"),
    ("一、机构职能规范化 (11)", "2.提升执法支撑能力 (6)", "开展环境执法宣传报道", "是否在本地媒体刊发", 1.0, "法规科、执法大队"),
    ("一、机构职能规范化 (11)", "2.提升执法支撑能力 (6)", "开展环境执法宣传报道", "是否在省级或生态环境部/中央媒体刊发", 1.0, "法规科、执法大队"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "完成装备配备", "按《…装备配备标准化建设指导标准（2020年版）》市、县级标配：执法执勤专用车", 1.5, "执法大队、办公室、信息中心"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "完成装备配备", "个人移动执法设备（移动执法包、移动执法终端）", 1.0, "执法大队、办公室、信息中心"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "完成装备配备", "现场执法辅助设备（测距仪、流量计、采样设备、无人机、数码照相机、红外摄像机、快检试剂包、热成像仪、粉尘快速测定仪、多参数其他检测仪）", 0.5, "执法大队、办公室、信息中心"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "完成装备配备", "现场执法辅助设备（手持式光离子化检测仪、油气回收三项检测仪、微风风速计、便携式水污染物监测设备）", 0.5, "执法大队、办公室、信息中心"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "完成装备配备", "通讯和办公设备（固定电话、传真机、台式计算机、打印机、复印机、扫描仪、便携式快速打印扫描仪、投影仪）", 0.5, "执法大队、办公室、信息中心"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "完成装备配备", "信息化设备（污染源在线监控系统维护）", 0.5, "执法大队、办公室、信息中心"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "完成装备配备", "结合实际合理增补选配设备，完善装备品类和数量", 0.5, "执法大队、办公室、信息中心"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "严格管理使用", "是否建立执法装备使用台账和管理制度，及时做好报废、补充和更新、维护", 2.0, "执法大队"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "落实执法全过程记录制度", "是否配备使用执法记录仪及相应视频管理存储设备", 1.0, "执法大队、各中队"),
    ("二、执法装备现代化 (12)", "3.加强装备能力建设 (9)", "落实执法全过程记录制度", "现场执法和案件办理是否应用执法记录仪，按要求保存记录", 1.0, "执法大队、各中队"),
    ("二、执法装备现代化 (12)", "4.规范制式服装配发和管理 (3)", "着装管理规定", "是否建立健全本单位制式服装和标志配发管理台账", 1.0, "执法大队"),
    ("二、执法装备现代化 (12)", "4.规范制式服装配发和管理 (3)", "服装配发及着装", "执法人员制式服装和标志是否全部配发到位", 1.0, "执法大队、各中队"),
    ("二、执法装备现代化 (12)", "4.规范制式服装配发和管理 (3)", "服装配发及着装", "执法时是否严格按照着装要求，规范着装", 1.0, "执法大队、各中队"),
    ("三、队伍建设专业化 (21)", "5.提升信息化水平 (7)", "完善信息化制度及人员配备", "是否建立本单位信息化管理制度", 1.0, "信息中心"),
    ("三、队伍建设专业化 (21)", "5.提升信息化水平 (7)", "完善信息化制度及人员配备", "是否指定专人承担本级系统管理员角色", 1.0, "信息中心"),
    ("三、队伍建设专业化 (21)", "5.提升信息化水平 (7)", "强化信息化应用", "所有持证执法人员是否在移动执法系统设立账号，且在岗人员平均每月登录2次以上", 1.0, "执法大队、各中队"),
    ("三、队伍建设专业化 (21)", "5.提升信息化水平 (7)", "强化信息化应用", "是否按要求在移动执法系统中办理执法业务，案件及时更新提交", 1.0, "执法大队、各中队"),
    ("三、队伍建设专业化 (21)", "5.提升信息化水平 (7)", "提高非现场执法能力", "是否建立非现场执法检查工作机制", 0.5, "信息中心、执法大队、各中队"),
    ("三、队伍建设专业化 (21)", "5.提升信息化水平 (7)", "提高非现场执法能力", "是否有通过无人机、无人船、走航车、卫星遥感等手段查办案件", 0.5, "信息中心、执法大队、各中队"),
    ("三、队伍建设专业化 (21)", "5.提升信息化水平 (7)", "提高非现场执法能力", "是否查办在线数据造假案件", 1.0, "信息中心、执法大队、各中队"),
    ("三、队伍建设专业化 (21)", "5.提升信息化水平 (7)", "探索辅助执法机制", "是否建立辅助执法机制（流域污染源、排污口排查，遥感、大数据…）", 1.0, "信息中心"),
    ("三、队伍建设专业化 (21)", "6.优化人员结构和管理 (11)", "加强人才培养", "是否建立年度执法人员培训制度或计划，有序组织业务培训", 1.0, "执法大队、办公室"),
    ("三、队伍建设专业化 (21)", "6.优化人员结构和管理 (11)", "加强人才培养", "当年是否选派人员到上级环境执法机构跟班学习锻炼或接收上级人员蹲点锻炼", 3.0, "执法大队、办公室"),
    ("三、队伍建设专业化 (21)", "6.优化人员结构和管理 (11)", "提升执法人员学历水平", "执法人员大专以上学历占比90%、近三年新入编人员取得法学类或生态环境相关专业学位占比50%", 1.0, "办公室"),
    ("三、队伍建设专业化 (21)", "6.优化人员结构和管理 (11)", "推行“局队站合一”", "是否建立“局队站合一”运行方式", 1.0, "办公室"),
    ("三、队伍建设专业化 (21)", "6.优化人员结构和管理 (11)", "严格执法资格管理", "是否建立行政执法证件考试、申领、换发、台账管理等制度", 0.5, "法规科"),
    ("三、队伍建设专业化 (21)", "6.优化人员结构和管理 (11)", "严格执法资格管理", "执法人员（不含近三年内新进人员）持证比例达80%以上", 0.5, "法规科"),
    ("三、队伍建设专业化 (21)", "6.优化人员结构和管理 (11)", "保障一线执法人员比例以及规范人员借调", "从事一线执法人员占本单位人员比例80%以上（以持证为准）", 1.0, "办公室、执法大队"),
    ("三、队伍建设专业化 (21)", "6.优化人员结构和管理 (11)", "保障一线执法人员比例以及规范人员借调", "借调到其他单位/部门非执法岗位人数不得超过本单位总人数的10%", 2.0, "办公室、执法大队"),
    ("三、队伍建设专业化 (21)", "6.优化人员结构和管理 (11)", "保障一线执法人员比例以及规范人员借调", "借调超出10%的，是否上报市级执法部门同意", 1.0, "办公室、执法大队"),
    ("三、队伍建设专业化 (21)", "7.深入开展执法大练兵 (3)", "常态化推进执法大练兵", "是否建立本辖区执法大练兵工作机制", 1.0, "执法大队、办公室"),
    ("三、队伍建设专业化 (21)", "7.深入开展执法大练兵 (3)", "常态化推进执法大练兵", "是否开展执法业务或技能竞赛活动", 1.0, "执法大队、办公室"),
    ("三、队伍建设专业化 (21)", "7.深入开展执法大练兵 (3)", "开展军训队列活动", "是否组织执法人员开展军训列队活动或集中体能训练活动", 1.0, "办公室、执法大队"),
    ("四、管理制度规范化 (21)", "8.严格执法检查制度 (8)", "强化现场检查计划制度", "是否制定本辖区年度执法检查计划", 1.0, "执法大队"),
    ("四、管理制度规范化 (21)", "8.严格执法检查制度 (8)", "强化现场检查计划制度", "现场检查计划开展情况", 1.0, "执法大队"),
    ("四、管理制度规范化 (21)", "8.严格执法检查制度 (8)", "完善“双随机、一公开”监管制度", "建立完善“两单两库一细则”，落实抽查比例，开展或参与部门及跨部门双随机检查", 1.0, "执法大队"),
    ("四、管理制度规范化 (21)", "8.严格执法检查制度 (8)", "建立实施监督执法正面清单制度", "是否按照正面清单实施差别化管理", 1.0, "执法大队"),
    ("四、管理制度规范化 (21)", "8.严格执法检查制度 (8)", "完善交叉检查制度", "是否派员参加上级组织的交叉执法检查", 1.0, "执法大队"),
    ("四、管理制度规范化 (21)", "8.严格执法检查制度 (8)", "建立专案查办制度", "是否建立专案查办制度，实施重大案件专案专办", 1.0, "执法大队"),
    ("四、管理制度规范化 (21)", "8.严格执法检查制度 (8)", "完善典型执法案例指导制度", "是否建立完善本单位典型执法案例指导制度", 1.0, "执法大队、各中队"),
    ("四、管理制度规范化 (21)", "8.严格执法检查制度 (8)", "完善典型执法案例指导制度", "每季度是否向上级报送典型案例；有生态环境损害赔偿典型案例、线索的及时报送", 1.0, "执法大队、各中队"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "健全执法监测工作机制", "是否建立测管联动联训和执法监测能力互补调配机制", 0.5, "执法大队、监测站"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "健全执法监测工作机制", "每年是否组织开展测管联训活动", 0.5, "执法大队、监测站"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "健全执法监测工作机制", "每年是否有办理涉及测管联动的执法案件", 1.0, "执法大队、监测站"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "健全部门协调联动机制", "是否会同自然资源、住建、水利、农业农村、林业、海洋等部门建立联动机制", 1.0, "执法大队、法规科"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "健全部门协调联动机制", "是否建立联席会议、信息共享等制度", 1.0, "执法大队、法规科"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "健全部门协调联动机制", "是否每年组织开展联合执法", 1.0, "执法大队、法规科"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "强化行政执法与刑事司法衔接机制", "持续优化“两法衔接”机制，不定期召开部门联席会议", 1.0, "法规科、执法大队"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "强化行政执法与刑事司法衔接机制", "重大案件实施部门联合督办或选取典型案例汇集剖析", 1.0, "法规科、执法大队"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "完善举报奖励机制", "是否出台本地举报奖励制度", 0.5, "执法大队"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "完善举报奖励机制", "本级当年有举报奖励案例", 0.5, "执法大队"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "强化网格联动", "是否制定环保网格员管理制度", 1.0, "执法大队"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "强化网格联动", "是否开展环保网格员业务培训", 0.5, "执法大队"),
    ("四、管理制度规范化 (21)", "9.深化联动衔接机制 (10)", "强化网格联动", "本地区每年网格巡查线索转执法数量4条以上", 0.5, "执法大队"),
    ("四、管理制度规范化 (21)", "10.强化廉政纪律与执法稽查 (3)", "执行行政处罚案件公示", "以官网、媒体、两微平台、服务窗口及时公示行政处罚案件信息", 0.5, "法规科"),
    ("四、管理制度规范化 (21)", "10.强化廉政纪律与执法稽查 (3)", "执行行政处罚案件公示", "公示内容、标准、格式是否符合规范要求", 0.5, "法规科"),
    ("四、管理制度规范化 (21)", "10.强化廉政纪律与执法稽查 (3)", "加强执法稽查", "对稽查发现的问题是否按时整改并反馈", 1.0, "执法大队、法规科、信息中心、各中队"),
    ("四、管理制度规范化 (21)", "10.强化廉政纪律与执法稽查 (3)", "强化纪律约束", "是否实行执法人员廉洁守纪承诺制度", 1.0, "办公室"),
    ("五、保障体系制度化 (5)", "11.健全奖励机制 (2)", "获上级表彰", "本辖区执法人员获省级通报表扬或表彰", 1.0, "执法大队"),
    ("五、保障体系制度化 (5)", "11.健全奖励机制 (2)", "获上级表彰", "本辖区执法人员获部级通报表扬或表彰", 1.0, "执法大队"),
    ("五、保障体系制度化 (5)", "12.提供职业保障 (3)", "个人防护用品配备", "是否为一线执法人员配备个人防护用品", 1.0, "执法大队、办公室"),
    ("五、保障体系制度化 (5)", "12.提供职业保障 (3)", "缴纳工伤保险", "是否为本单位人员缴纳工伤保险", 1.0, "办公室"),
    ("五、保障体系制度化 (5)", "12.提供职业保障 (3)", "提供健康体检、疾病预防和心理调节", "是否为本单位人员提供每年不少于一次体检", 0.5, "办公室"),
    ("五、保障体系制度化 (5)", "12.提供职业保障 (3)", "提供健康体检、疾病预防和心理调节", "是否提供心理健康和疾病预防的咨询服务", 0.5, "办公室"),
    ("六、效能评估常态化 (30)", "13.执法效能评估 (30)", "开展执法效能评估", "按《福建省生态环境保护执法效能评估办法》《…细则》（闽环保总队〔2021〕25号）评估情况，按百分比折算得分", 30.0, "执法大队、法规科、信息中心"),
];

/// The figure each computed item reads, by a phrase of its criteria.
const COMPUTED: [(&str, &str); 13] = [
    ("持证比例达80%", "F2"),
    ("大专以上学历", "F3"),
    ("一线执法人员占本单位人员比例", "F4"),
    ("借调到其他单位", "F5"),
    ("执法执勤专用车", "E2"),
    ("个人移动执法设备", "E2"),
    ("测距仪", "E2"),
    ("手持式光离子化", "E2"),
    ("通讯和办公设备", "E2"),
    ("信息化设备", "E2"),
    ("配备使用执法记录仪", "E3"),
    ("跟班学习", "T3"),
    ("军训列队", "T2"),
];

/// Split `一、机构职能规范化 (11)` into its name and points.
fn name_points(s: &str) -> (String, f64) {
    match s.rsplit_once(" (") {
        Some((name, pts)) => (name.to_string(), pts.trim_end_matches(')').parse().unwrap_or(0.0)),
        None => (s.to_string(), 0.0),
    }
}

fn evidence(name: &str, i: usize) -> Evidence {
    Evidence {
        id: format!("ev-{i:03}"),
        sha256: format!("{i:064x}"),
        file_name: name.to_string(),
        size: 120_000,
        mime: "application/pdf".to_string(),
        entity: "assessment_item".to_string(),
        entity_id: format!("item-{i:03}"),
        created_at: "2024-08-01T08:00:00.000Z".to_string(),
    }
}

fn item(id: String, group: &str, indicator: &str, section: &str, criteria: &str, max: Option<f64>) -> ItemScore {
    ItemScore {
        id,
        group: group.to_string(),
        indicator: indicator.to_string(),
        section: section.to_string(),
        criteria: criteria.to_string(),
        max,
        score: None,
        how: How::Unscored,
        explanation: String::new(),
        computed_score: None,
        figures: Vec::new(),
        input: ScoreInput::default(),
        override_reason: String::new(),
        entry: "评分".to_string(),
        reading: String::new(),
        offices: Vec::new(),
        evidence_kinds: vec!["书面材料".to_string(), "系统数据".to_string()],
        evidence: Vec::new(),
        extra: None,
    }
}

/// The 78 items scored: the computed ones from made-up figures (one overridden), group 六 as
/// 90% of 30, most others by hand with a note and an attachment, three not yet scored; a bonus
/// of 1.2 and a deduction of 1.
pub fn fujian_assessment(year: i32, status: AssessmentStatus, version: i64) -> AssessmentResult {
    let mut items = Vec::new();
    for (i, (g, ind, section, criteria, pts, offices)) in ITEMS.iter().enumerate() {
        let (group, _) = name_points(g);
        let (indicator, _) = name_points(ind);
        let mut it = item(format!("fj-{:02}", i + 1), &group, &indicator, section, criteria, Some(*pts));
        it.offices = offices.split('、').map(str::to_string).collect();
        let figure = COMPUTED.iter().find(|(phrase, _)| criteria.contains(phrase)).map(|(_, f)| *f);
        if let Some(f) = figure {
            let pass = i % 4 != 1;
            let got = if pass { *pts } else { 0.0 };
            it.how = How::Computed;
            it.entry = "自动".to_string();
            it.figures =
                vec![FigureLink { id: f.to_string(), kind: None, group: None, item: None, label: f.to_string() }];
            it.computed_score = Some(got);
            it.score = Some(got);
            it.explanation = match f {
                "F2" => format!("持证 37 人 / 应计 45 人 = 82.2%，要求 ≥ 80% → {} 分", fmt_score(got)),
                "F3" => format!("大专以上 41 人 / 在册执法人员 46 人 = 89.1%，要求 ≥ 90% → {} 分", fmt_score(got)),
                "F4" => format!("一线执法 38 人 / 在册持证 42 人 = 90.5%，要求 ≥ 80% → {} 分", fmt_score(got)),
                "F5" => format!("借调 3 人 / 在册 48 人 = 6.3%，要求 ≤ 10% → {} 分", fmt_score(got)),
                "E3" => format!("执法记录仪 24 台，视频管理存储设备 2 台 → {} 分", fmt_score(got)),
                "T2" | "T3" => format!("当年开展 {} 次，要求 ≥ 1 次 → {} 分", if pass { 2 } else { 0 }, fmt_score(got)),
                _ => {
                    if pass {
                        format!("本组标配均已配齐 → {} 分", fmt_score(got))
                    } else {
                        "缺：无人机、热成像仪 → 0 分".to_string()
                    }
                }
            };
            if f == "F5" {
                it.how = How::Override;
                it.score = Some(*pts * 0.5);
                it.override_reason = "借调人员中 1 人已于 7 月返岗，台账尚未更新".to_string();
            }
        } else if group.starts_with("六") {
            it.how = How::Manual;
            it.entry = "百分比".to_string();
            it.input.percent = Some(90.0);
            it.score = Some(pts * 0.9);
            it.explanation = format!("效能评估得分率 90% × {} 分 = {} 分", fmt_score(*pts), fmt_score(pts * 0.9));
            it.input.note = "市级效能评估结果 90 分（闽环保总队评估通报）".to_string();
            it.evidence.push(evidence(&format!("{year}年度执法效能评估结果通报.pdf"), i));
        } else if [40, 41, 60].contains(&i) {
            // Not scored yet.
        } else {
            it.how = How::Manual;
            it.score = Some(if i % 5 == 3 { pts / 2.0 } else { *pts });
            it.input.score = it.score;
            it.input.note = if i % 5 == 3 {
                "制度已起草，尚未印发；按一半计分".to_string()
            } else {
                "已落实，材料见附件".to_string()
            };
            if i % 7 != 2 {
                it.evidence.push(evidence(&format!("{section}相关材料（{}）.pdf", i + 1), i));
            }
        }
        items.push(it);
    }
    // 附加项.
    let mut bonus1 = item(
        "fj-b1".into(),
        "附加项",
        "加分",
        "大练兵成绩",
        "上年度获评全国大练兵表现突出集体+2；全国表现突出个人+0.2/人次；全省表现突出集体+1；全省表现突出个人+0.1/人次",
        None,
    );
    bonus1.extra = Some("加分".into());
    bonus1.how = How::Manual;
    bonus1.entry = "次数".into();
    bonus1.input.count = Some(2.0);
    bonus1.score = Some(0.2);
    bonus1.input.note = "全省表现突出个人 2 人次（王喆、李堃）".into();
    bonus1.evidence.push(evidence("全省大练兵表现突出个人通报.pdf", 90));
    let mut bonus2 =
        item("fj-b2".into(), "附加项", "加分", "完善保障机制", "为本单位人员购买第三方意外保险，加1分", Some(1.0));
    bonus2.extra = Some("加分".into());
    bonus2.how = How::Manual;
    bonus2.entry = "是否".into();
    bonus2.input.flag = Some(true);
    bonus2.score = Some(1.0);
    bonus2.evidence.push(evidence("意外险保单.pdf", 91));
    let mut minus1 = item(
        "fj-d1".into(),
        "附加项",
        "扣分",
        "违规违纪情况",
        "该年度本单位或领导班子成员因违规违纪受到行政处分或处理−5；本单位在编人员受处分或处理−2",
        Some(-5.0),
    );
    minus1.extra = Some("扣分".into());
    minus1.how = How::Manual;
    minus1.entry = "次数".into();
    minus1.score = Some(0.0);
    minus1.input.note = "无".into();
    let mut minus2 = item(
        "fj-d2".into(),
        "附加项",
        "扣分",
        "稽查情况",
        "在省级稽查中被通报批评或约谈−2/次；在市级稽查中−1/次",
        None,
    );
    minus2.extra = Some("扣分".into());
    minus2.how = How::Manual;
    minus2.entry = "次数".into();
    minus2.input.count = Some(1.0);
    minus2.score = Some(-1.0);
    minus2.input.note = "市级稽查约谈 1 次".into();
    items.extend([bonus1, bonus2, minus1, minus2]);
    summarise(year, status, version, items)
}

/// Totals, groups, indicators and grade from scored items.
pub fn summarise(year: i32, status: AssessmentStatus, version: i64, items: Vec<ItemScore>) -> AssessmentResult {
    let mut groups: Vec<GroupScore> = Vec::new();
    for (g, ind, ..) in ITEMS.iter() {
        let (gname, gmax) = name_points(g);
        let (iname, imax) = name_points(ind);
        if groups.last().is_none_or(|x| x.group.name != gname) {
            let id = gname.split('、').next().unwrap_or("").to_string();
            groups.push(GroupScore {
                group: PartScore { id, name: gname.clone(), max: gmax, score: 0.0, unscored: 0 },
                indicators: vec![],
            });
        }
        let group = groups.last_mut().expect("pushed above");
        if group.indicators.last().is_none_or(|x| x.name != iname) {
            let id = iname.split('.').next().unwrap_or("").to_string();
            group.indicators.push(PartScore { id, name: iname, max: imax, score: 0.0, unscored: 0 });
        }
    }
    let (mut base, mut bonus, mut deductions) = (0.0, 0.0, 0.0);
    for it in &items {
        let score = it.score.unwrap_or(0.0);
        match it.extra.as_deref() {
            Some("扣分") => deductions += score,
            Some(_) => bonus += score,
            None => {
                base += score;
                if let Some(g) = groups.iter_mut().find(|g| g.group.name == it.group) {
                    g.group.score += score;
                    g.group.unscored += i64::from(it.score.is_none());
                    if let Some(p) = g.indicators.iter_mut().find(|p| p.name == it.indicator) {
                        p.score += score;
                        p.unscored += i64::from(it.score.is_none());
                    }
                }
            }
        }
    }
    let total = ((base + bonus + deductions) * 100.0).round() / 100.0;
    let (grade, next_grade, points_to_next) = if total >= 95.0 {
        ("示范单位", None, None)
    } else if total >= 80.0 {
        ("规范化单位", Some("示范单位".to_string()), Some(95.0 - total))
    } else {
        ("未达标", Some("规范化单位".to_string()), Some(80.0 - total))
    };
    let count = |h: How| items.iter().filter(|i| i.how == h).count() as i64;
    let without_evidence =
        items.iter().filter(|i| matches!(i.how, How::Manual) && i.evidence.is_empty()).count() as i64;
    AssessmentResult {
        assessment: AssessmentInfo {
            id: format!("sample-{year}-v{version}"),
            rubric_id: "fujian-county-2022".to_string(),
            rubric_title: "福建省生态环境保护综合行政执法机构规范化建设标准（县级执法机构）".to_string(),
            year,
            as_of: format!("{year}-12-31"),
            subject_id: None,
            subject_name: None,
            version,
            status,
            submitted_at: None,
            signed_by: (status == AssessmentStatus::Signed).then(|| "张局长".to_string()),
            signed_at: None,
            amended_by_version: None,
            created_at: format!("{year}-08-01T08:00:00.000Z"),
            updated_at: format!("{year}-08-10T08:00:00.000Z"),
            revision: 1,
        },
        max: 100.0,
        base: (base * 100.0).round() / 100.0,
        bonus,
        deductions,
        total,
        grade: grade.to_string(),
        next_grade,
        points_to_next: points_to_next.map(|p| (p * 100.0).round() / 100.0),
        disqualified: None,
        groups,
        scored: items.iter().filter(|i| i.score.is_some()).count() as i64,
        unscored: count(How::Unscored),
        overridden: count(How::Override),
        without_evidence,
        items,
        suggestions: Vec::new(),
        branch: String::new(),
        frozen: status == AssessmentStatus::Signed,
    }
}

/// A few figures of each kind (F, T, E1 with gaps, E2, E3, E4) for `as_of`.
pub fn figures(scope: &str, as_of: NaiveDate) -> FigureSet {
    let ratio = |id: &str, name: &str, n: i64, d: i64, threshold: &str, pass: bool| Figure {
        numerator: n,
        denominator: Some(d),
        pass: Some(pass),
        threshold: threshold.to_string(),
        value: ledger_core::figures::percent(n, d),
        explanation: format!("{n} 人 / {d} 人"),
        ..Figure::blank(id, name, as_of)
    };
    let count = |id: &str, name: &str, n: i64| Figure {
        numerator: n,
        pass: Some(n >= 1),
        threshold: "≥ 1 次".to_string(),
        value: format!("{n} 次"),
        ..Figure::blank(id, name, as_of)
    };
    let e1 = |item: &str, group: &str, required: i64, held: i64| Figure {
        numerator: held,
        pass: Some(held >= required),
        threshold: format!("≥ {required}"),
        value: held.to_string(),
        item: Some(item.to_string()),
        group: Some(group.to_string()),
        required: Some(required),
        held: Some(held),
        in_service: Some(held),
        missing: Some((required - held).max(0)),
        ..Figure::blank("E1", item, as_of)
    };
    let e2 = |group: &str, name: &str, points: f64, explanation: &str| Figure {
        group: Some(group.to_string()),
        points: Some(points),
        value: format!("{} 分", fmt_score(points)),
        explanation: explanation.to_string(),
        ..Figure::blank("E2", &format!("{group} {name}"), as_of)
    };
    FigureSet {
        as_of: dates::iso(as_of),
        scope: scope.to_string(),
        figures: vec![
            ratio("F1", "持证上岗率", 42, 42, "= 100%", true),
            ratio("F2", "持证比例（不含近三年新进人员）", 37, 45, "≥ 80%", true),
            ratio("F3", "大专以上学历占比", 41, 46, "≥ 90%", false),
            ratio("F4", "一线执法人员占比", 38, 42, "≥ 80%", true),
            ratio("F5", "借调占比", 3, 48, "≤ 10%", true),
            Figure {
                applicable: false,
                pass: None,
                value: "不适用".into(),
                threshold: "≥ 50%".into(),
                denominator: Some(0),
                ..Figure::blank("F6", "近三年新入编人员相关专业占比", as_of)
            },
            count("T1", "全员轮训", 1),
            count("T2", "军训队列", 2),
            count("T3", "跟班学习", 0),
            Figure {
                threshold: "—".into(),
                value: "平均 32.5 学时".into(),
                ..Figure::blank("T5", "个人年度学时", as_of)
            },
            e1("执法执勤专用车", "①", 2, 2),
            e1("无人机", "③", 1, 0),
            e1("热成像仪", "③", 1, 0),
            e1("执法记录仪", "②", 20, 24),
            e2("①", "执法执勤专用车", 1.5, "1 项标配均已配齐 → 1.5 分"),
            e2("③", "现场执法辅助设备", 0.0, "缺：无人机、热成像仪 → 0 分（满分 0.5 分）"),
            Figure {
                explanation: "执法记录仪 24 台，视频管理存储设备 2 台 → 达标".into(),
                pass: Some(true),
                ..Figure::blank("E3", "配备执法记录仪及视频管理存储设备", as_of)
            },
            Figure {
                explanation:
                    "同时保管移动执法终端和具备无线视频传输功能的执法记录仪 40 人 / 在岗持证 42 人 = 95.2% → 2 分"
                        .into(),
                points: Some(2.0),
                ..Figure::blank("E4", "执法人员配备移动执法终端和无线视频执法记录仪", as_of)
            },
        ],
    }
}

/// A key-task summary for `year` as of `as_of`.
pub fn tasks(year: i32, as_of: NaiveDate) -> TaskSummary {
    TaskSummary {
        year: Some(year),
        as_of: dates::iso(as_of),
        total: 29,
        not_started: 2,
        in_progress: 9,
        done: 18,
        overdue: 3,
        due_soon: 2,
        ongoing: 6,
        unrecognized_deadlines: 0,
        upcoming: Vec::new(),
    }
}
