'use client';
/**
 * The sample grid of one READY dataset, picked in a selector (?samples=<id>, so the view can be linked); the
 * first READY dataset with stored pixels by default.
 */
import { Suspense } from 'react';
import { useQuery } from 'urql';
import { DatasetSamplesQuery, DatasetsQuery } from '../../lib/queries';
import { useNpy } from '../images/use-npy';
import { throwIfFailed } from '../shell/use-data';
import { useUrlParams } from '../shell/use-url-state';
import { SampleGrid } from './sample-grid';
import { SamplesSkeleton } from './samples-skeleton';

/** Images per class: the server's default, one short row each. */
const PER_CLASS = 8;

export function SampleSection() {
  const [result] = useQuery({ query: DatasetsQuery });
  throwIfFailed(result);
  const [params, setParams] = useUrlParams();
  const ready = (result.data?.datasets.edges.map((e) => e.node) ?? [])
    .filter((d) => d.status === 'READY')
    .sort((a, b) => a.name.localeCompare(b.name));
  if (ready.length === 0) return <p className="empty">Samples are shown once a dataset is READY.</p>;
  const selected =
    ready.find((d) => d.id === params.get('samples')) ?? ready.find((d) => d.imagesStored) ?? ready[0]!;
  return (
    <>
      <div className="selectors">
        <label>
          Dataset{' '}
          <select value={selected.id} onChange={(e) => setParams({ samples: e.target.value })}>
            {ready.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
                {d.imagesStored ? '' : ' (no stored pixels)'}
              </option>
            ))}
          </select>
        </label>
      </div>
      <Suspense fallback={<SamplesSkeleton rows={selected.classNames?.length ?? 10} perRow={PER_CLASS} />}>
        <DatasetSamples id={selected.id} />
      </Suspense>
    </>
  );
}

function DatasetSamples({ id }: { id: string }) {
  const [result] = useQuery({ query: DatasetSamplesQuery, variables: { id, perClass: PER_CLASS } });
  throwIfFailed(result);
  const dataset = result.data?.dataset;
  const images = useNpy(dataset?.samples?.imagesUrl ?? null);
  if (!dataset) return <p className="empty">No dataset with id “{id}”.</p>;
  if (!dataset.imagesStored) {
    return (
      <p className="empty" data-testid="samples-not-stored">
        {dataset.name} was registered before the server stored dataset pixels, so its images cannot be shown
        yet. The server stores them at its next start; or register it again with the same name and source (the{' '}
        <code>registerDataset</code> mutation). Its id and results are kept.
      </p>
    );
  }
  if (!dataset.samples) {
    return (
      <p className="empty">
        Samples of {dataset.name} are shown once it is READY (now {dataset.status}).
      </p>
    );
  }
  return (
    <SampleGrid
      name={dataset.name}
      classNames={dataset.classNames}
      samples={dataset.samples}
      images={images}
    />
  );
}
