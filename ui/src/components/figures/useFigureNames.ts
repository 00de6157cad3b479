// The names behind one figure, fetched when a names dialog opens: the pages' figure sets come
// without them (for a large branch they are tens of MB nobody looks at until they ask).
import { ref, watch } from 'vue'

import { api } from '../../api'
import type { Figure } from '../../bindings/Figure'
import type { FigureKey } from '../../bindings/FigureKey'
import type { FigureQuery } from '../../bindings/FigureQuery'
import { showError } from '../../errors'

export function keyOf(f: Figure): FigureKey {
  return { id: f.id, kind: f.kind, group: f.group, item: f.item }
}

/** `full` is the open dialog's figure with its names, null while they load. */
export function useFigureNames(open: () => boolean, figure: () => Figure | null, query: () => FigureQuery) {
  const full = ref<Figure | null>(null)
  const loading = ref(false)
  watch(
    () => [open(), figure()] as const,
    async ([isOpen, f]) => {
      full.value = null
      if (!isOpen || !f) return
      loading.value = true
      try {
        const got = await api.figureNames(query(), keyOf(f))
        // The clerk may have opened another figure meanwhile.
        if (figure() === f && open()) full.value = got
      } catch (e) {
        showError(e)
      } finally {
        loading.value = false
      }
    },
    { immediate: true },
  )
  return { full, loading }
}
