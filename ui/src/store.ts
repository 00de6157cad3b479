// Application-wide state: who we are, which year the header has selected, the branch's units.
import { computed, reactive } from 'vue'

import { api } from './api'
import type { AppInfo } from './bindings/AppInfo'
import type { ImportReport } from './bindings/ImportReport'
import type { OrgUnit } from './bindings/OrgUnit'

export const store = reactive({
  info: null as AppInfo | null,
  /** The year selected in the header, used by the home and task pages. */
  year: new Date().getFullYear(),
  /** Years that have tasks. */
  years: [] as number[],
  units: [] as OrgUnit[],
})

/** The plan year of today's date per the shell (falls back to the local clock). */
export function currentYear(): number {
  const today = store.info?.today
  const y = today ? Number(today.slice(0, 4)) : NaN
  return Number.isFinite(y) ? y : new Date().getFullYear()
}

/** Years offered by the header's selector: those with tasks, this year and next. */
export const yearOptions = computed(() => {
  const now = currentYear()
  const set = new Set<number>([...store.years, now, now + 1, store.year])
  return [...set].sort((a, b) => b - a)
})

/** AppInfo.role of a city bureau's database. */
export const ROLE_CITY = '市局'

/** Which pages the app shows: a branch's own ledger, the city bureau's pages, or a branch's
 * records the city reviewer opened read-only. */
export type AppMode = 'branch' | 'city' | 'read_only'

export function modeOf(info: AppInfo | null): AppMode {
  if (info?.read_only) return 'read_only'
  return info?.role === ROLE_CITY ? 'city' : 'branch'
}

export const appMode = computed(() => modeOf(store.info))

export async function loadInfo(): Promise<AppInfo> {
  const info = await api.appInfo()
  store.info = info
  return info
}

/** Reload the years with tasks; `pick` also chooses the year to show first. */
export async function loadYears(pick = false): Promise<void> {
  const years = await api.taskYears()
  store.years = [...years].sort((a, b) => b - a)
  if (pick) {
    const now = currentYear()
    store.year = store.years.length === 0 || store.years.includes(now) ? now : store.years[0]
  }
}

export async function loadUnits(): Promise<void> {
  store.units = await api.listUnits()
}

/** Load who we are and, for a ledger (the branch's own or one viewed read-only), its years and
 * units. Used at start and whenever the city reviewer opens or closes a branch's records. */
export async function loadAll(): Promise<AppInfo> {
  const info = await loadInfo()
  if (!info.branch) return info
  if (modeOf(info) === 'city') {
    // The city bureau's own database keeps no ledgers.
    store.years = []
    store.units = []
  } else {
    await Promise.all([loadYears(true), loadUnits()])
  }
  return info
}

/** After an import into a year other than the one shown (the sheet's title named it, or the clerk
 * chose it), show that year. True when the year changed. */
export function showImportedYear(report: ImportReport): boolean {
  if (report.year_source === 'fallback' || !report.year || report.year === store.year) return false
  store.year = report.year
  return true
}
