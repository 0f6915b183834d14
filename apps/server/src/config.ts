/**
 * Server and worker configuration, read from the environment once at start-up. Bad values fail here, with a
 * message naming the variable, rather than later in a request.
 */
import os from 'node:os';
import { delimiter, isAbsolute, resolve } from 'node:path';
import type { DatabaseConfig } from './db/database.js';
import type { LogLevel } from './logger.js';

export interface QueueConfig {
  /** A running job's worker must touch it this often; a dead worker's job is retried after this. Min 10 (pg-boss). */
  heartbeatSeconds: number;
  /** How often pg-boss looks for jobs whose heartbeat stopped. */
  superviseIntervalSeconds: number;
  pollingIntervalSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
}

export interface LimitsConfig {
  maxDepth: number;
  maxComplexity: number;
  maxBodyBytes: number;
  maxUploadBytes: number;
}

export interface ServerConfig {
  database: DatabaseConfig;
  /** Root of blobs (and of the PGlite data when no DATABASE_URL). */
  dataDir: string;
  /** Run a queue worker inside the server process (its compute still runs in child processes). */
  inProcessWorker: boolean;
  computeProcesses: number;
  /** Role of requests without a token: 'viewer' (read-only access is open) or 'none' (a token is required). */
  anonymousRole: 'viewer' | 'none';
  limits: LimitsConfig;
  queue: QueueConfig;
  /** Register the model zoos at start-up. */
  registerZoo: boolean;
  /**
   * Zoo directories registered at start-up (SIMLAB_ZOO_DIRS, comma-separated); default the shipped MNIST zoo v2,
   * packages/compute/zoo/mnist. Add packages/compute/zoo/fashion-mnist to serve the Fashion-MNIST zoo too
   * (startStudy refuses a study mixing them).
   */
  zooDirs?: string[];
  /**
   * The only directories registerDataset and importModel may read server paths from (SIMLAB_IMPORT_ROOTS);
   * default the data directory, the shipped zoos and zooDirs (requests/import-roots.ts).
   */
  importRoots?: string[];
  logLevel: LogLevel;
}

export const defaultLimits: LimitsConfig = {
  maxDepth: 12,
  maxComplexity: 20_000,
  maxBodyBytes: 1 << 20,
  maxUploadBytes: 256 << 20,
};

export const defaultQueue: QueueConfig = {
  heartbeatSeconds: 30,
  superviseIntervalSeconds: 15,
  pollingIntervalSeconds: 1,
  retryLimit: 2,
  retryDelaySeconds: 2,
};

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const dataDir = resolve(env.SIMLAB_DATA_DIR ?? './data');
  const url = env.DATABASE_URL;
  return {
    database: url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: resolve(dataDir, 'pglite') },
    dataDir,
    inProcessWorker: bool(env, 'SIMLAB_IN_PROCESS_WORKER', true),
    computeProcesses: int(env, 'SIMLAB_COMPUTE_PROCESSES', os.availableParallelism(), 1),
    anonymousRole: oneOf(env, 'SIMLAB_ANONYMOUS_ROLE', ['viewer', 'none'] as const, 'viewer'),
    limits: {
      maxDepth: int(env, 'SIMLAB_MAX_QUERY_DEPTH', defaultLimits.maxDepth, 2),
      maxComplexity: int(env, 'SIMLAB_MAX_QUERY_COMPLEXITY', defaultLimits.maxComplexity, 10),
      maxBodyBytes: int(env, 'SIMLAB_MAX_BODY_BYTES', defaultLimits.maxBodyBytes, 1024),
      maxUploadBytes: int(env, 'SIMLAB_MAX_UPLOAD_BYTES', defaultLimits.maxUploadBytes, 1024),
    },
    queue: {
      heartbeatSeconds: int(env, 'SIMLAB_JOB_HEARTBEAT_SECONDS', defaultQueue.heartbeatSeconds, 10),
      superviseIntervalSeconds: int(
        env,
        'SIMLAB_SUPERVISE_SECONDS',
        defaultQueue.superviseIntervalSeconds,
        1,
      ),
      pollingIntervalSeconds: defaultQueue.pollingIntervalSeconds,
      retryLimit: int(env, 'SIMLAB_JOB_RETRIES', defaultQueue.retryLimit, 0),
      retryDelaySeconds: defaultQueue.retryDelaySeconds,
    },
    registerZoo: bool(env, 'SIMLAB_REGISTER_ZOO', true),
    zooDirs: zooDirs(env),
    importRoots: paths(env, 'SIMLAB_IMPORT_ROOTS'),
    logLevel: oneOf(env, 'SIMLAB_LOG_LEVEL', ['info', 'warn', 'error', 'silent'] as const, 'info'),
  };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name}=${JSON.stringify(raw)} must be an integer >= ${min}`);
  return value;
}

/** SIMLAB_ZOO_DIRS (comma-separated), or SIMLAB_ZOO_DIR (one directory, its older name); undefined when unset. */
function zooDirs(env: NodeJS.ProcessEnv): string[] | undefined {
  const raw = env.SIMLAB_ZOO_DIRS ?? env.SIMLAB_ZOO_DIR;
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '')
    .map((d) => resolve(d));
}

/** A PATH-style list of absolute directories (`:`-separated; `;` on Windows), or undefined when unset. */
function paths(env: NodeJS.ProcessEnv, name: string): string[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const list = raw.split(delimiter).filter((p) => p !== '');
  const relativeOne = list.find((p) => !isAbsolute(p));
  if (relativeOne !== undefined)
    throw new Error(
      `${name} holds ${JSON.stringify(relativeOne)}; list absolute directories, '${delimiter}'-separated`,
    );
  return list.map((p) => resolve(p));
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new Error(`${name}=${JSON.stringify(raw)} must be true or false`);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T))
    throw new Error(`${name}=${JSON.stringify(raw)} must be one of ${values.join(', ')}`);
  return raw as T;
}
