/**
 * Seed / target / inverted triplets with labels and final losses (SPEC §4). The inverted image keeps the
 * target's label; the seed's pixels are what the inversion started from.
 */
import type { ReactNode } from 'react';
import { labelName, type Triplet } from './triplets';

export interface InversionGalleryProps {
  triplets: readonly Triplet[];
  classNames?: readonly string[] | null;
  /** Renders a dataset image (seed or target) by dataset index; omitted: a labelled placeholder. */
  datasetImage?(datasetIndex: number, alt: string): ReactNode;
  /** Renders the inverted image of a triplet; null while its batch is running. */
  invertedImage(triplet: Triplet, alt: string): ReactNode;
}

function Placeholder({ text }: { text: string }) {
  return (
    <div className="image-placeholder" role="img" aria-label={text}>
      {text}
    </div>
  );
}

export function InversionGallery({
  triplets,
  classNames,
  datasetImage,
  invertedImage,
}: InversionGalleryProps) {
  if (triplets.length === 0) return <p className="empty">Pairs are sampled when the job starts.</p>;
  return (
    <ol className="gallery" data-testid="inversion-gallery">
      {triplets.map((t) => {
        const seedAlt = `seed #${t.seedIndex}, label ${labelName(t.seedLabel, classNames)}`;
        const targetAlt = `target #${t.targetIndex}, label ${labelName(t.targetLabel, classNames)}`;
        const invertedAlt = `inverted pair ${t.index}, keeps label ${labelName(t.targetLabel, classNames)}`;
        return (
          <li key={t.index} className="triplet" data-testid="triplet">
            <figure>
              {datasetImage?.(t.seedIndex, seedAlt) ?? <Placeholder text={`#${t.seedIndex}`} />}
              <figcaption>
                seed <strong>{labelName(t.seedLabel, classNames)}</strong>
              </figcaption>
            </figure>
            <figure>
              {datasetImage?.(t.targetIndex, targetAlt) ?? <Placeholder text={`#${t.targetIndex}`} />}
              <figcaption>
                target <strong>{labelName(t.targetLabel, classNames)}</strong>
              </figcaption>
            </figure>
            <figure>
              {t.batch ? invertedImage(t, invertedAlt) : <Placeholder text="running" />}
              <figcaption>
                inverted, loss <strong>{t.finalLoss === null ? '—' : t.finalLoss.toFixed(3)}</strong>
                {t.seedLoss !== null && <span className="muted"> (seed {t.seedLoss.toFixed(3)})</span>}
              </figcaption>
            </figure>
          </li>
        );
      })}
    </ol>
  );
}
