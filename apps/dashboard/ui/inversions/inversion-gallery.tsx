/**
 * Seed / target / inverted triplets with labels and final losses (SPEC §4). The inverted image keeps the
 * target's label; the seed's pixels are what the inversion started from.
 */
import type { ReactNode } from 'react';
import { ImagePlaceholder } from '../images/image-placeholder';
import { labelName, type Triplet } from './triplets';

export type PairRole = 'seed' | 'target';

export interface InversionGalleryProps {
  triplets: readonly Triplet[];
  classNames?: readonly string[] | null;
  /**
   * Renders the seed or target image of a triplet (image `triplet.index` of the inversion's seeds or targets);
   * omitted: a placeholder naming the dataset index.
   */
  pairImage?(role: PairRole, triplet: Triplet, alt: string): ReactNode;
  /** Renders the inverted image of a triplet; called only once its batch has finished. */
  invertedImage(triplet: Triplet, alt: string): ReactNode;
}

export function InversionGallery({ triplets, classNames, pairImage, invertedImage }: InversionGalleryProps) {
  if (triplets.length === 0) return <p className="empty">Pairs are sampled when the job starts.</p>;
  const pair = (role: PairRole, t: Triplet, alt: string) =>
    pairImage?.(role, t, alt) ?? (
      <ImagePlaceholder
        label={`${alt}: image not available`}
        text={`#${role === 'seed' ? t.seedIndex : t.targetIndex}`}
      />
    );
  return (
    <ol className="gallery" data-testid="inversion-gallery">
      {triplets.map((t) => {
        const seedAlt = `seed #${t.seedIndex}, label ${labelName(t.seedLabel, classNames)}`;
        const targetAlt = `target #${t.targetIndex}, label ${labelName(t.targetLabel, classNames)}`;
        const invertedAlt = `inverted pair ${t.index}, keeps label ${labelName(t.targetLabel, classNames)}`;
        return (
          <li key={t.index} className="triplet" data-testid="triplet" data-pair={t.index}>
            <figure>
              {pair('seed', t, seedAlt)}
              <figcaption>
                seed <strong>{labelName(t.seedLabel, classNames)}</strong>
              </figcaption>
            </figure>
            <figure>
              {pair('target', t, targetAlt)}
              <figcaption>
                target <strong>{labelName(t.targetLabel, classNames)}</strong>
              </figcaption>
            </figure>
            <figure>
              {t.batch ? (
                invertedImage(t, invertedAlt)
              ) : (
                <ImagePlaceholder label={`${invertedAlt}: its batch is running`} text="running" />
              )}
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
