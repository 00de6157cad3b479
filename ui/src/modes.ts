// Which pages each kind of database shows (see AppMode).
import type { AppMode } from './store'

/** The city bureau's own pages. */
const CITY_PATHS = ['/city', '/city/template', '/audit', '/backups', '/about']

/** The page the app opens on. */
export function homePath(mode: AppMode): string {
  return mode === 'city' ? '/city' : '/'
}

/** False for a page that makes no sense in `mode` (a ledger page at the city bureau, the city's
 * pages at a branch, exporting a bundle from records viewed read-only). */
export function pathAllowed(path: string, mode: AppMode): boolean {
  const cityPage = path === '/city' || path.startsWith('/city/')
  if (mode === 'city') return CITY_PATHS.includes(path)
  if (cityPage) return false
  return !(mode === 'read_only' && path === '/exchange')
}
