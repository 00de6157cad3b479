import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import type { AuditEntry } from '../src/bindings/AuditEntry'
import AuditView from '../src/views/AuditView.vue'
import { mockCommands, mountWithApp, resetStore } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

const IMPORT: AuditEntry = {
  seq: 7,
  at: '2024-07-20T01:02:03Z',
  actor: '张内勤',
  entity: 'import',
  entity_id: 'tasks',
  action: 'import',
  before: null,
  after: { file: '/home/clerk/台账.xlsx', inserted: 3 },
  entity_label: '导入',
  action_label: '导入',
  summary: '重点任务（文件“台账.xlsx”：新增 3，更新 0，无变化 0，跳过 0）',
  fields: [{ label: '新增', before: null, after: '3', changed: false }],
}

const RENAME: AuditEntry = {
  ...IMPORT,
  seq: 6,
  entity: 'org_unit',
  entity_id: 'u-1',
  action: 'update',
  entity_label: '组织机构',
  action_label: '修改',
  summary: '第一综合执法中队',
  fields: [
    { label: '名称', before: '第一执法中队', after: '第一综合执法中队', changed: true },
    { label: '类型', before: '执法中队', after: '执法中队', changed: false },
  ],
}

beforeEach(resetStore)
afterEach(() => {
  document.body.innerHTML = ''
})

describe('audit page', () => {
  it('names every entity, action and field in Chinese', async () => {
    mockCommands({ list_audit: () => ({ total: 2, items: [IMPORT, RENAME] }) })
    await mountWithApp(AuditView)
    const rows = [...document.querySelectorAll('[data-testid=audit-table] > .el-table__inner-wrapper .el-table__body > tbody > tr')]
    const text = rows.map((r) => r.textContent ?? '')
    expect(text[0]).toContain('导入：重点任务（文件“台账.xlsx”：新增 3')
    expect(text[1]).toContain('组织机构：第一综合执法中队')
    expect(text[1]).toContain('修改')
    expect(document.body.textContent).not.toMatch(/import|org_unit|tasks/)

    // Expanding a row shows the fields by their Chinese names, the changed ones marked.
    ;(rows[1].querySelector('.el-table__expand-icon') as HTMLElement).click()
    await flushPromises()
    const fields = document.querySelector('[data-testid=audit-fields]')?.textContent ?? ''
    expect(fields).toContain('名称')
    expect(fields).toContain('第一综合执法中队')
    expect(document.querySelectorAll('[data-testid=audit-fields] .field-changed')).toHaveLength(2)
  })
})
