// Figures as the core returns them, for the figures page and the home panel.
import type { Figure } from '../src/bindings/Figure'
import type { FigureKey } from '../src/bindings/FigureKey'
import type { FigurePerson } from '../src/bindings/FigurePerson'
import type { FigureSet } from '../src/bindings/FigureSet'

export function person(id: string, name: string, unit = '第一执法中队'): FigurePerson {
  return { id, name, unit }
}

export const WANG = person('s-wang', '王磊')
export const LI = person('s-li', '李玥')
export const ZHAO = person('s-zhao', '赵堃', '城区生态环境保护所')
export const SUN = person('s-sun', '孙喆', '城区生态环境保护所')

export function makeFigure(over: Partial<Figure> = {}): Figure {
  return {
    id: 'F1',
    name: '持证上岗率',
    kind: null,
    numerator: 2,
    denominator: 2,
    applicable: true,
    pass: true,
    threshold: '= 100%',
    value: '100.0%',
    explanation: '在编在岗一线持证 2 人 / 在编在岗一线 2 人 = 100.0%，要求 = 100% → 达标',
    as_of: '2024-07-20',
    source: '枣环字〔2024〕27号 任务9。',
    numerator_people: [WANG, LI],
    denominator_people: [WANG, LI],
    units: [],
    sessions: [],
    longest_days: null,
    hours: [],
    group: null,
    points: null,
    item: null,
    held: null,
    in_service: null,
    required: null,
    missing: null,
    equipment: [],
    ...over,
  }
}

export const F2 = makeFigure({
  id: 'F2',
  name: '持证比例（不含近三年内新进人员）',
  numerator: 3,
  denominator: 4,
  pass: false,
  threshold: '≥ 80%',
  value: '75.0%',
  explanation: '持证 3 人 / 在册人员（不含近三年新进） 4 人 = 75.0%，要求 ≥ 80% → 未达标',
  source: '晋环保〔2022〕10号。[解读] 新进按到岗日期计。',
  numerator_people: [WANG, LI, ZHAO],
  denominator_people: [WANG, LI, ZHAO, SUN],
})

export const F4 = makeFigure({
  id: 'F4',
  name: '近三年新入编人员法学或生态环境专业占比',
  numerator: 0,
  denominator: 0,
  applicable: false,
  pass: null,
  threshold: '≥ 50%',
  value: '不适用',
  explanation: '近三年新入编人员 0 人，不适用',
  numerator_people: [],
  denominator_people: [],
})

export const F8 = makeFigure({
  id: 'F8',
  name: '每个中队在编在岗执法人员',
  numerator: 1,
  denominator: 2,
  pass: false,
  threshold: '每个单位 ≥ 2 人',
  value: '1/2 个单位达标',
  explanation: '1 / 2 个单位达到 2 人；不足的：第二执法中队 1 人 → 未达标',
  numerator_people: [WANG, LI, ZHAO],
  units: [
    { unit_id: 'u1', unit: '第一执法中队', count: 2, pass: true, people: [WANG, LI] },
    { unit_id: 'u2', unit: '第二执法中队', count: 1, pass: false, people: [ZHAO] },
  ],
})

export const T1 = makeFigure({
  id: 'T1',
  name: '全员轮训完成率（6月30日前）',
  as_of: '2024-06-30',
  explanation: '已参加全员轮训 2 人 / 6月30日在岗人员 2 人 = 100.0%，要求 = 100% → 达标',
})

export const T2 = makeFigure({
  id: 'T2',
  name: '军训队列或集中体能训练',
  numerator: 1,
  denominator: null,
  threshold: '≥ 1 次',
  value: '1 次',
  explanation: '1 次，要求 ≥ 1 次 → 达标；最长一次 5 天（泰安大练兵要求不少于 7 天：未达到）',
  numerator_people: [],
  denominator_people: [],
  sessions: [{ id: 'ts1', kind: '军训队列', title: '2024年军训队列训练', start_on: '2024-04-08', end_on: '2024-04-12', days: 5 }],
  longest_days: 5,
})

export const T4 = makeFigure({
  id: 'T4',
  name: '实战比武（年内次数）',
  kind: '实战比武',
  numerator: 0,
  denominator: null,
  pass: false,
  threshold: '≥ 1 次',
  value: '0 次',
  explanation: '0 次，要求 ≥ 1 次 → 未达标',
  numerator_people: [],
  denominator_people: [],
})

export const T5 = makeFigure({
  id: 'T5',
  name: '个人年度学时（2024年）',
  numerator: 2,
  denominator: null,
  pass: null,
  threshold: '—',
  value: '合计 14.5 学时',
  explanation: '在册 3 人中 2 人参加过培训，合计 14.5 学时（无达标要求）',
  numerator_people: [],
  denominator_people: [],
  hours: [
    { id: WANG.id, name: WANG.name, unit: WANG.unit, hours: 12, sessions: 2 },
    { id: LI.id, name: LI.name, unit: LI.unit, hours: 2.5, sessions: 1 },
    { id: SUN.id, name: SUN.name, unit: SUN.unit, hours: 0, sessions: 0 },
  ],
})

export const U2 = makeFigure({ id: 'U2', name: '制式服装全部配发到位', numerator: 1, denominator: 2, pass: false, value: '50.0%' })

export function figureSet(over: Partial<FigureSet> = {}): FigureSet {
  return {
    as_of: '2024-07-20',
    scope: '枣庄市生态环境局滕州分局',
    figures: [makeFigure(), F2, F4, F8, T1, T2, T4, T5, U2],
    ...over,
  }
}

/** A figure as the `figures` command returns it: without the names behind it. */
export function withoutNames(f: Figure): Figure {
  return {
    ...f,
    numerator_people: [],
    denominator_people: [],
    units: f.units.map((u) => ({ ...u, people: [] })),
    sessions: [],
    hours: [],
    equipment: [],
  }
}

/** The commands behind the figures of `set` as the shell answers them: `figures` without the
 * names, `figure_names` one figure with them (and the arguments it was asked with). */
export function figureCommands(set: () => FigureSet) {
  return {
    figures: () => {
      const s = set()
      return { ...s, figures: s.figures.map(withoutNames) }
    },
    figure_names: ({ key }: { key: FigureKey }) => {
      const f = set().figures.find(
        (x) => x.id === key.id && x.kind === key.kind && x.group === key.group && x.item === key.item,
      )
      if (!f) throw { code: 'E_INVALID', message: `没有指标“${key.id}”`, field: '指标' }
      return f
    },
  }
}
