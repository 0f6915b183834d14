/**
 * The simulations behind docs/statistics.md, printed as the tables there (not part of `npm test`, which runs a
 * faster subset: coverage.test.ts, permutation-null.test.ts, headline.test.ts, trend-test.test.ts).
 * Run: `npx tsx packages/compute/src/stats/simulation-report.ts [replicates]` (default 400). Fixed seeds.
 */
/* biome-ignore-all lint/suspicious/noConsole: a report script's output is its product */
import { initBackend, machineInfo } from '../backend.js';
import { createRng, type Rng } from '../random.js';
import type { Activations } from '../similarity/activations.js';
import { debiasedCka } from '../similarity/debiased-cka.js';
import { linearCka } from '../similarity/linear-cka.js';
import { spearman } from '../similarity/rank-correlation.js';
import { takeRows } from '../similarity/rows.js';
import { quantile } from '../similarity/summary.js';
import { cellStatistics } from './cell-statistics.js';
import { centredGram } from './centred-gram.js';
import { type HeadlineCell, headlineDifference, headlineMean } from './headline.js';
import { createInputGroups } from './input-groups.js';
import { jackknifeInterval } from './jackknife.js';
import { gramPermutationNull } from './permutation-null.js';
import { createSyntheticPair, createSyntheticViews } from './synthetic-representations.js';
import { trendTest } from './trend-test.js';

const R = Number(process.argv[2] ?? 400);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const inside = (lo: number, hi: number, t: number) => lo <= t && t <= hi;

async function cellCoverage(): Promise<void> {
  console.log(`\n## Per-cell 95% intervals, 20 groups, ${R} replicates per row`);
  console.log(
    '| n | p=q | sides | population | E[biased] | debiased covers pop. | biased covers E[biased] | biased covers pop. | biased, bias-corrected, covers pop. | mean width (debiased) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const relu of [false, true]) {
    for (const n of [64, 512]) {
      for (const p of relu ? [64] : [16, 128]) {
        for (const coupling of relu ? [0, 0.8] : [0, 0.5, 0.8]) {
          const pair = createSyntheticPair({ p, q: p, coupling, seed: 1, relu });
          const draw = createRng(1000 + n + p + coupling * 10 + (relu ? 7 : 0));
          const big = relu ? pair.sample(50_000, draw) : undefined;
          const population = pair.populationCka ?? (await debiasedCka(big!.a, big!.b)).value;
          const rows: { cell: Awaited<ReturnType<typeof cellStatistics>> }[] = [];
          for (let r = 0; r < R; r++) {
            const { a, b } = pair.sample(n, draw);
            rows.push({ cell: await cellStatistics(a, b, { intervalGroups: 20, seed: r }) });
          }
          let expected = 0; // E[biased CKA at n]: Monte Carlo over R further samples, by linearCka
          for (let r = 0; r < R; r++) {
            const { a, b } = pair.sample(n, draw);
            expected += (await linearCka(a, b)).value / R;
          }
          const share = (f: (c: (typeof rows)[0]['cell']) => boolean) =>
            pct(rows.filter((r) => f(r.cell)).length / R);
          const corrected = (c: (typeof rows)[0]['cell']) => {
            const j = jackknifeInterval(c.biased.value, c.biased.replicates!, { biasCorrection: true });
            return inside(j.lower, j.upper, population);
          };
          const width =
            rows.reduce((s, r) => s + r.cell.debiased.interval!.upper - r.cell.debiased.interval!.lower, 0) /
            R;
          const sides = `${coupling === 0 ? 'independent' : `related (ρ=${coupling})`}${relu ? ', ReLU' : ''}`;
          console.log(
            `| ${n} | ${p} | ${sides} | ${population.toFixed(3)} | ${expected.toFixed(3)} | ` +
              `${share((c) => inside(c.debiased.interval!.lower, c.debiased.interval!.upper, population))} | ` +
              `${share((c) => inside(c.biased.interval!.lower, c.biased.interval!.upper, expected))} | ` +
              `${share((c) => inside(c.biased.interval!.lower, c.biased.interval!.upper, population))} | ` +
              `${share(corrected)} | ${width.toFixed(3)} |`,
          );
        }
      }
    }
  }
}

/** What the ordinary bootstrap did (the code this replaced): resample inputs with replacement, percentiles. */
async function withReplacement(a: Activations, b: Activations, resamples: number, rng: Rng) {
  const values: number[] = [];
  for (let s = 0; s < resamples; s++) {
    const rows = Int32Array.from({ length: a.n }, () => rng.int(a.n));
    values.push((await debiasedCka(takeRows(a, rows), takeRows(b, rows))).value);
  }
  values.sort((x, y) => x - y);
  return { lower: quantile(values, 0.025), upper: quantile(values, 0.975) };
}

async function ordinaryBootstrap(): Promise<void> {
  console.log('\n## The with-replacement bootstrap (replaced), debiased CKA');
  const draw = createRng(1);
  const noise = () => ({ data: Float32Array.from({ length: 64 * 64 }, () => draw.normal()), n: 64, p: 64 });
  const [a, b] = [noise(), noise()];
  const boot = await withReplacement(a, b, 50, createRng(0));
  const jack = (await cellStatistics(a, b, { intervalGroups: 50 })).debiased;
  console.log(
    `two independent 64 x 64 Gaussian arrays: debiased CKA ${jack.value.toFixed(3)}; bootstrap (50 resamples) ` +
      `[${boot.lower.toFixed(3)}, ${boot.upper.toFixed(3)}]; jackknife (50 groups) ` +
      `[${jack.interval!.lower.toFixed(3)}, ${jack.interval!.upper.toFixed(3)}]`,
  );
  for (const coupling of [0, 0.8]) {
    const pair = createSyntheticPair({ p: 64, q: 64, coupling, seed: 1 });
    const rng = createRng(5);
    let covered = 0;
    const runs = Math.min(R, 200);
    for (let r = 0; r < runs; r++) {
      const s = pair.sample(64, rng);
      const i = await withReplacement(s.a, s.b, 50, rng);
      if (inside(i.lower, i.upper, pair.populationCka!)) covered++;
    }
    console.log(
      `class-like, n = 64, p = 64, coupling ${coupling}: bootstrap covers the population ${pct(covered / runs)} (${runs} replicates)`,
    );
  }
}

async function nullCalibration(): Promise<void> {
  console.log('\n## Permutation p-values under independence (K = 99: P(p <= 0.05) = 5% exactly if valid)');
  for (const n of [64, 512]) {
    const pair = createSyntheticPair({ p: 16, q: 16, coupling: 0, seed: 4 });
    const rng = createRng(11 + n);
    const runs = n === 64 ? 4 * R : R;
    const hits = { biased: 0, debiased: 0 };
    for (let r = 0; r < runs; r++) {
      const s = pair.sample(n, rng);
      const result = gramPermutationNull(await centredGram(s.a), await centredGram(s.b), n, {
        permutations: 99,
        seed: r,
      });
      if (result.biased.pValue <= 0.05) hits.biased++;
      if (result.debiased.pValue <= 0.05) hits.debiased++;
    }
    const se = Math.sqrt((0.05 * 0.95) / runs);
    console.log(
      `n = ${n}, ${runs} data sets: biased ${pct(hits.biased / runs)}, debiased ${pct(hits.debiased / runs)} (SE ${pct(se)})`,
    );
  }
}

async function headlineCoverage(): Promise<void> {
  console.log(
    '\n## Headline means and their difference (two 3-model matrices on the same inputs, n = 64, 20 groups)',
  );
  const zoo = createSyntheticViews(
    [1, 0.8, 0.5, 0.9, 0.3, 0.1].map((coupling) => ({ units: 12, coupling })),
    { seed: 2 },
  );
  const population = (o: number) =>
    [0, 1, 2]
      .flatMap((r) => [0, 1, 2].filter((c) => c !== r).map((c) => zoo.populationCka(o + r, o + c)!))
      .reduce((s, v) => s + v / 6, 0);
  const target = [population(0), population(3), population(0) - population(3)];
  const draw = createRng(21);
  const covered = [0, 0, 0];
  for (let rep = 0; rep < R; rep++) {
    const views = zoo.sample(64, draw);
    const groups = createInputGroups(64, 20, rep);
    const matrix = async (o: number) => {
      const rows: HeadlineCell[][] = [];
      for (let r = 0; r < 3; r++) {
        const row: HeadlineCell[] = [];
        for (let c = 0; c < 3; c++)
          row.push(r === c ? {} : await cellStatistics(views[o + r]!, views[o + c]!, { groups }));
        rows.push(row);
      }
      return headlineMean(rows, () => true);
    };
    const [x, y] = [await matrix(0), await matrix(3)];
    const d = headlineDifference(x, y);
    [x.debiased.interval!, y.debiased.interval!, d.debiased.interval!].forEach((i, k) => {
      if (inside(i.lower, i.upper, target[k]!)) covered[k]!++;
    });
  }
  console.log(
    `targets ${target.map((t) => t.toFixed(3)).join(', ')}; coverage: first ${pct(covered[0]! / R)}, second ` +
      `${pct(covered[1]! / R)}, difference ${pct(covered[2]! / R)} (${R} replicates)`,
  );
}

function trendCalibration(): void {
  console.log('\n## Trend test under the null (similarity depends on architecture, not eps), 4 x 5 models');
  const eps = [0, 0, 0.5, 1, 2, 0, 0.5, 0.5, 1, 1, 0, 1, 2, 2, 4, 1, 2, 4, 4, 8];
  const arch = eps.map((_, i) => `a${Math.floor(i / 5)}`);
  const baseline = [0.2, 0.3, 0.45, 0.6];
  const rng = createRng(5);
  const runs = 5 * R;
  const hits = { within: 0, across: 0, t: 0, power: 0 };
  for (let r = 0; r < runs; r++) {
    const y = eps.map((_, i) => baseline[Math.floor(i / 5)]! + 0.05 * rng.normal());
    if (trendTest(eps, y, arch, { permutations: 99, seed: r }).pValue <= 0.05) hits.within++;
    if (trendTest(eps, y, Array(20).fill('all'), { permutations: 99, seed: r }).pValue <= 0.05) hits.across++;
    if (spearman(eps, y).p <= 0.05) hits.t++;
    const trend = eps.map((e, i) => 0.1 * Math.floor(i / 5) + 0.09 * Math.log1p(e) + 0.05 * rng.normal());
    if (trendTest(eps, trend, arch, { permutations: 99, seed: r }).pValue <= 0.05) hits.power++;
  }
  console.log(
    `${runs} data sets, P(p <= 0.05): within-architecture shuffles ${pct(hits.within / runs)}, shuffles across ` +
      `architectures ${pct(hits.across / runs)}, Spearman t-approximation ${pct(hits.t / runs)}; power with a ` +
      `within-architecture trend ${pct(hits.power / runs)}`,
  );
}

const backend = await initBackend();
const machine = machineInfo();
console.log(
  `statistics simulations — backend ${backend.name}, ${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}`,
);
await ordinaryBootstrap();
await nullCalibration();
trendCalibration();
await headlineCoverage();
await cellCoverage();
