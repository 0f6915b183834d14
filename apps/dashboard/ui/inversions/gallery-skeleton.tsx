/** Placeholder triplets while a gallery page loads: the gallery's own layout, grey blocks for images. */
const IMAGE = { width: 84, height: 84 };

export function GallerySkeleton({ triplets = 8 }: { triplets?: number }) {
  return (
    <ol className="gallery skeleton" role="status" aria-busy="true" aria-label="Loading pairs">
      {Array.from({ length: triplets }, (_, t) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: identical placeholder triplets
        <li key={t} className="triplet">
          {[0, 1, 2].map((i) => (
            <div key={i} className="skeleton-block" style={IMAGE} />
          ))}
        </li>
      ))}
    </ol>
  );
}
