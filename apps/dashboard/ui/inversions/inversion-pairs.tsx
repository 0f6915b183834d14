'use client';
/**
 * One page of an inversion's seed / target / inverted gallery (`?pairs=<first pair>` in the URL), so an
 * inversion of thousands of pairs loads the 32 it shows: their pairs, batches and pixels only.
 */
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { InversionPairsQuery } from '../../lib/queries';
import { ImagePlaceholder } from '../images/image-placeholder';
import { ServerImage } from '../images/server-image';
import { throwIfFailed } from '../shell/use-data';
import { useUrlParams } from '../shell/use-url-state';
import { ContactSheets } from './contact-sheets';
import { GalleryPager } from './gallery-pager';
import { galleryWindow } from './gallery-window';
import { InversionGallery, type PairRole } from './inversion-gallery';
import { buildTriplets } from './triplets';

export const GALLERY_PAGE_SIZE = 32;

export interface InversionPairsProps {
  id: string;
  pairCount: number;
  batchSize: number;
  classNames?: readonly string[] | null;
  /** Why seed and target images are missing when the server gives no URL for them. */
  noPixels: string;
  /** Changes whenever the job stores a batch: the page fetches its pairs and batches again. */
  revision: number;
}

export function InversionPairs({
  id,
  pairCount,
  batchSize,
  classNames,
  noPixels,
  revision,
}: InversionPairsProps) {
  const [params, setParams] = useUrlParams();
  const page = galleryWindow(Number(params.get('pairs') ?? 0), GALLERY_PAGE_SIZE, batchSize, pairCount);
  const [result, reexecute] = useQuery({
    query: InversionPairsQuery,
    variables: { id, ...page, count: Math.max(1, page.count) },
  });
  throwIfFailed(result);
  useEffect(() => {
    if (revision > 0) reexecute({ requestPolicy: 'network-only' });
  }, [revision, reexecute]);
  const inversion = result.data?.inversion;
  if (!inversion) return null;
  const triplets = buildTriplets(inversion.pairs ?? [], inversion.batches, batchSize);
  const pairImages: Record<PairRole, string | null | undefined> = {
    seed: inversion.seedImagesUrl,
    target: inversion.targetImagesUrl,
  };
  const pager = (
    <GalleryPager
      start={page.start}
      count={page.count}
      pageSize={GALLERY_PAGE_SIZE}
      pairCount={pairCount}
      onStart={(start) => setParams({ pairs: start > 0 ? String(start) : null })}
    />
  );
  return (
    <>
      {pager}
      <InversionGallery
        triplets={triplets}
        classNames={classNames}
        pairImage={(role, t, alt) => {
          // The seeds / targets file holds this page only: pair i is image i - start.
          const path = pairImages[role];
          if (path) return <ServerImage path={path} index={t.index - page.start} label={alt} />;
          return <ImagePlaceholder label={`${alt}: ${noPixels}`} text="no pixels" />;
        }}
        invertedImage={(t, alt) =>
          t.batch && <ServerImage path={t.batch.imagesUrl} index={t.batch.offset} label={alt} />
        }
      />
      {triplets.length > 0 && pager}
      <ContactSheets batches={inversion.batches} />
    </>
  );
}
