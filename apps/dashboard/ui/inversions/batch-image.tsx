'use client';
/** One inverted image: fetches its batch's .npy (once per batch) and draws the image at its offset. */
import { NpyImage } from './npy-image';
import { useNpy } from './use-npy';

export function BatchImage({ imagesUrl, offset, alt }: { imagesUrl: string; offset: number; alt: string }) {
  const array = useNpy(imagesUrl);
  if (array instanceof Error) {
    return (
      <div className="image-placeholder" role="img" aria-label={`${alt}: ${array.message}`}>
        unavailable
      </div>
    );
  }
  if (!array)
    return <div className="image-placeholder skeleton-block" role="img" aria-label={`${alt} (loading)`} />;
  return <NpyImage array={array} index={offset} label={alt} />;
}
