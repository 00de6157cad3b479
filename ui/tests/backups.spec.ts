import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import App from '../src/App.vue'
import type { BackupSet } from '../src/bindings/BackupSet'
import type { Recovery } from '../src/bindings/Recovery'
import { store } from '../src/store'
import BackupsView from '../src/views/BackupsView.vue'
import { BRANCH, callsOf, mockCommands, mountWithApp, payload, resetStore, sleep } from './helpers'

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }))

function set(sequence: number, over: Partial<BackupSet> = {}): BackupSet {
  return {
    id: `00000${sequence}-20261203-0915${sequence}0-daily`,
    sequence,
    created_at: `2026-12-0${sequence}T09:15:00Z`,
    reason: 'daily',
    program_version: '0.1.0',
    schema_version: 6,
    db_bytes: 1_572_864,
    db_sha256: 'ab'.repeat(32),
    evidence_files: 12,
    evidence_missing: 0,
    has_key: true,
    branches: 0,
    ...over,
  }
}

const SUMMARY = {
  year: 2024, as_of: '2024-07-20', total: 0, not_started: 0, in_progress: 0, done: 0,
  overdue: 0, due_soon: 0, ongoing: 0, unrecognized_deadlines: 0, upcoming: [],
}

/** Let the lazily loaded recovery screen arrive. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await flushPromises()
    await sleep(20)
  }
}

async function confirmBox(): Promise<void> {
  await flushPromises()
  await sleep(50)
  ;(document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click()
  await flushPromises()
  await sleep(50)
  await flushPromises()
}

beforeEach(resetStore)
afterEach(() => {
  document.body.innerHTML = ''
})

describe('备份与恢复 page', () => {
  it('lists the backups in Chinese, backs up now and restores after asking', async () => {
    let sets = [set(2), set(1, { reason: 'import', evidence_missing: 2 })]
    mockCommands({
      list_backups: () => sets,
      create_backup: () => {
        const made = set(3, { reason: 'manual' })
        sets = [made, ...sets]
        return made
      },
      restore_backup: (args: { id: string }) => ({
        restored: sets.find((s) => s.id === args.id),
        before_restore: set(4, { reason: 'before_restore' }),
        damaged_kept_at: null,
        evidence_restored: 1,
      }),
      app_info: () => store.info,
      task_years: () => [2024],
      list_units: () => [BRANCH],
      task_summary: () => SUMMARY,
    })
    const { wrapper } = await mountWithApp(BackupsView, { route: '/backups' })
    const table = wrapper.get('[data-testid=backup-table]').text()
    expect(table).toContain('2026年12月2日 09:15')
    expect(table).toContain('每日自动备份')
    expect(table).toContain('导入前')
    expect(table).toContain('1.5 MB')
    expect(table).toContain('签名密钥')
    expect(table).toContain('备份时已缺失附件 2 个')
    expect(table).not.toMatch(/daily|import/)

    await wrapper.get('[data-testid=backup-now]').trigger('click')
    await flushPromises()
    expect(callsOf('create_backup')).toHaveLength(1)
    expect(wrapper.get('[data-testid=backup-table]').text()).toContain('手动备份')

    await wrapper.get('[data-testid=restore-1]').trigger('click')
    await flushPromises()
    await sleep(50)
    const box = document.querySelector('.el-message-box')?.textContent ?? ''
    expect(box).toContain('第 1 号')
    expect(box).toContain('当前数据会先自动备份')
    await confirmBox()
    expect(callsOf('restore_backup')).toEqual([{ id: sets[2].id }])
    expect(document.body.textContent).toContain('找回附件 1 个')
  })

  it('does not restore when the clerk cancels', async () => {
    mockCommands({ list_backups: () => [set(1)] })
    const { wrapper } = await mountWithApp(BackupsView, { route: '/backups' })
    await wrapper.get('[data-testid=restore-1]').trigger('click')
    await flushPromises()
    await sleep(50)
    ;(document.querySelector('.el-message-box__btns .el-button:not(.el-button--primary)') as HTMLElement).click()
    await flushPromises()
    expect(callsOf('restore_backup')).toHaveLength(0)
  })
})

describe('the recovery screen', () => {
  const RECOVERY: Recovery = {
    problem: '数据库“/data/ledger.sqlite3”已损坏，无法正常读取（SQLite 检查结果：database disk image is malformed）',
    db_path: '/data/ledger.sqlite3',
    backups: [set(2), set(1)],
    newest_good: set(2).id,
  }

  it('says what is wrong and restores the newest good backup, then opens the ledger', async () => {
    store.info = null
    let damaged = true
    mockCommands({
      recovery_status: () => (damaged ? RECOVERY : null),
      restore_backup: (args: { id: string }) => {
        damaged = false
        return { restored: set(2), before_restore: null, damaged_kept_at: '/data/damaged/20261203-101500', evidence_restored: 0, id: args.id }
      },
      app_info: () => ({ ...(resetStore(), store.info) }),
      task_years: () => [2024],
      list_units: () => [BRANCH],
      task_summary: () => SUMMARY,
    })
    const { wrapper } = await mountWithApp(App)
    await settle()
    expect(wrapper.get('[data-testid=recovery-problem]').text()).toContain('已损坏')
    expect(wrapper.text()).toContain('损坏的文件不会被删除')
    expect(wrapper.find('[data-testid=nav-home]').exists()).toBe(false)
    const button = wrapper.get('[data-testid=recover-newest]')
    expect(button.text()).toContain('第 2 号')
    await button.trigger('click')
    await flushPromises()
    await sleep(50)
    expect(document.querySelector('.el-message-box')?.textContent).toContain('damaged 文件夹')
    await confirmBox()
    expect(callsOf('restore_backup')).toEqual([{ id: set(2).id }])
    await flushPromises()
    expect(wrapper.find('[data-testid=recovery-view]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=nav-home]').exists()).toBe(true)
  })

  it('says so plainly when there is no good backup, and offers nothing to click', async () => {
    store.info = null
    mockCommands({ recovery_status: () => ({ ...RECOVERY, backups: [], newest_good: null }) })
    const { wrapper } = await mountWithApp(App)
    await settle()
    expect(wrapper.get('[data-testid=recovery-no-backup]').text()).toContain('没有找到完好的备份')
    expect(wrapper.find('[data-testid=recover-newest]').exists()).toBe(false)
  })

  it('switches to the recovery screen when loading finds the damage', async () => {
    store.info = null
    let calls = 0
    mockCommands({
      recovery_status: () => (calls++ === 0 ? null : RECOVERY),
      app_info: () => {
        throw payload('E_DB_DAMAGED', '数据库文件已损坏，无法读取')
      },
    })
    const { wrapper } = await mountWithApp(App)
    await settle()
    expect(wrapper.find('[data-testid=recovery-view]').exists()).toBe(true)
  })

  it('warns when the computer clock is behind the ledger', async () => {
    mockCommands({
      app_info: () => ({ ...store.info, clock_warning: '电脑的日期时间（2020年1月1日 08:00）早于本台账最近一次修改的时间（2026年12月3日 09:15）。' }),
      task_years: () => [2024],
      list_units: () => [BRANCH],
      task_summary: () => SUMMARY,
    })
    const { wrapper } = await mountWithApp(App)
    await settle()
    expect(wrapper.get('[data-testid=clock-warning]').text()).toContain('早于本台账最近一次修改的时间')
  })
})
