/**
 * Browser entry of the heatmap bench: renders the natural/inverted pair for k models (from the URL: ?k=50) and
 * records, in window.__bench, the time from the render call to the commit and to the first frame after it.
 */
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { HeatmapPair } from '../../../apps/dashboard/ui/study/heatmap-pair';

declare global {
  interface Window {
    __bench?: { k: number; commitMs: number; firstFrameMs: number; sinceNavigationMs: number; cells: number };
  }
}

const k = Number(new URLSearchParams(window.location.search).get('k') ?? '50');
// Deterministic values in [0, 1] with a unit diagonal, like a CKA matrix.
const values = (offset: number) =>
  Array.from({ length: k }, (_, r) =>
    Array.from({ length: k }, (_, c) => (r === c ? 1 : ((r * 31 + c * 17 + offset) % 97) / 97)),
  );
const labels = Array.from({ length: k }, (_, i) => `arch${Math.floor(i / 5)} ε=${i % 5}`);
const panels = [
  { id: 'natural' as const, title: 'Natural', values: values(0), offDiagonalMean: null },
  { id: 'inverted' as const, title: 'Inverted', values: values(7), offDiagonalMean: null },
];

const root = createRoot(document.getElementById('root')!);
const start = performance.now();
flushSync(() => {
  root.render(
    <HeatmapPair
      labels={labels}
      panels={panels}
      active={null}
      onActiveChange={() => {}}
      metricLabel="linear CKA"
    />,
  );
});
const commit = performance.now();
// The frame after the commit is the first one that can show the cells; the second rAF runs after it painted.
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    const frame = performance.now();
    window.__bench = {
      k,
      commitMs: commit - start,
      firstFrameMs: frame - start,
      sinceNavigationMs: frame,
      cells: document.querySelectorAll('[role="gridcell"]').length,
    };
  }),
);
