'use client';
/** The models page's architecture filter: the zoo's families and the architectures users named at import. */
import { useQuery } from 'urql';
import type { ArchitecturesQuery as ArchitecturesData } from '../../lib/gql/graphql';
import { ArchitecturesQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';

type Architecture = ArchitecturesData['architectures'][number];

/** Zoo first, then imported; each group by id (the order the API lists them in, kept if it changes). */
export function groupArchitectures(architectures: readonly Architecture[]): {
  zoo: Architecture[];
  imported: Architecture[];
} {
  const byId = (a: Architecture, b: Architecture) => a.id.localeCompare(b.id);
  return {
    zoo: architectures.filter((a) => a.origin === 'ZOO').sort(byId),
    imported: architectures.filter((a) => a.origin === 'IMPORTED').sort(byId),
  };
}

export function ArchitectureFilter({
  value,
  onChange,
}: {
  value: string | null;
  onChange(architecture: string | null): void;
}) {
  const [result] = useQuery({ query: ArchitecturesQuery, variables: {} });
  throwIfFailed(result);
  const { zoo, imported } = groupArchitectures(result.data?.architectures ?? []);
  return (
    <label>
      Architecture{' '}
      <select
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || null)}
        data-testid="architecture-filter"
      >
        <option value="">all</option>
        <optgroup label="zoo">
          {zoo.map((a) => (
            <option key={a.id} value={a.id}>
              {a.id}
            </option>
          ))}
        </optgroup>
        {imported.length > 0 && (
          <optgroup label="imported">
            {imported.map((a) => (
              <option key={a.id} value={a.id}>
                {a.family === a.id ? a.id : `${a.id} (${a.family})`}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
