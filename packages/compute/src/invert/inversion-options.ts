/**
 * Parameters of representation inversion, defaults those of the UAI 2022 paper (SPEC §4), and their checks.
 */
import { InvalidArgumentError } from '../errors.js';

export interface InversionProgress {
  /** 0-based index of the batch being inverted, and the number of batches. */
  batch: number;
  batches: number;
  /** Iterations finished in this batch, 1..iterations. */
  iteration: number;
  iterations: number;
  /** Loss over the batch at the pre-step iterate of this iteration. */
  meanLoss: number;
  minLoss: number;
  maxLoss: number;
  /** Samples of the batch whose gradient was exactly zero (no step taken). */
  zeroGradient: number;
}

/** Every value an inversion ran with, recorded in its result (SPEC §4, §7). */
export interface InversionParameters {
  /** L2 length of each step (of the momentum direction). Default 1/8. */
  stepSize: number;
  /** Steps per batch. Default 2000. */
  iterations: number;
  /** Momentum of the normalised gradient, in [0, 1). Default 0.9. */
  momentum: number;
  /** L2 radius of the ball around each seed. Default 1000 (effectively unconstrained). */
  eps: number;
  /** Return each sample's lowest-loss iterate (true) or the last one. Default true. */
  useBest: boolean;
  /** Pairs per batch. Default 32. */
  batchSize: number;
  /** STIR's identity gradient through the representation's final ReLU. Default false (the paper's). */
  fakeRelu: boolean;
  /** Layer whose output is the representation; default the one feeding the final Dense layer. */
  layer: string;
  /** The attack step used: always 'l2-momentum' (SPEC §4). */
  step: 'l2-momentum';
}

export const INVERSION_DEFAULTS = {
  stepSize: 1 / 8,
  iterations: 2000,
  momentum: 0.9,
  eps: 1000,
  useBest: true,
  batchSize: 32,
  fakeRelu: false,
} as const;

export type InversionSettings = Omit<InversionParameters, 'layer' | 'step'>;

/**
 * Resolves defaults and checks ranges.
 * @throws InvalidArgumentError naming the bad value and the allowed range.
 */
export function resolveInversionSettings(options: Partial<InversionSettings>): InversionSettings {
  const pick = <K extends keyof InversionSettings>(key: K): InversionSettings[K] =>
    (options[key] ?? INVERSION_DEFAULTS[key]) as InversionSettings[K];
  const p: InversionSettings = {
    stepSize: pick('stepSize'),
    iterations: pick('iterations'),
    momentum: pick('momentum'),
    eps: pick('eps'),
    useBest: pick('useBest'),
    batchSize: pick('batchSize'),
    fakeRelu: pick('fakeRelu'),
  };
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new InvalidArgumentError(`${what}; see InversionOptions for the defaults`);
  };
  check(Number.isFinite(p.stepSize) && p.stepSize > 0, `stepSize ${p.stepSize} must be a finite number > 0`);
  check(
    Number.isInteger(p.iterations) && p.iterations >= 0,
    `iterations ${p.iterations} must be an integer >= 0`,
  );
  check(p.momentum >= 0 && p.momentum < 1, `momentum ${p.momentum} must be in [0, 1)`);
  check(p.eps > 0, `eps ${p.eps} must be > 0 (Infinity for no ball)`);
  check(
    Number.isInteger(p.batchSize) && p.batchSize >= 1,
    `batchSize ${p.batchSize} must be an integer >= 1`,
  );
  check(typeof p.useBest === 'boolean', `useBest ${String(p.useBest)} must be true or false`);
  check(typeof p.fakeRelu === 'boolean', `fakeRelu ${String(p.fakeRelu)} must be true or false`);
  return p;
}
