/** Roles and what each may do: viewers read and subscribe, runners also start and cancel jobs, admins manage tokens. */

export const ROLES = ['viewer', 'runner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, runner: 1, admin: 2 };

export interface Principal {
  role: Role;
  /** Token id, or null for anonymous access. */
  tokenId: string | null;
  name: string;
}

export function hasRole(principal: Principal | null, needed: Role): boolean {
  return principal !== null && RANK[principal.role] >= RANK[needed];
}
