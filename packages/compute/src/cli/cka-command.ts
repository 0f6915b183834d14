/** `simlab cka A.npy B.npy`: CKA between two activation files (rows = the same inputs), printed as JSON. */
/* biome-ignore-all lint/suspicious/noConsole: a CLI's output is its product */
import { parseArgs } from 'node:util';
import { initBackend } from '../backend.js';
import { readNpyFile } from '../data/npy.js';
import { InvalidArgumentError } from '../errors.js';
import { codeVersion } from '../provenance.js';
import type { Activations } from '../similarity/activations.js';
import { bootstrapCka } from '../similarity/bootstrap.js';
import { CKA_METRICS, type CkaOptions, cka } from '../similarity/cka.js';
import type { CkaMetric } from '../similarity/cka-result.js';
import { nullBaseline } from '../similarity/null-baseline.js';
import { INTERVAL_TARGETS } from '../stats/cell-statistics.js';
import type { NullSummary } from '../stats/permutation-null.js';
import type { Command } from './command.js';
import { integerOption, numberOption } from './options.js';

const usage = `usage: simlab cka A.npy B.npy [options]

A and B hold activations of the same n inputs: shape (n, ...) — trailing axes are flattened to features.
  --metric linear|debiased|rbf|minibatch   default linear
  --threshold T        rbf: sigma = T x median pairwise distance (default 0.5)
  --batch-size M       minibatch: rows per minibatch (default 1000)
  --null K             also report the permutation null over K row shuffles of B: mean, std and the
                       p-value (1 + #{null >= value}) / (K + 1); linear and debiased: both metrics
  --bootstrap K        also report a 95% interval (field "bootstrap"; linear and debiased only). Not a
                       bootstrap: a grouped jackknife over K groups of inputs (capped at n), which never
                       pairs an input with itself; see docs/statistics.md for its coverage
  --seed S             seed of the shuffles and of the jackknife groups (default 0)`;

export const ckaCommand: Command = {
  summary: 'CKA between two activation files (.npy), printed as one JSON object',
  usage,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        metric: { type: 'string', default: 'linear' },
        threshold: { type: 'string' },
        'batch-size': { type: 'string' },
        null: { type: 'string' },
        bootstrap: { type: 'string' },
        seed: { type: 'string' },
      },
    });
    if (positionals.length !== 2) {
      throw new InvalidArgumentError(
        `expected two .npy files (A and B), got ${positionals.length}\n\n${usage}`,
      );
    }
    const metric = values.metric as CkaMetric;
    if (!CKA_METRICS.includes(metric)) {
      throw new InvalidArgumentError(
        `--metric ${JSON.stringify(values.metric)} is unknown; use ${CKA_METRICS.join(', ')}`,
      );
    }
    const options = ckaOptions(metric, values.threshold, values['batch-size']);
    const seed = integerOption('seed', values.seed, 0, 0);
    const backend = await initBackend();
    const [a, b] = await Promise.all(positionals.map(readActivations));
    const started = performance.now();
    const result = await cka(a!, b!, options);
    const report: Record<string, unknown> = { ...result };
    if (values.null !== undefined) {
      const baseline = await nullBaseline(a!, b!, {
        cka: options,
        permutations: integerOption('null', values.null, 20),
        seed,
      });
      report.nullBaseline = {
        mean: baseline.mean,
        std: baseline.std,
        pValue: baseline.pValue,
        permutations: baseline.permutations,
        seed,
        ...(baseline.biased && { biased: nullFields(baseline.biased) }),
        ...(baseline.debiased && { debiased: nullFields(baseline.debiased) }),
      };
    }
    if (values.bootstrap !== undefined) {
      const interval = await bootstrapCka(a!, b!, {
        cka: options,
        resamples: integerOption('bootstrap', values.bootstrap, 20, 2),
        seed,
      });
      report.bootstrap = {
        method: interval.method,
        lower: interval.lower,
        upper: interval.upper,
        confidence: interval.confidence,
        standardError: interval.standardError,
        groups: interval.resamples,
        covers: INTERVAL_TARGETS[metric === 'debiased' ? 'debiased' : 'biased'],
        seed,
      };
    }
    report.files = positionals;
    report.seconds = (performance.now() - started) / 1000;
    report.backend = backend.name;
    report.codeVersion = codeVersion();
    console.log(JSON.stringify(report));
  },
};

function nullFields({ observed, mean, std, pValue }: NullSummary) {
  return { value: observed, mean, std, pValue };
}

function ckaOptions(
  metric: CkaMetric,
  threshold: string | undefined,
  batchSize: string | undefined,
): CkaOptions {
  switch (metric) {
    case 'rbf':
      return { metric, threshold: numberOption('threshold', threshold, 0.5) };
    case 'minibatch':
      return { metric, batchSize: integerOption('batch-size', batchSize, 1000, 4) };
    default:
      return { metric };
  }
}

async function readActivations(path: string): Promise<Activations> {
  const array = await readNpyFile(path);
  const [n, ...rest] = array.shape;
  if (n === undefined || rest.length === 0) {
    throw new InvalidArgumentError(
      `${path} has shape (${array.shape.join(', ')}); activations need (n, features...)`,
    );
  }
  const p = rest.reduce((x, y) => x * y, 1);
  const data =
    array.data instanceof Float32Array || array.data instanceof Float64Array
      ? array.data
      : Float64Array.from(array.data);
  return { data, n, p };
}
