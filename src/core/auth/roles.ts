/** Who may do what: admin (everything, users and settings), recruiter (jobs, candidates, campaigns, calls), viewer (read-only). */
export type Role = 'admin' | 'recruiter' | 'viewer';

export const ROLES: readonly Role[] = ['viewer', 'recruiter', 'admin'];

const RANK: Record<Role, number> = { viewer: 0, recruiter: 1, admin: 2 };

/** True when `role` is a role name. */
export function isRole(value: unknown): value is Role {
  return value === 'admin' || value === 'recruiter' || value === 'viewer';
}

/** True when `held` is at least `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return RANK[held] >= RANK[needed];
}

/** Methods that change nothing: a viewer may send them, and a session sends them without a CSRF token. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/** The role a request needs: the route's own when it names one, else viewer to read and recruiter to change. */
export function requiredRole(method: string, routeRole: Role | undefined): Role {
  return routeRole ?? (isSafeMethod(method) ? 'viewer' : 'recruiter');
}
