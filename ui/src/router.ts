import { watch } from 'vue'
import { createRouter, createWebHashHistory, type Router,type RouteRecordRaw, START_LOCATION } from 'vue-router'

import { homePath, pathAllowed } from './modes'
import { appMode, store } from './store'

// Every page is its own chunk, loaded when first opened: the app starts with the shell and the one
// page it opens on (makeRouter), nothing else.
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页' } },
  { path: '/tasks', name: 'tasks', component: () => import('./views/TasksView.vue'), meta: { title: '重点任务台账' } },
  { path: '/staff', name: 'staff', component: () => import('./views/people/StaffView.vue'), meta: { title: '人员花名册' } },
  {
    path: '/staff/:id',
    name: 'person',
    component: () => import('./views/people/PersonView.vue'),
    props: true,
    meta: { title: '人员详情' },
  },
  {
    path: '/certificates',
    name: 'certificates',
    component: () => import('./views/people/CertificatesView.vue'),
    meta: { title: '执法证件' },
  },
  {
    path: '/secondments',
    name: 'secondments',
    component: () => import('./views/people/SecondmentsView.vue'),
    meta: { title: '借调情况' },
  },
  {
    path: '/uniforms',
    name: 'uniforms',
    component: () => import('./views/people/UniformsView.vue'),
    meta: { title: '制式服装' },
  },
  {
    path: '/equipment',
    name: 'equipment',
    component: () => import('./views/equipment/EquipmentView.vue'),
    meta: { title: '装备台账' },
  },
  {
    path: '/equipment/item/:id',
    name: 'equipment-item',
    component: () => import('./views/equipment/EquipmentItemView.vue'),
    props: true,
    meta: { title: '装备详情' },
  },
  {
    path: '/equipment/due',
    name: 'equipment-due',
    component: () => import('./views/equipment/EquipmentDueView.vue'),
    meta: { title: '到期提醒' },
  },
  {
    path: '/equipment/coverage',
    name: 'coverage',
    component: () => import('./views/equipment/CoverageView.vue'),
    meta: { title: '标准装备配备' },
  },
  {
    path: '/training',
    name: 'training',
    component: () => import('./views/training/TrainingView.vue'),
    meta: { title: '培训与练兵' },
  },
  {
    path: '/figures',
    name: 'figures',
    component: () => import('./views/figures/FiguresView.vue'),
    meta: { title: '统计指标' },
  },
  {
    path: '/assessment',
    name: 'assessment',
    component: () => import('./views/assessment/AssessmentView.vue'),
    meta: { title: '规范化建设自评' },
  },
  {
    path: '/reports',
    name: 'reports',
    component: () => import('./views/assessment/ReportsView.vue'),
    meta: { title: '打印与报告' },
  },
  { path: '/units', name: 'units', component: () => import('./views/UnitsView.vue'), meta: { title: '组织机构' } },
  {
    path: '/exchange',
    name: 'exchange',
    component: () => import('./views/exchange/ExchangeView.vue'),
    meta: { title: '数据上报' },
  },
  { path: '/city', name: 'city', component: () => import('./views/city/CityView.vue'), meta: { title: '各分局情况' } },
  {
    path: '/city/template',
    name: 'city-template',
    component: () => import('./views/city/CityTemplateView.vue'),
    meta: { title: '下发模板' },
  },
  { path: '/audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '操作日志' } },
  { path: '/backups', name: 'backups', component: () => import('./views/BackupsView.vue'), meta: { title: '备份与恢复' } },
  { path: '/about', name: 'about', component: () => import('./views/AboutView.vue'), meta: { title: '关于/数据位置' } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

/** Resolves once App.vue has read who we are (store.info), which tells the page to open on. */
function infoLoaded(): Promise<void> {
  if (store.info) return Promise.resolve()
  return new Promise((resolve) => {
    const stop = watch(
      () => store.info,
      (info) => {
        if (!info) return
        stop()
        resolve()
      },
    )
  })
}

export function makeRouter(): Router {
  const router = createRouter({ history: createWebHashHistory(), routes })
  // The first navigation waits for the database's mode before it loads a page: a city bureau opens
  // on /city, and would otherwise load the branch home page's chunk first, for nothing. (App.vue's
  // keepToMode does the same for every later navigation.)
  router.beforeEach(async (to, from) => {
    if (from !== START_LOCATION) return
    await infoLoaded()
    if (store.info?.branch && !pathAllowed(to.path, appMode.value)) return homePath(appMode.value)
  })
  return router
}
