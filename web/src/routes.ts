import type { ComponentType } from 'preact';
import { lazy } from 'preact-iso';
import type { Role } from './auth.js';

/**
 * Every page of the app, in one table: the router and the navigation are both made from it. A page is its own chunk
 * (`lazy`), so the first page loads only its own code. `path` is under the app's base (/app/); `nav` puts it in
 * the navigation under that label; `role` hides it from users below that role (the server refuses them anyway).
 */
export interface PageRoute {
  path: string;
  title: string;
  nav?: string;
  role?: Role;
  // Pages take their route's params as props (preact-iso passes them), each page declaring its own.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  component: ComponentType<any>;
}

export const routes: PageRoute[] = [
  { path: '/', title: 'Overview', nav: 'Overview', component: lazy(() => import('./pages/overview-page.js')) },
  { path: '/calls', title: 'Calls', nav: 'Calls', component: lazy(() => import('./pages/calls-page.js')) },
  { path: '/calls/:call_sid', title: 'Call', component: lazy(() => import('./pages/call-page.js')) },
  { path: '/live', title: 'Live', nav: 'Live', component: lazy(() => import('./pages/live-page.js')) },
  { path: '/jobs', title: 'Jobs', nav: 'Jobs', component: lazy(() => import('./pages/jobs-page.js')) },
  { path: '/jobs/:id', title: 'Job', component: lazy(() => import('./pages/job-page.js')) },
  { path: '/people', title: 'People', nav: 'People', component: lazy(() => import('./pages/people-page.js')) },
  {
    path: '/try-call',
    title: 'Try a call',
    nav: 'Try a call',
    role: 'recruiter',
    component: lazy(() => import('./pages/try-call-page.js')),
  },
  { path: '/admin/users', title: 'Users', nav: 'Users', role: 'admin', component: lazy(() => import('./pages/admin/users-page.js')) },
  { path: '/admin/audit', title: 'Audit log', nav: 'Audit', role: 'admin', component: lazy(() => import('./pages/admin/audit-page.js')) },
  { path: '/account', title: 'Account', component: lazy(() => import('./pages/account-page.js')) },
];

/** The app's base path as built (/app/), without its trailing slash. */
export const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');

/** A path of the app as a URL: `href('/calls')` is /app/calls. */
export function href(path: string): string {
  return `${BASE}${path === '/' ? '/' : path}`;
}
