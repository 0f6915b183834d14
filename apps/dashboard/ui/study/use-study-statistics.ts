'use client';
/**
 * A finished study's statistics (headlines, agreement, STIR, convergence), fetched once it is READY. Every
 * section calls this; urql sends one request for them all and shares its answer.
 */
import { useQuery } from 'urql';
import type { StudyStatisticsQuery as StudyStatisticsData } from '../../lib/gql/graphql';
import { StudyStatisticsQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';

export type StudyStatistics = NonNullable<StudyStatisticsData['study']>;

export function useStudyStatistics(id: string, ready: boolean): StudyStatistics | null {
  const [result] = useQuery({ query: StudyStatisticsQuery, variables: { id }, pause: !ready });
  throwIfFailed(result);
  return ready ? (result.data?.study ?? null) : null;
}
