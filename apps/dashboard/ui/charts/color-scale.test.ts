import { describe, expect, it } from 'vitest';
import { createColorScale, relativeLuminance, textColorOn, VIRIDIS_STOPS, viridis } from './color-scale';

describe('viridis', () => {
  it('returns the published end and middle colours at 0, 1 and the stops', () => {
    expect(viridis(0)).toBe('#440154');
    expect(viridis(1)).toBe('#fde725');
    expect(viridis(5 / 9)).toBe('#1f9e89');
  });

  it('clamps values outside [0, 1] to the end colours', () => {
    expect(viridis(-3)).toBe('#440154');
    expect(viridis(7)).toBe('#fde725');
  });

  it('gets lighter monotonically, so the scale also reads in greyscale', () => {
    const lum = Array.from({ length: 101 }, (_, i) => relativeLuminance(viridis(i / 100)));
    for (let i = 1; i < lum.length; i++) expect(lum[i]!).toBeGreaterThanOrEqual(lum[i - 1]!);
  });

  it('interpolates halfway between two stops', () => {
    // Halfway between #440154 and #482878: (0x44+0x48)/2 = 0x46, (0x01+0x28)/2 = 20.5 -> 0x15, (0x54+0x78)/2 = 0x66.
    expect(viridis(0.5 / 9)).toBe('#461566');
    expect(VIRIDIS_STOPS).toHaveLength(10);
  });
});

describe('createColorScale', () => {
  it('maps the domain ends to the scale ends and gives evenly spaced ticks', () => {
    const scale = createColorScale([0.5, 1]);
    expect(scale.color(0.5)).toBe('#440154');
    expect(scale.color(1)).toBe('#fde725');
    expect(scale.ticks(3)).toEqual([0.5, 0.75, 1]);
  });

  it('refuses an empty or reversed domain, quoting it', () => {
    expect(() => createColorScale([1, 1])).toThrow('[1, 1]');
    expect(() => createColorScale([1, 0])).toThrow('[1, 0]');
  });
});

describe('textColorOn', () => {
  it('puts white text on dark purple and black text on yellow', () => {
    expect(textColorOn('#440154')).toBe('#ffffff');
    expect(textColorOn('#fde725')).toBe('#000000');
  });
});
