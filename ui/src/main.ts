// The order of these imports is the order of the CSS: style.css comes after the components' CSS
// it restyles, so the import sorter leaves this file alone.
/* eslint-disable simple-import-sort/imports */
import { createApp } from 'vue'
import { provideGlobalConfig } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
// Element Plus comes on demand (unplugin-vue-components, vite.config.ts): each component with its
// CSS, in the chunk of the page that uses it. Those called from script need their CSS here.
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
// style.css restyles the task table's tooltip (.long-text-tip): its CSS must come first.
import 'element-plus/es/components/tooltip/style/css'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

import App from './App.vue'
import { reportFailures } from './failures'
import { makeRouter } from './router'
import './style.css'

dayjs.locale('zh-cn')

const app = createApp(App)
// What app.use(ElementPlus, { locale }) did, less the components: zh-CN for the app's components
// and, globally, for ElMessageBox, which renders outside the app. (Not makeInstaller(): calling it
// here keeps Element Plus's own installer, with every component, in the bundle.)
provideGlobalConfig({ locale: zhCn }, app, true)
const router = makeRouter()
reportFailures(app, router)
app.use(router).mount('#app')
