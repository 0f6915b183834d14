'use client';
import { useQuery } from 'urql';
import type { Role } from '../../lib/gql/graphql';
import { MeQuery } from '../../lib/queries';

export interface RoleState {
  role: Role;
  name: string;
  /** Why the server refused the token (e.g. revoked); the role is then the anonymous VIEWER's. */
  refused?: string;
}

/** The role of the current token (VIEWER for anonymous access); suspends until known. */
export function useRole(): RoleState {
  const [{ data, error }] = useQuery({ query: MeQuery });
  if (data?.me) return data.me;
  return { role: 'VIEWER', name: 'anonymous', refused: error?.message };
}

export function canRun(role: Role): boolean {
  return role === 'RUNNER' || role === 'ADMIN';
}
