/**
 * A dataset's sample grid: one row per class (its name, then its images), drawn from the samples' .npy
 * (float32 [n, h, w, c], in the order of the indices). Placeholders of the same shape while it loads.
 */
import { ImagePlaceholder } from '../images/image-placeholder';
import type { NpyArray } from '../images/npy';
import { NpyImage } from '../images/npy-image';
import { labelName } from '../inversions/triplets';
import { sampleRows } from './sample-rows';

/** Display size of one image: 8 per row fit a narrow window. */
export const SAMPLE_SIZE = 56;

export interface SampleGridProps {
  /** Dataset name, for the images' accessible names ("mnist #17, label 3"). */
  name: string;
  classNames?: readonly string[] | null;
  samples: { indices: readonly number[]; labels: readonly number[] };
  /** The samples' images; null while they load; an Error when they could not be fetched. */
  images: NpyArray | Error | null;
}

export function SampleGrid({ name, classNames, samples, images }: SampleGridProps) {
  if (images instanceof Error) {
    return (
      <p className="job-error" role="alert">
        The sample images of {name} could not be loaded: {images.message}
      </p>
    );
  }
  const rows = sampleRows(samples.indices, samples.labels);
  return (
    <table className="sample-grid" data-testid="sample-grid" aria-busy={images === null || undefined}>
      <caption className="visually-hidden">
        {name}: the first {Math.max(0, ...rows.map((r) => r.images.length))} images of each class
      </caption>
      <tbody>
        {rows.map((row) => (
          <tr key={row.label} data-testid="sample-row" data-label={row.label}>
            <th scope="row">{labelName(row.label, classNames)}</th>
            <td>
              <div className="sample-images">
                {row.images.map(({ index, position }) => {
                  const alt = `${name} #${index}, label ${labelName(row.label, classNames)}`;
                  return images ? (
                    <NpyImage key={index} array={images} index={position} label={alt} size={SAMPLE_SIZE} />
                  ) : (
                    <ImagePlaceholder key={index} label={`${alt} (loading)`} loading size={SAMPLE_SIZE} />
                  );
                })}
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
