import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router } from 'vue-router'

import AboutView from './views/AboutView.vue'
import AssessmentView from './views/assessment/AssessmentView.vue'
import ReportsView from './views/assessment/ReportsView.vue'
import AuditView from './views/AuditView.vue'
import HomeView from './views/HomeView.vue'
import TasksView from './views/TasksView.vue'
import UnitsView from './views/UnitsView.vue'
import CityTemplateView from './views/city/CityTemplateView.vue'
import CityView from './views/city/CityView.vue'
import CoverageView from './views/equipment/CoverageView.vue'
import EquipmentDueView from './views/equipment/EquipmentDueView.vue'
import EquipmentItemView from './views/equipment/EquipmentItemView.vue'
import EquipmentView from './views/equipment/EquipmentView.vue'
import FiguresView from './views/figures/FiguresView.vue'
import CertificatesView from './views/people/CertificatesView.vue'
import PersonView from './views/people/PersonView.vue'
import SecondmentsView from './views/people/SecondmentsView.vue'
import StaffView from './views/people/StaffView.vue'
import UniformsView from './views/people/UniformsView.vue'
import ExchangeView from './views/exchange/ExchangeView.vue'
import TrainingView from './views/training/TrainingView.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView, meta: { title: '首页' } },
  { path: '/tasks', name: 'tasks', component: TasksView, meta: { title: '重点任务台账' } },
  { path: '/staff', name: 'staff', component: StaffView, meta: { title: '人员花名册' } },
  { path: '/staff/:id', name: 'person', component: PersonView, props: true, meta: { title: '人员详情' } },
  { path: '/certificates', name: 'certificates', component: CertificatesView, meta: { title: '执法证件' } },
  { path: '/secondments', name: 'secondments', component: SecondmentsView, meta: { title: '借调情况' } },
  { path: '/uniforms', name: 'uniforms', component: UniformsView, meta: { title: '制式服装' } },
  { path: '/equipment', name: 'equipment', component: EquipmentView, meta: { title: '装备台账' } },
  {
    path: '/equipment/item/:id',
    name: 'equipment-item',
    component: EquipmentItemView,
    props: true,
    meta: { title: '装备详情' },
  },
  { path: '/equipment/due', name: 'equipment-due', component: EquipmentDueView, meta: { title: '到期提醒' } },
  { path: '/equipment/coverage', name: 'coverage', component: CoverageView, meta: { title: '标准装备配备' } },
  { path: '/training', name: 'training', component: TrainingView, meta: { title: '培训与练兵' } },
  { path: '/figures', name: 'figures', component: FiguresView, meta: { title: '统计指标' } },
  { path: '/assessment', name: 'assessment', component: AssessmentView, meta: { title: '规范化建设自评' } },
  { path: '/reports', name: 'reports', component: ReportsView, meta: { title: '打印与报告' } },
  { path: '/units', name: 'units', component: UnitsView, meta: { title: '组织机构' } },
  { path: '/exchange', name: 'exchange', component: ExchangeView, meta: { title: '数据上报' } },
  { path: '/city', name: 'city', component: CityView, meta: { title: '各分局情况' } },
  { path: '/city/template', name: 'city-template', component: CityTemplateView, meta: { title: '下发模板' } },
  { path: '/audit', name: 'audit', component: AuditView, meta: { title: '操作日志' } },
  { path: '/about', name: 'about', component: AboutView, meta: { title: '关于/数据位置' } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

export function makeRouter(): Router {
  return createRouter({ history: createWebHashHistory(), routes })
}
