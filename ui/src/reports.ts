// What the pages say after the shell wrote a PDF report.
import { ElMessageBox } from 'element-plus'

import type { PdfReport } from './bindings/PdfReport'

/** List the characters no font had (left out of the page, never shown as a box), if any. */
export async function warnMissingChars(r: PdfReport): Promise<void> {
  if (r.missing_chars.length === 0) return
  await ElMessageBox.alert(
    `以下字符在所用字体中没有，未能打印，请核对原文或改用其他字体：\n${r.missing_chars.join('\n')}`,
    '有字符未能打印',
    { type: 'warning', customStyle: { whiteSpace: 'pre-wrap' } },
  ).catch(() => undefined)
}
