'use client';
import Link from 'next/link';
import { StudyView } from '../study/study-view';
import { useLatestStudyId } from './study-list';

/** The newest study, or an invitation to start one. */
export function LatestStudy() {
  const id = useLatestStudyId();
  if (!id) {
    return (
      <p className="empty">
        No study yet. <Link href="/studies/new">Start one</Link> from the zoo’s models.
      </p>
    );
  }
  return <StudyView id={id} />;
}
