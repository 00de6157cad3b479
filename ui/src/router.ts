import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from 'vue-router'

import AboutView from './views/AboutView.vue'
import AuditView from './views/AuditView.vue'
import HomeView from './views/HomeView.vue'
import TasksView from './views/TasksView.vue'
import UnitsView from './views/UnitsView.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: '首页' } },
  { path: '/tasks', name: 'tasks', component: TasksView, meta: { title: '重点任务台账' } },
  { path: '/units', name: 'units', component: UnitsView, meta: { title: '组织机构' } },
  { path: '/audit', name: 'audit', component: AuditView, meta: { title: '操作日志' } },
  { path: '/about', name: 'about', component: AboutView, meta: { title: '关于/数据位置' } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function makeRouter(): Router {
  return createRouter({ history: createWebHashHistory(), routes })
}
