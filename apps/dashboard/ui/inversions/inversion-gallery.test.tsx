import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { InversionGallery } from './inversion-gallery';
import { LossCurve } from './loss-curve';
import { buildTriplets, labelName } from './triplets';

const pairs = [0, 1, 2].map((i) => ({
  index: i,
  seedIndex: 10 + i,
  targetIndex: 20 + i,
  seedLabel: i,
  targetLabel: i + 1,
}));
const batches = [{ index: 0, imagesUrl: '/blobs/a.npy', losses: [0.1, 0.2], seedLosses: [0.9, 0.8] }];

describe('buildTriplets', () => {
  it('finds each pair in its batch with its final loss; pairs of unfinished batches wait', () => {
    const triplets = buildTriplets(pairs, batches, 2);
    expect(triplets[1]).toMatchObject({
      batch: { index: 0, offset: 1, imagesUrl: '/blobs/a.npy' },
      finalLoss: 0.2,
    });
    expect(triplets[2]).toMatchObject({ batch: null, finalLoss: null });
  });

  it('names labels with class names when they add something', () => {
    expect(labelName(3, ['0', '1', '2', '3'])).toBe('3');
    expect(labelName(1, ['t-shirt', 'trouser'])).toBe('1 (trouser)');
    expect(labelName(1, null)).toBe('1');
  });
});

describe('InversionGallery', () => {
  it('shows a labelled seed, target and inverted image per pair, and the loss', () => {
    const html = renderToStaticMarkup(
      <InversionGallery
        triplets={buildTriplets(pairs, batches, 2)}
        classNames={['zero', 'one', 'two', 'three']}
        invertedImage={(t, alt) => <span title={alt}>{`${t.batch!.imagesUrl}#${t.batch!.offset}`}</span>}
      />,
    );
    expect(html.match(/data-testid="triplet"/g)).toHaveLength(3);
    expect(html).toContain('title="inverted pair 1, keeps label 2 (two)"');
    expect(html).toContain('loss <strong>0.200</strong><span class="muted"> (seed 0.800)</span>');
    expect(html).toContain('aria-label="running"');
    expect(html).toContain('seed <strong>0 (zero)</strong>');
  });
});

describe('LossCurve', () => {
  it('draws a line per batch and the mean', () => {
    const html = renderToStaticMarkup(
      <LossCurve
        mean={[1, 0.5, 0.25]}
        batches={[
          { index: 0, lossCurve: [1, 0.6, 0.3] },
          { index: 1, lossCurve: [1, 0.4, 0.2] },
        ]}
      />,
    );
    expect(html.match(/data-testid="loss-batch"/g)).toHaveLength(2);
    expect(html).toContain('data-testid="loss-mean"');
    expect(html).toContain('final 0.250');
  });
});
