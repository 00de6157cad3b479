//! The records of the people ledgers — staff, certificates and their 审验, secondments, uniforms —
//! as they cross IPC and `--json`. Dates are `YYYY-MM-DD` strings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::model::Evidence;
use crate::zh_enum;

zh_enum! {
    /// 性别
    pub enum Gender { Male = "男" | "男性", Female = "女" | "女性" }
}

zh_enum! {
    /// 岗位类别
    pub enum Post {
        Frontline = "一线执法" | "一线" | "执法" | "一线执法人员",
        Office = "内勤",
        Leader = "领导" | "领导班子",
        Other = "其他",
    }
}

zh_enum! {
    /// 编制
    pub enum Establishment { Staffed = "在编" | "行政编制" | "事业编制" | "参公", Contract = "编外" | "合同制" | "聘用" | "辅助人员" }
}

zh_enum! {
    /// 学历 (METRICS.md: 硕士, 博士 → 研究生; 专科 → 大专; 高中, 中专 → 中专及以下)
    pub enum Education {
        Graduate = "研究生" | "硕士" | "博士" | "硕士研究生" | "博士研究生",
        Bachelor = "本科" | "大学本科" | "大学",
        College = "大专" | "专科" | "大学专科",
        Secondary = "中专及以下" | "中专" | "高中" | "初中" | "技校" | "职高",
    }
}

impl Education {
    /// 大专以上 (F3): 大专, 本科 or 研究生.
    pub fn college_or_above(self) -> bool {
        !matches!(self, Education::Secondary)
    }
}

zh_enum! {
    /// 专业类别
    pub enum MajorCategory { Law = "法学" | "法律", Environmental = "生态环境相关" | "环境" | "生态环境", Other = "其他" }
}

zh_enum! {
    /// 证件类型. Only 行政执法证 makes a person 持证 in the figures.
    pub enum CertKind {
        Enforcement = "行政执法证" | "执法证" | "行政执法证件",
        Supervision = "执法监督证" | "行政执法监督证",
        Hearing = "听证主持人证",
        LegalProfession = "法律职业资格证书" | "法律职业资格证" | "法律职业资格",
    }
}

zh_enum! {
    /// 证件状态
    pub enum CertStatus { Valid = "有效" | "正常", Suspended = "暂扣", Cancelled = "注销", Lost = "遗失", Withdrawn = "收回" }
}

zh_enum! {
    /// 气候区 (财行〔2020〕299号)
    pub enum ClimateZone { Hot = "热", Subtropical = "亚热", SouthTemperate = "南温", NorthTemperate = "北温", Cold = "寒", Frigid = "高寒" }
}

/// One person on the branch's roster (执法人员). No national ID number is kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Staff {
    pub id: String,
    pub unit_id: String,
    pub unit_name: String,
    pub name: String,
    pub gender: Option<Gender>,
    pub post: Option<Post>,
    pub establishment: Option<Establishment>,
    /// 到岗日期: arrival at this branch (not 参加工作时间).
    pub arrived_on: Option<String>,
    /// 入编日期
    pub established_on: Option<String>,
    /// 离岗日期: after it the person is off the roll, with their history kept.
    pub left_on: Option<String>,
    pub education: Option<Education>,
    pub major: String,
    pub major_category: Option<MajorCategory>,
    /// 法律职业资格
    pub legal_qualification: bool,
    pub phone: String,
    pub size_hat: String,
    pub size_top: String,
    pub size_bottom: String,
    pub size_shoes: String,
    /// The evidence attachment shown as the person's photo.
    pub photo_evidence_id: Option<String>,
    pub note: String,
    /// States on the query's reference date (METRICS.md): 在册, 借调中, 持证.
    pub on_roll: bool,
    pub seconded: bool,
    pub certified: bool,
    /// The person's 行政执法证 number and expiry, for the roster (`—` when none).
    pub certificate: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// What a clerk fills in for a person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct StaffInput {
    /// `None`: the branch itself.
    pub unit_id: Option<String>,
    pub name: String,
    pub gender: Option<Gender>,
    pub post: Option<Post>,
    pub establishment: Option<Establishment>,
    pub arrived_on: Option<String>,
    pub established_on: Option<String>,
    pub left_on: Option<String>,
    pub education: Option<Education>,
    pub major: String,
    pub major_category: Option<MajorCategory>,
    pub legal_qualification: bool,
    pub phone: String,
    pub size_hat: String,
    pub size_top: String,
    pub size_bottom: String,
    pub size_shoes: String,
    pub note: String,
}

/// The roster's certificate filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(rename_all = "snake_case")]
pub enum CertFilter {
    /// Holds a valid 行政执法证 on the date.
    Certified,
    /// Does not.
    Uncertified,
    /// Their 行政执法证 expires, or its 审验 falls due, within 90 days of the date.
    DueSoon,
}

/// A filtered, paged request for the roster.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct StaffQuery {
    /// The reference date of 在册, 借调中 and 持证; `None`: today.
    pub as_of: Option<String>,
    /// Only the staff on the roll on `as_of` (the default view); `false` shows leavers too.
    pub on_roll_only: bool,
    pub unit_id: Option<String>,
    pub post: Option<Post>,
    pub establishment: Option<Establishment>,
    pub cert: Option<CertFilter>,
    /// Part of a name (spaces ignored).
    pub search: Option<String>,
    pub offset: u32,
    pub limit: Option<u32>,
}

/// One page of the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffPage {
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<Staff>,
}

/// A certificate a person holds (证件).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Certificate {
    pub id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub unit_name: String,
    pub kind: CertKind,
    /// Kept as text: leading zeros stay.
    pub number: String,
    pub issuer: String,
    /// 执法区域/类别
    pub area: String,
    pub issued_on: Option<String>,
    /// The last valid day; `None`: does not expire (listed for the clerk to complete).
    pub expires_on: Option<String>,
    pub status: CertStatus,
    pub note: String,
    /// The latest 审验, if any.
    pub last_review_on: Option<String>,
    /// When the next 审验 falls due (the last one, or the issue date, plus the kind's cycle).
    pub next_review_on: Option<String>,
    #[ts(type = "number")]
    pub evidence_count: i64,
    pub created_at: String,
    pub updated_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// What a clerk fills in for a certificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct CertificateInput {
    pub staff_id: String,
    pub kind: Option<CertKind>,
    pub number: String,
    pub issuer: String,
    pub area: String,
    pub issued_on: Option<String>,
    pub expires_on: Option<String>,
    /// `None`: 有效.
    pub status: Option<CertStatus>,
    pub note: String,
}

/// One 审验 of a certificate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertReview {
    pub id: String,
    pub certificate_id: String,
    pub reviewed_on: String,
    /// 合格, 不合格, or what the clerk writes.
    pub result: String,
    pub note: String,
    pub created_at: String,
}

/// Input for a 审验.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct CertReviewInput {
    pub reviewed_on: String,
    pub result: String,
    pub note: String,
}

/// A certificate with its 审验 history and scans.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertificateDetail {
    pub certificate: Certificate,
    pub reviews: Vec<CertReview>,
    pub evidence: Vec<Evidence>,
}

/// What falls due on a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum DueWhat {
    #[serde(rename = "到期")]
    Expiry,
    #[serde(rename = "审验")]
    Review,
}

/// A certificate whose expiry or 审验 falls due within the window asked for, or has passed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CertificateDue {
    pub certificate: Certificate,
    pub what: DueWhat,
    pub due_on: String,
    /// Days from the reference date to `due_on` (negative: already passed).
    #[ts(type = "number")]
    pub days: i64,
    /// The warning band: 已过期, 7天内, 30天内, 60天内 or 90天内 (or 90天后 beyond it).
    pub band: String,
}

/// A secondment of a person (借调).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Secondment {
    pub id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub unit_name: String,
    /// 借调单位
    pub destination: String,
    /// Whether the post there is an enforcement post (empty reads as 否).
    pub enforcement_post: bool,
    pub start_on: String,
    pub end_on: Option<String>,
    /// 市局同意, and the approval's 文号.
    pub approved: bool,
    pub approval_doc: String,
    pub note: String,
    pub created_at: String,
    pub updated_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// What a clerk fills in for a secondment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct SecondmentInput {
    pub staff_id: String,
    pub destination: String,
    pub enforcement_post: bool,
    pub start_on: String,
    pub end_on: Option<String>,
    pub approved: bool,
    pub approval_doc: String,
    pub note: String,
}

/// One line of the uniform issue scale: an item for a climate zone (and a gender, where it
/// differs), how many, and how many years it serves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UniformScaleItem {
    pub id: String,
    pub item: String,
    /// 帽类, 服装类, 鞋类, 标志类
    pub category: String,
    /// `None`: for everyone.
    pub gender: Option<Gender>,
    pub zone: ClimateZone,
    #[ts(type = "number")]
    pub quantity: i64,
    /// How many a replacement issue gives, where it differs from the first issue.
    #[ts(type = "number | null")]
    pub renewal_quantity: Option<i64>,
    #[ts(type = "number")]
    pub life_years: i64,
    pub note: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// Input for a line of the issue scale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct UniformScaleInput {
    pub item: String,
    pub category: String,
    pub gender: Option<Gender>,
    pub zone: Option<ClimateZone>,
    #[ts(type = "number")]
    pub quantity: i64,
    #[ts(type = "number | null")]
    pub renewal_quantity: Option<i64>,
    #[ts(type = "number")]
    pub life_years: i64,
    pub note: String,
}

/// Uniform items issued to a person on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UniformIssue {
    pub id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub unit_name: String,
    pub item: String,
    #[ts(type = "number")]
    pub quantity: i64,
    pub issued_on: String,
    pub note: String,
    pub created_at: String,
    #[ts(type = "number")]
    pub revision: i64,
}

/// Which issue records, and which page of them ([`crate::Ledger::uniform_issue_page`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct UniformIssueQuery {
    /// Part of the person's name, the item or the unit (spaces ignored); `None`: every record.
    pub search: Option<String>,
    pub offset: u32,
    /// `None`: to the end.
    pub limit: Option<u32>,
}

/// One page of the issue records, latest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UniformIssuePage {
    /// The records the search keeps, over all pages.
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<UniformIssue>,
}

/// Input for an issue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
#[serde(default)]
pub struct UniformIssueInput {
    pub staff_id: String,
    pub item: String,
    #[ts(type = "number")]
    pub quantity: i64,
    pub issued_on: String,
    pub note: String,
}

/// Where a person stands on one item of the scale on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum UniformItemState {
    /// Never issued.
    #[serde(rename = "未配发")]
    NotIssued,
    /// Enough in service.
    #[serde(rename = "已配发")]
    Issued,
    /// In service, but fewer than the scale gives.
    #[serde(rename = "数量不足")]
    Short,
    /// Issued once, and past its replacement date.
    #[serde(rename = "到期未换")]
    Overdue,
}

/// One item of a person's uniform on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UniformItemStatus {
    pub item: String,
    pub category: String,
    /// How many the scale gives (the renewal quantity once the first issue has served its life).
    #[ts(type = "number")]
    pub required: i64,
    /// How many issued ones are still within their service life.
    #[ts(type = "number")]
    pub in_service: i64,
    pub last_issued_on: Option<String>,
    /// The last issue's date plus the item's service life.
    pub next_replacement_on: Option<String>,
    pub state: UniformItemState,
}

/// A person's uniform on a date: eligibility (U1) and every item of their scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UniformStatus {
    pub staff_id: String,
    pub staff_name: String,
    pub unit_name: String,
    /// 在编 ∧ 在岗 ∧ 持证 ∧ 一线 on the date (财行〔2020〕299号).
    pub eligible: bool,
    /// Why not, in words, when not eligible.
    pub reason: String,
    pub items: Vec<UniformItemStatus>,
    /// Every item issued and none past its replacement date.
    pub complete: bool,
}

/// One page of the uniform overview, with the counts over everyone on the roll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct UniformOverviewPage {
    /// Who should wear the uniform on the date (在编、在岗、持证、一线).
    #[ts(type = "number")]
    pub eligible: i64,
    /// Of them, who has every item within its life.
    #[ts(type = "number")]
    pub complete: i64,
    /// The rows the filter keeps, over all pages.
    #[ts(type = "number")]
    pub total: i64,
    pub items: Vec<UniformStatus>,
}

/// A person with everything hanging off them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct StaffDetail {
    pub staff: Staff,
    pub certificates: Vec<Certificate>,
    pub secondments: Vec<Secondment>,
    pub uniform_issues: Vec<UniformIssue>,
    /// Their uniform on the reference date (`None` until the branch's climate zone is set).
    pub uniform: Option<UniformStatus>,
    pub training: Vec<crate::training::PersonTraining>,
    /// Hours attended per year, newest year first.
    pub hours_by_year: Vec<crate::training::YearHours>,
    pub evidence: Vec<Evidence>,
}
