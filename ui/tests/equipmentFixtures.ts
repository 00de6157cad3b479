// Records of the equipment inventory for the page tests.
import type { DueItem } from '../src/bindings/DueItem'
import type { EquipmentDetail } from '../src/bindings/EquipmentDetail'
import type { EquipmentEvent } from '../src/bindings/EquipmentEvent'
import type { EquipmentItem } from '../src/bindings/EquipmentItem'
import type { Figure } from '../src/bindings/Figure'
import type { FigureEquipment } from '../src/bindings/FigureEquipment'
import type { Schedule } from '../src/bindings/Schedule'
import type { StandardItem } from '../src/bindings/StandardItem'
import type { StandardList } from '../src/bindings/StandardList'
import { makeFigure } from './figureFixtures'
import { SQUAD } from './helpers'

let n = 0

export function standardItem(name: string, group: string | null, over: Partial<StandardItem> = {}): StandardItem {
  n += 1
  return {
    id: `std-${name}`,
    name,
    category: '现场执法辅助设备',
    group,
    level: '标配',
    required: null,
    note: '',
    edition: '2020',
    retired: false,
    item_count: 0,
    revision: 1,
    ...over,
  }
}

export const CAR = standardItem('执法执勤专用车', '①', { category: '交通工具' })
export const TERMINAL = standardItem('移动执法终端', '②', { category: '个人移动执法设备' })
export const KIT = standardItem('移动执法包', '②', { category: '个人移动执法设备' })
export const DRONE = standardItem('无人机', '③')
export const REAGENT = standardItem('快检试剂包', '③', { required: 20 })
export const RECORDER = standardItem('执法记录仪', null, { category: '全过程记录设备', item_count: 2 })
export const STORAGE = standardItem('视频管理存储设备', null, { category: '全过程记录设备' })
export const OLD = standardItem('对讲机', '⑤', { retired: true, edition: '2020', item_count: 3 })

export function standardList(over: Partial<StandardList> = {}): StandardList {
  return {
    edition: '2020',
    title: '生态环境保护综合行政执法装备标准化建设指导标准（2020年版）',
    source: '环办执法〔2020〕35号',
    groups: [
      { group: '①', name: '执法执勤专用车', points: 1.5 },
      { group: '②', name: '个人移动执法设备', points: 1 },
      { group: '③', name: '现场执法辅助设备', points: 0.5 },
    ],
    items: [CAR, TERMINAL, KIT, DRONE, REAGENT, RECORDER, STORAGE, OLD],
    ...over,
  }
}

export function makeItem(over: Partial<EquipmentItem> = {}): EquipmentItem {
  n += 1
  return {
    id: `eq-${n}`,
    asset_no: `ZF-2024-${String(n).padStart(3, '0')}`,
    standard_item_id: RECORDER.id,
    standard_item_name: RECORDER.name,
    name: '执法记录仪',
    category: '全过程记录设备',
    model: '海康 DSJ-X1',
    serial_no: `SN${n}`,
    quantity: 1,
    acquired_on: '2023-05-10',
    funding: '中央补助',
    price: 2380.5,
    warranty_until: '2026-05-09',
    service_life_years: 6,
    unit_id: SQUAD.id,
    unit_name: SQUAD.name,
    location: '装备室2号柜',
    custodian_id: 's-wang',
    custodian_name: '王磊',
    status: '在用',
    wireless_video: true,
    scrapped_on: null,
    note: '',
    checked_out_to: null,
    expected_return_on: null,
    evidence_count: 0,
    created_at: '2024-05-10T01:00:00Z',
    updated_at: '2024-05-10T01:00:00Z',
    revision: 3,
    ...over,
  }
}

export function makeEvent(over: Partial<EquipmentEvent> = {}): EquipmentEvent {
  n += 1
  return {
    id: `ev-${n}`,
    item_id: 'eq-1',
    asset_no: 'ZF-2024-001',
    item_name: '执法记录仪',
    kind: '领用',
    event_on: '2024-07-01',
    person_id: 's-li',
    person_name: '李玥',
    purpose: '夜查',
    expected_return_on: '2024-07-05',
    returned_on: '2024-07-04',
    vendor: '',
    cost: null,
    result: '',
    from_unit: null,
    to_unit: null,
    from_custodian: null,
    to_custodian: null,
    reason: '',
    approval_doc: '',
    note: '',
    created_at: '2024-07-01T01:00:00Z',
    revision: 1,
    ...over,
  }
}

export function makeSchedule(over: Partial<Schedule> = {}): Schedule {
  n += 1
  return {
    id: `sch-${n}`,
    item_id: 'eq-1',
    target: 'ZF-2024-001 执法记录仪',
    standard_item_id: null,
    kind: '校准检定',
    every_months: 12,
    start_on: null,
    note: '',
    revision: 1,
    ...over,
  }
}

export function makeDue(over: Partial<DueItem> = {}): DueItem {
  return {
    item_id: 'eq-1',
    asset_no: 'ZF-2024-001',
    item_name: '执法记录仪',
    unit_name: SQUAD.name,
    custodian_name: '王磊',
    what: '校准检定',
    schedule_id: 'sch-1',
    person_name: null,
    last_done_on: '2023-07-25',
    due_on: '2024-07-25',
    days: 5,
    band: '7天内',
    ...over,
  }
}

export function makeDetail(item: EquipmentItem, over: Partial<EquipmentDetail> = {}): EquipmentDetail {
  return { item, events: [], schedules: [], due: [], evidence: [], ...over }
}

export function figureEquipment(id: string, asset_no: string, name: string, over: Partial<FigureEquipment> = {}): FigureEquipment {
  return { id, asset_no, name, unit: SQUAD.name, custodian: '王磊', status: '在用', quantity: 1, ...over }
}

/** E1 for one standard item, as the core computes it. */
export function e1(item: StandardItem, held: number, inService: number, required: number, equipment: FigureEquipment[] = []): Figure {
  const missing = Math.max(0, required - held)
  return makeFigure({
    id: 'E1',
    name: item.name,
    kind: item.level,
    numerator: held,
    denominator: required,
    pass: missing === 0,
    threshold: `≥ ${required}`,
    value: missing === 0 ? `持有 ${held}` : `缺 ${missing}`,
    explanation: `${item.name}：持有 ${held}，在用 ${inService}，应配 ${required} → ${missing === 0 ? '已配齐' : `缺 ${missing}`}`,
    numerator_people: [],
    denominator_people: [],
    group: item.group,
    item: item.name,
    held,
    in_service: inService,
    required,
    missing,
    equipment,
  })
}

export function e2(group: string, name: string, points: number, pass: boolean, explanation: string): Figure {
  return makeFigure({
    id: 'E2',
    name: `${group} ${name}`,
    numerator: pass ? 2 : 1,
    denominator: 2,
    pass,
    threshold: '标配全部配齐',
    value: `${points} 分`,
    explanation,
    numerator_people: [],
    denominator_people: [],
    group,
    points,
  })
}

export const RECORDER_EQ = figureEquipment('eq-rec', 'ZF-2024-001', '执法记录仪')
export const DRONE_EQ = figureEquipment('eq-drone', 'ZF-2024-009', '大疆无人机', { status: '维修中' })

/** The equipment figures of a small branch: a car missing, ② and ③ met partly, E3 not met, E4 90%. */
export function equipmentFigures(): Figure[] {
  return [
    e1(CAR, 0, 0, 1),
    e1(TERMINAL, 3, 3, 1),
    e1(KIT, 1, 1, 1),
    e1(DRONE, 1, 0, 1, [DRONE_EQ]),
    e1(REAGENT, 12, 12, 20),
    e1(RECORDER, 2, 2, 1, [RECORDER_EQ]),
    e1(STORAGE, 0, 0, 1),
    e2('①', '执法执勤专用车', 0, false, '缺：执法执勤专用车 → 0 分（满分 1.5 分）'),
    e2('②', '个人移动执法设备', 1, true, '2 项标配均已配齐 → 1 分'),
    e2('③', '现场执法辅助设备', 0, false, '缺：快检试剂包 → 0 分（满分 0.5 分）'),
    makeFigure({
      id: 'E3',
      name: '配备执法记录仪及视频管理存储设备',
      numerator: 0,
      denominator: null,
      pass: false,
      threshold: '各至少 1 台',
      value: '未配齐',
      explanation: '执法记录仪 2 台，视频管理存储设备 0 台 → 未达标',
      numerator_people: [],
      denominator_people: [],
      equipment: [RECORDER_EQ],
    }),
    makeFigure({
      id: 'E4',
      name: '执法人员配备移动执法终端和无线视频执法记录仪',
      numerator: 9,
      denominator: 10,
      pass: false,
      threshold: '100% → 3 分，≥95% → 2 分，≥90% → 1 分',
      value: '90.0%',
      explanation: '同时保管移动执法终端和具备无线视频传输功能的执法记录仪 9 人 / 在岗持证 10 人 = 90.0% → 1 分',
      points: 1,
    }),
  ]
}
