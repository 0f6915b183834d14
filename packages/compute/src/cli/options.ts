/** Parsing helpers shared by the subcommands: numbers that say which flag was wrong. */
import { InvalidArgumentError } from '../errors.js';

export function numberOption(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed))
    throw new InvalidArgumentError(`--${flag} expects a number, got ${JSON.stringify(value)}`);
  return parsed;
}

export function integerOption(flag: string, value: string | undefined, fallback: number, min = 1): number {
  const parsed = numberOption(flag, value, fallback);
  if (!Number.isInteger(parsed) || parsed < min) {
    throw new InvalidArgumentError(`--${flag} expects an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

/** Accepts `1/8` as well as `0.125` (the paper writes step sizes as fractions). */
export function fractionOption(flag: string, value: string | undefined, fallback: number): number {
  if (value?.includes('/')) {
    const [num, den] = value.split('/').map(Number);
    if (num !== undefined && den !== undefined && Number.isFinite(num / den)) return num / den;
    throw new InvalidArgumentError(
      `--${flag} expects a number or a fraction like 1/8, got ${JSON.stringify(value)}`,
    );
  }
  return numberOption(flag, value, fallback);
}
