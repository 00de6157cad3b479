import type { AssessmentInfo } from '../src/bindings/AssessmentInfo'
import type { AssessmentResult } from '../src/bindings/AssessmentResult'
import type { ItemScore } from '../src/bindings/ItemScore'
import type { RubricInfo } from '../src/bindings/RubricInfo'

export const FUJIAN: RubricInfo = {
  id: 'fujian-county-2022',
  title: '福建省生态环境保护综合行政执法机构规范化建设标准（县级执法机构）',
  source: '晋环保〔2022〕10号 附件',
  subject: '单位',
  total: 100,
  builtin: true,
  loaded_at: null,
  grades: [
    { name: '规范化单位', min: 80, note: '' },
    { name: '示范单位', min: 95, note: '' },
  ],
}

export const INDIVIDUAL: RubricInfo = {
  ...FUJIAN,
  id: 'taian-2021-individual',
  title: '泰安市生态环境保护执法大练兵表现突出个人评选细则（2021）',
  subject: '个人',
  grades: [],
}

export function info(over: Partial<AssessmentInfo> = {}): AssessmentInfo {
  return {
    id: 'a-1',
    rubric_id: FUJIAN.id,
    rubric_title: FUJIAN.title,
    year: 2024,
    as_of: '2024-12-31',
    subject_id: null,
    subject_name: null,
    version: 1,
    status: '草稿',
    submitted_at: null,
    signed_by: null,
    signed_at: null,
    amended_by_version: null,
    created_at: '2024-07-01T01:00:00Z',
    updated_at: '2024-07-01T01:00:00Z',
    revision: 3,
    ...over,
  }
}

export function itemScore(over: Partial<ItemScore> = {}): ItemScore {
  return {
    id: '1.1.1',
    group: '一、机构规范化',
    indicator: '1.机构设置',
    section: '明确机构职能',
    criteria: '是否按规定明确执法机构职能',
    max: 1,
    score: null,
    how: 'unscored',
    explanation: '尚未评分',
    computed_score: null,
    figures: [],
    input: { score: null, count: null, percent: null, flag: null, note: '' },
    override_reason: '',
    entry: '评分',
    reading: '',
    offices: ['办公室'],
    evidence_kinds: ['书面材料'],
    evidence: [],
    extra: null,
    ...over,
  }
}

export const F2_ITEM = itemScore({
  id: '6.4.2',
  group: '四、队伍规范化',
  indicator: '6.执法队伍',
  section: '严格执法资格管理',
  criteria: '持证比例（不含近三年内新进人员）达到80%以上',
  max: 0.5,
  score: 0.5,
  how: 'computed',
  explanation: 'F2 持证比例（不含近三年内新进人员）：持证 8 人 / 应计 10 人 = 80.0%，要求 ≥ 80% → 达标 → 0.5 分',
  computed_score: 0.5,
  figures: [{ id: 'F2', kind: null, group: null, item: null, label: 'F2' }],
  entry: '自动',
})

export const OVERRIDDEN = itemScore({
  id: '6.5.1',
  group: '四、队伍规范化',
  indicator: '6.执法队伍',
  criteria: '一线执法人员占比达到80%',
  max: 1,
  score: 1,
  how: 'override',
  explanation: '手工调整为 1 分（原因：两人证件换发中）；计算结果：… → 0 分',
  computed_score: 0,
  figures: [{ id: 'F5', kind: null, group: null, item: null, label: 'F5' }],
  entry: '自动',
  override_reason: '两人证件换发中',
})

export const BONUS = itemScore({
  id: '加2',
  group: '附加项（加分）',
  indicator: '创新工作',
  section: '',
  criteria: '执法工作获得上级肯定推广',
  max: 1,
  entry: '是否',
  explanation: '未填写（不计分）',
  extra: 'bonus',
})

export function result(over: Partial<AssessmentResult> = {}): AssessmentResult {
  return {
    assessment: info(),
    max: 100,
    base: 81.5,
    bonus: 0,
    deductions: 0,
    total: 81.5,
    grade: '规范化单位',
    next_grade: '示范单位',
    points_to_next: 13.5,
    disqualified: null,
    groups: [
      {
        group: { id: '一', name: '机构规范化', max: 10, score: 9, unscored: 1 },
        indicators: [{ id: '1', name: '机构设置', max: 10, score: 9, unscored: 1 }],
      },
      {
        group: { id: '四', name: '队伍规范化', max: 20, score: 17.5, unscored: 0 },
        indicators: [{ id: '6', name: '执法队伍', max: 20, score: 17.5, unscored: 0 }],
      },
    ],
    items: [itemScore(), F2_ITEM, OVERRIDDEN, BONUS],
    scored: 2,
    unscored: 1,
    overridden: 1,
    without_evidence: 1,
    suggestions: [
      { item_id: '1.1.1', criteria: '是否按规定明确执法机构职能', gain: 1, link: '/assessment', hint: '尚未评分：补充佐证后评分' },
      { item_id: '4.2.1', criteria: '执法人员制式服装和标志是否全部配发到位', gain: 1, link: '/uniforms', hint: '由台账自动计算' },
    ],
    branch: '枣庄市生态环境局滕州分局',
    frozen: false,
    ...over,
  }
}
