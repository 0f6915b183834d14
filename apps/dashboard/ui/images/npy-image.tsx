'use client';
/** Draws one image of a fetched .npy on a canvas, pixelated, with an accessible name. */
import { useEffect, useRef } from 'react';
import { imageToRgba, type NpyArray } from './npy';

export interface NpyImageProps {
  array: NpyArray;
  index: number;
  label: string;
  size?: number;
}

export function NpyImage({ array, index, label, size = 84 }: NpyImageProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const el = canvas.current;
    const context = el?.getContext('2d');
    if (!el || !context) return;
    const { width, height, rgba } = imageToRgba(array, index);
    el.width = width;
    el.height = height;
    context.putImageData(new ImageData(rgba, width, height), 0, 0);
  }, [array, index]);
  return (
    <canvas
      ref={canvas}
      className="pixelated"
      role="img"
      aria-label={label}
      style={{ width: size, height: size }}
    />
  );
}
