/**
 * Browser entry of the heatmap bench: renders the natural/inverted pair for k models (from the URL: ?k=50) and
 * records, in window.__bench, the time from the render call to the commit and to the first frame after it, and
 * how long an arrow key takes to move the selection.
 */
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { CellRef } from '../../../apps/dashboard/ui/study/heatmap';
import { HeatmapPair } from '../../../apps/dashboard/ui/study/heatmap-pair';

declare global {
  interface Window {
    __bench?: {
      k: number;
      commitMs: number;
      firstFrameMs: number;
      sinceNavigationMs: number;
      cells: number;
      /** Median over 10 presses of ArrowRight/ArrowLeft: key event to the frame after the selection moved. */
      arrowKeyMs: number;
    };
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

function Bench() {
  const [active, setActive] = useState<CellRef | null>(null);
  return (
    <HeatmapPair
      labels={labels}
      panels={panels}
      active={active}
      onActiveChange={setActive}
      metricLabel="linear CKA"
    />
  );
}

/** Resolves after the next frame has been produced (the second rAF runs after the first one painted). */
const nextFrame = () =>
  new Promise<number>((resolve) =>
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now()))),
  );

async function arrowKeyMs(): Promise<number> {
  document.querySelector<SVGRectElement>('[data-testid="heatmap-natural"] [tabindex="0"]')?.focus();
  const times: number[] = [];
  for (let i = 0; i < 10; i++) {
    const target = document.activeElement as Element;
    const t0 = performance.now();
    target.dispatchEvent(
      new KeyboardEvent('keydown', { key: i % 2 ? 'ArrowLeft' : 'ArrowRight', bubbles: true }),
    );
    times.push((await nextFrame()) - t0);
  }
  return times.sort((a, b) => a - b)[5]!;
}

const root = createRoot(document.getElementById('root')!);
const start = performance.now();
flushSync(() => root.render(<Bench />));
const commit = performance.now();
nextFrame().then(async (frame) => {
  const cells = document.querySelectorAll('[role="gridcell"]').length;
  const arrow = await arrowKeyMs();
  window.__bench = {
    k,
    commitMs: commit - start,
    firstFrameMs: frame - start,
    sinceNavigationMs: frame,
    cells,
    arrowKeyMs: arrow,
  };
});
