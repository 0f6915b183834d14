import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderContactSheet } from './contact-sheet.js';

describe('renderContactSheet', () => {
  it('lays out k rows per band and writes the pixel values', () => {
    const shape: [number, number, number] = [2, 2, 1];
    const white = new Float32Array(3 * 4).fill(1);
    const black = new Float32Array(3 * 4).fill(0);
    const png = PNG.sync.read(
      renderContactSheet({ rows: [white, black], imageShape: shape, columns: 2, scale: 1, gap: 1 }),
    );
    expect(png.width).toBe(2 * 3 + 1);
    expect(png.height).toBe(2 * (2 * 3 + 3) + 1);
    const pixel = (x: number, y: number) => png.data[(y * png.width + x) * 4];
    expect(pixel(1, 1)).toBe(255); // first image, white row
    expect(pixel(1, 4)).toBe(0); // first image, black row
  });

  it('refuses rows of different lengths', () => {
    expect(() =>
      renderContactSheet({ rows: [new Float32Array(4), new Float32Array(8)], imageShape: [2, 2, 1] }),
    ).toThrow(/row 1 holds 2 images, row 0 holds 1/);
  });
});
