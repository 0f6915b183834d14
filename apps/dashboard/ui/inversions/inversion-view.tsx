'use client';
/** One inversion: parameters, live job, loss curve and the seed / target / inverted gallery. */
import Link from 'next/link';
import { useCallback } from 'react';
import { useQuery } from 'urql';
import { InversionQuery } from '../../lib/queries';
import { LiveJob } from '../jobs/live-job';
import { throwIfFailed } from '../shell/use-data';
import { BatchImage } from './batch-image';
import { InversionGallery } from './inversion-gallery';
import { LossCurve } from './loss-curve';
import { buildTriplets } from './triplets';

export function InversionView({ id }: { id: string }) {
  const [result, reexecute] = useQuery({ query: InversionQuery, variables: { id } });
  throwIfFailed(result);
  const { data } = result;
  // Each finished batch moves the job forward: fetch the new batch's losses and images.
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const inversion = data?.inversion;
  if (!inversion) return <p className="empty">No inversion with id “{id}”.</p>;
  const p = inversion.parameters;
  const triplets = buildTriplets(inversion.pairs ?? [], inversion.batches, p.batchSize);
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
      {inversion.job && (
        <LiveJob job={inversion.job} label="Inversion progress" onProgress={refresh} onFinished={refresh} />
      )}
      <section>
        <h2>Loss</h2>
        <LossCurve mean={inversion.lossCurve} batches={inversion.batches} />
      </section>
      <section>
        <h2>Seed, target, inverted</h2>
        <InversionGallery
          triplets={triplets}
          classNames={inversion.dataset.classNames}
          invertedImage={(t, alt) =>
            t.batch && <BatchImage imagesUrl={t.batch.imagesUrl} offset={t.batch.offset} alt={alt} />
          }
        />
      </section>
    </article>
  );
}
