import { describe, expect, it } from 'vitest';
import { layerOf, type MatrixSummary, matrixOptions, pickOption } from './matrix-options';

const models = [{ id: 'a' }, { id: 'b' }];
const m = (
  id: string,
  metric: string,
  source: 'NATURAL' | 'INVERTED',
  layer?: string,
  over = models,
): MatrixSummary => ({
  id,
  metric,
  source,
  parameters: layer ? { layer } : {},
  models: over,
});

const matrices = [
  m('n1', 'LINEAR', 'NATURAL'),
  m('i1', 'LINEAR', 'INVERTED'),
  m('n2', 'DEBIASED', 'NATURAL'),
  m('n3', 'LINEAR', 'NATURAL', 'conv1'),
  m('other', 'LINEAR', 'NATURAL', undefined, [{ id: 'a' }]),
  m('n1b', 'LINEAR', 'NATURAL'),
];

describe('matrixOptions', () => {
  it('pairs natural and inverted matrices over the same models by metric and layer', () => {
    expect(matrixOptions(matrices, ['b', 'a'], ['n1', 'i1'])).toEqual([
      { metric: 'DEBIASED', layer: 'representation', natural: 'n2', inverted: null },
      { metric: 'LINEAR', layer: 'conv1', natural: 'n3', inverted: null },
      { metric: 'LINEAR', layer: 'representation', natural: 'n1', inverted: 'i1' },
    ]);
  });

  it('keeps another study’s matrix out of the slot the study’s own has yet to fill', () => {
    const running = [m('own-n', 'LINEAR', 'NATURAL'), m('old-i', 'LINEAR', 'INVERTED')];
    expect(matrixOptions(running, ['a', 'b'], ['own-n'])).toEqual([
      { metric: 'LINEAR', layer: 'representation', natural: 'own-n', inverted: null },
    ]);
    expect(matrixOptions(running, ['a', 'b'], [])[0]).toMatchObject({ natural: 'own-n', inverted: 'old-i' });
  });

  it('reads the layer from the parameters, defaulting to the representation', () => {
    expect(layerOf({ parameters: { layer: 'dense_1' } })).toBe('dense_1');
    expect(layerOf({ parameters: { layer: 3 } })).toBe('representation');
  });
});

describe('pickOption', () => {
  const options = matrixOptions(matrices, ['a', 'b'], ['n1', 'i1']);
  it('follows the URL, and without it shows the study’s own matrices', () => {
    expect(pickOption(options, { metric: 'DEBIASED' }, ['n1', 'i1'])?.natural).toBe('n2');
    expect(pickOption(options, { metric: 'LINEAR', layer: 'conv1' }, ['n1', 'i1'])?.natural).toBe('n3');
    expect(pickOption(options, {}, ['n1', 'i1'])?.inverted).toBe('i1');
    expect(pickOption(options, { metric: 'LINEAR' }, ['n1', 'i1'])?.layer).toBe('representation');
  });

  it('is null when there is nothing to show', () => {
    expect(pickOption([], {}, [])).toBeNull();
  });
});
