'use client';
/**
 * Image `index` of a .npy the server serves (an inverted batch, a dataset sample set, an inversion's seeds or
 * targets): fetched once per path and shared by every image of it, drawn on a canvas; a placeholder that says
 * so while loading or when the fetch failed.
 */
import { ImagePlaceholder } from './image-placeholder';
import { NpyImage } from './npy-image';
import { useNpy } from './use-npy';

export interface ServerImageProps {
  /** Server path of the .npy, e.g. `/inversions/<id>/seeds.npy`. */
  path: string;
  index: number;
  label: string;
  size?: number;
}

export function ServerImage({ path, index, label, size }: ServerImageProps) {
  const array = useNpy(path);
  if (array instanceof Error)
    return <ImagePlaceholder label={`${label}: ${array.message}`} text="unavailable" size={size} />;
  if (!array) return <ImagePlaceholder label={`${label} (loading)`} loading size={size} />;
  return <NpyImage array={array} index={index} label={label} size={size} />;
}
