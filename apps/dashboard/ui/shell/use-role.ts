'use client';
import { useQuery } from 'urql';
import type { Role } from '../../lib/gql/graphql';
import { MeQuery } from '../../lib/queries';

/** The role of the current token (VIEWER for anonymous access); suspends until known. */
export function useRole(): { role: Role; name: string } {
  const [{ data, error }] = useQuery({ query: MeQuery });
  if (error && !data) throw error;
  return data?.me ?? { role: 'VIEWER', name: 'anonymous' };
}

export function canRun(role: Role): boolean {
  return role === 'RUNNER' || role === 'ADMIN';
}
