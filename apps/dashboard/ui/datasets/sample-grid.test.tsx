import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SampleGrid } from './sample-grid';
import { sampleRows } from './sample-rows';

// The API's DatasetSamples for 2 per class of a 3-class dataset: grouped by class, class 0 first.
const samples = { indices: [0, 3, 1, 4, 2, 5], labels: [0, 0, 1, 1, 2, 2] };
const images = { shape: [6, 2, 2, 1], data: new Float32Array(24) };

describe('sampleRows', () => {
  it('makes a row per class in label order, each image with its position in the .npy', () => {
    expect(sampleRows([7, 2, 9], [1, 0, 1])).toEqual([
      { label: 0, images: [{ index: 2, position: 1 }] },
      {
        label: 1,
        images: [
          { index: 7, position: 0 },
          { index: 9, position: 2 },
        ],
      },
    ]);
  });

  it('refuses indices and labels that do not pair up', () => {
    expect(() => sampleRows([1, 2], [0])).toThrow('2 indices but 1 labels');
  });
});

describe('SampleGrid', () => {
  it('draws one row per class with its name and one named image per sample', () => {
    const html = renderToStaticMarkup(
      <SampleGrid name="mnist" classNames={['zero', 'one', 'two']} samples={samples} images={images} />,
    );
    expect(html.match(/data-testid="sample-row"/g)).toHaveLength(3);
    expect(html.match(/<canvas/g)).toHaveLength(6);
    expect(html).toContain('<th scope="row">1 (one)</th>');
    expect(html).toContain('aria-label="mnist #4, label 1 (one)"');
    expect(html).not.toContain('aria-busy');
  });

  it('shows placeholders of the same shape while loading, and the reason when the images failed', () => {
    const loading = renderToStaticMarkup(<SampleGrid name="mnist" samples={samples} images={null} />);
    expect(loading.match(/class="image-placeholder skeleton-block"/g)).toHaveLength(6);
    expect(loading).toContain('aria-label="mnist #5, label 2 (loading)"');
    expect(loading).not.toContain('<canvas');
    const failed = renderToStaticMarkup(
      <SampleGrid name="mnist" samples={samples} images={new Error('GET /api/x answered 409: not READY')} />,
    );
    expect(failed).toContain('role="alert"');
    expect(failed).toContain('could not be loaded: GET /api/x answered 409: not READY');
  });
});
