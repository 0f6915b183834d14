/**
 * Quick-study wall time (issue 3: "quick-study wall time") on the shipped zoo, as `simlab study --preset quick`
 * runs it (held-out images, one worker per core): once with a cold inversion cache, once more with every
 * inversion cached (what a re-run costs). Skipped, and said so, when the zoo is absent.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '../data/mnist.js';
import { runStudy } from '../study/run-study.js';
import { DEFAULT_ZOO_DIR, readZoo } from '../study/study-models.js';
import { STUDY_PRESETS } from '../study/study-params.js';
import type { BenchRow } from './bench-row.js';

export async function benchQuickStudy(): Promise<BenchRow[]> {
  if (!(await stat(DEFAULT_ZOO_DIR).catch(() => undefined))?.isDirectory()) {
    return [{ name: `quick study: skipped, no shipped zoo at ${DEFAULT_ZOO_DIR}`, value: 0, unit: 's' }];
  }
  const models = await readZoo(DEFAULT_ZOO_DIR);
  // runStudy draws the pairs from the images the zoo did not train on, as `simlab study` does.
  const dataset = loadMnist();
  const cacheDir = await mkdtemp(join(tmpdir(), 'simlab-bench-study-'));
  const { pairs, inversion } = STUDY_PRESETS.quick;
  const label = `${models.length} models, ${pairs} pairs, ${inversion.iterations} it, ${availableParallelism()} workers`;
  try {
    const concurrency = availableParallelism();
    const cold = await runStudy({ models, dataset, preset: 'quick', cacheDir, concurrency });
    const warm = await runStudy({ models, dataset, preset: 'quick', cacheDir, concurrency });
    const s = (ms: number) => ms / 1000;
    return [
      { name: `quick study, cold cache (${label})`, value: s(cold.timings.totalMs), unit: 's' },
      { name: '  of which inversions', value: s(cold.timings.inversionMs), unit: 's' },
      {
        name: '  of which natural + inverted matrices',
        value: s(cold.timings.naturalMs + cold.timings.invertedMs),
        unit: 's',
      },
      { name: 'quick study re-run, all inversions cached', value: s(warm.timings.totalMs), unit: 's' },
    ];
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}
