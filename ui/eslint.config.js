// ESLint for the UI (`make lint`): the recommended rules of ESLint, typescript-eslint and
// eslint-plugin-vue, and imports in one order (simple-import-sort) so no one sorts them by hand.
// Types are vue-tsc's job (`npm run build`), formatting is left as it is.
import js from '@eslint/js'
import simpleImportSort from 'eslint-plugin-simple-import-sort'
import vue from 'eslint-plugin-vue'
import ts from 'typescript-eslint'

export default ts.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/bindings/**'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...vue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: ts.parser } },
  },
  {
    plugins: { 'simple-import-sort': simpleImportSort },
    rules: {
      // TypeScript knows the browser's globals and finds undefined names itself.
      'no-undef': 'off',
      'simple-import-sort/imports': 'error',
      'simple-import-sort/exports': 'error',
    },
  },
)
