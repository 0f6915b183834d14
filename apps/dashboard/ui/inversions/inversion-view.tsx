'use client';
/** One inversion: parameters, its own state, loss curve and the seed / target / inverted gallery. */
import Link from 'next/link';
import { Suspense, useCallback, useState } from 'react';
import { useQuery } from 'urql';
import { InversionQuery } from '../../lib/queries';
import { throwIfFailed } from '../shell/use-data';
import { GallerySkeleton } from './gallery-skeleton';
import { InversionPairs } from './inversion-pairs';
import { InversionState } from './inversion-state';
import { LossCurve } from './loss-curve';

export function InversionView({ id }: { id: string }) {
  const [result, reexecute] = useQuery({ query: InversionQuery, variables: { id } });
  throwIfFailed(result);
  const { data } = result;
  // Each finished batch moves the job forward: fetch the new batch's losses and images.
  const [revision, setRevision] = useState(0);
  const refresh = useCallback(() => {
    reexecute({ requestPolicy: 'network-only' });
    setRevision((r) => r + 1);
  }, [reexecute]);
  const inversion = data?.inversion;
  if (!inversion) return <p className="empty">No inversion with id “{id}”.</p>;
  const p = inversion.parameters;
  const noPixels = inversion.dataset.imagesStored
    ? 'not available until the job has sampled the pairs'
    : `dataset ${inversion.dataset.name} has no stored pixels yet; the server stores them at its next start, or register it again (same name and source)`;
  return (
    <article data-testid="inversion-view">
      <header className="page-header">
        <h1>
          Inversion through {inversion.model.name}{' '}
          <span className={`badge badge-${inversion.status.toLowerCase()}`}>
            {inversion.status.toLowerCase()}
          </span>
        </h1>
        <p className="muted">
          {inversion.pairCount} pairs of <Link href="/datasets">{inversion.dataset.name}</Link> (pair seed{' '}
          {inversion.pairSeed}) · {inversion.batchesDone}/{inversion.batchCount} batches · mean final loss{' '}
          {inversion.meanFinalLoss?.toFixed(3) ?? '—'}
        </p>
        <p className="muted small">
          layer {p.layer} · {p.iterations} iterations · step {p.stepSize} · momentum {p.momentum} · eps{' '}
          {p.eps} · batch {p.batchSize} · use best {String(p.useBest)} · fake ReLU {String(p.fakeRelu)}
        </p>
      </header>
      <InversionState inversion={inversion} onProgress={refresh} onFinished={refresh} />
      <section>
        <h2>Loss</h2>
        <LossCurve
          mean={inversion.lossCurve}
          batches={inversion.batches}
          batchesDone={inversion.batchesDone}
        />
      </section>
      <section>
        <h2>Seed, target, inverted</h2>
        <Suspense fallback={<GallerySkeleton />}>
          <InversionPairs
            id={inversion.id}
            pairCount={inversion.pairCount}
            batchSize={p.batchSize}
            classNames={inversion.dataset.classNames}
            noPixels={noPixels}
            revision={revision}
          />
        </Suspense>
      </section>
    </article>
  );
}
