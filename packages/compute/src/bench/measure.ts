/**
 * Wall and CPU time of one run, for benchmarks on a machine that may be shared: wall time is what a user
 * waits, process CPU time (every thread of this process, workers included) is the work itself and moves less
 * with background load. Both sides of a comparison are measured the same way (references report
 * time.process_time() for their process).
 */

/** Milliseconds. */
export interface Cost {
  wall: number;
  cpu: number;
}

/** Runs `run` once and returns its result with its wall and CPU milliseconds. */
export async function measure<T>(run: () => Promise<T>): Promise<{ result: T; cost: Cost }> {
  const start = now();
  const result = await run();
  const end = now();
  return { result, cost: { wall: end.wall - start.wall, cpu: end.cpu - start.cpu } };
}

function now(): Cost {
  const { user, system } = process.cpuUsage();
  return { wall: performance.now(), cpu: (user + system) / 1000 };
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((x, y) => x - y);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median wall and CPU of several costs. */
export function medianCost(costs: readonly Cost[]): Cost {
  return { wall: median(costs.map((c) => c.wall)), cpu: median(costs.map((c) => c.cpu)) };
}
