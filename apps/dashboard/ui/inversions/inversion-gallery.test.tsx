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
  const classNames = ['zero', 'one', 'two', 'three'];

  it('shows a labelled seed, target and inverted image per pair, and the loss', () => {
    const html = renderToStaticMarkup(
      <InversionGallery
        triplets={buildTriplets(pairs, batches, 2)}
        classNames={classNames}
        pairImage={(role, t, alt) => <span title={alt}>{`${role}s.npy#${t.index}`}</span>}
        invertedImage={(t, alt) => <span title={alt}>{`${t.batch!.imagesUrl}#${t.batch!.offset}`}</span>}
      />,
    );
    expect(html.match(/data-testid="triplet"/g)).toHaveLength(3);
    // Seed and target images are drawn at the pair's index of the seeds / targets file, not the dataset index.
    expect(html).toContain('<span title="seed #11, label 1 (one)">seeds.npy#1</span>');
    expect(html).toContain('<span title="target #22, label 3 (three)">targets.npy#2</span>');
    expect(html).toContain('title="inverted pair 1, keeps label 2 (two)"');
    expect(html).toContain('loss <strong>0.200</strong><span class="muted"> (seed 0.800)</span>');
    expect(html).toContain('aria-label="inverted pair 2, keeps label 3 (three): its batch is running"');
    expect(html).toContain('seed <strong>0 (zero)</strong>');
    expect(html).not.toContain('not available');
  });

  it('stands a placeholder naming the dataset index where no seed or target image is given', () => {
    const html = renderToStaticMarkup(
      <InversionGallery
        triplets={buildTriplets(pairs, batches, 2)}
        classNames={classNames}
        invertedImage={() => null}
      />,
    );
    expect(html).toContain('aria-label="seed #10, label 0 (zero): image not available"');
    expect(html).toContain('>#20</div>');
    expect(html.match(/image not available/g)).toHaveLength(6);
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
    expect(html).not.toContain('the first');
  });

  it('says when it draws only the first of many batches', () => {
    const html = renderToStaticMarkup(
      <LossCurve mean={[1, 0.5]} batches={[{ index: 0, lossCurve: [1, 0.5] }]} batchesDone={1563} />,
    );
    expect(html).toContain('(the first 1 of 1563)');
  });
});
