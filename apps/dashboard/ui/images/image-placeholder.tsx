/**
 * Stands where an image is not drawn (yet): a grey square with a short visible text and an accessible name
 * that says which image and why. `loading` makes it a shimmering skeleton.
 */
export interface ImagePlaceholderProps {
  /** Accessible name: which image, and why it is missing ("seed #3, label 1: loading"). */
  label: string;
  /** Shown inside the square ("#3", "running", "unavailable"). */
  text?: string;
  loading?: boolean;
  size?: number;
}

export function ImagePlaceholder({ label, text, loading = false, size = 84 }: ImagePlaceholderProps) {
  return (
    <div
      className={loading ? 'image-placeholder skeleton-block' : 'image-placeholder'}
      role="img"
      aria-label={label}
      aria-busy={loading || undefined}
      style={{ width: size, height: size }}
    >
      {text}
    </div>
  );
}
