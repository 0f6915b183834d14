'use client';
/** One inversion: parameters, live job, loss curve and the seed / target / inverted gallery. */
import Link from 'next/link';
import { useCallback } from 'react';
import { useQuery } from 'urql';
import { InversionQuery } from '../../lib/queries';
import { ImagePlaceholder } from '../images/image-placeholder';
import { ServerImage } from '../images/server-image';
import { LiveJob } from '../jobs/live-job';
import { throwIfFailed } from '../shell/use-data';
import { ContactSheets } from './contact-sheets';
import { InversionGallery, type PairRole } from './inversion-gallery';
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
  const pairImages: Record<PairRole, string | null | undefined> = {
    seed: inversion.seedImagesUrl,
    target: inversion.targetImagesUrl,
  };
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
          pairImage={(role, t, alt) => {
            // Image i of the seeds / targets file is pair i's.
            const path = pairImages[role];
            if (path) return <ServerImage path={path} index={t.index} label={alt} />;
            return <ImagePlaceholder label={`${alt}: ${noPixels}`} text="no pixels" />;
          }}
          invertedImage={(t, alt) =>
            t.batch && <ServerImage path={t.batch.imagesUrl} index={t.batch.offset} label={alt} />
          }
        />
        <ContactSheets batches={inversion.batches} />
      </section>
    </article>
  );
}
