/**
 * A worker process (`npm run worker -w @simlab/server`): works jobs from the PostgreSQL at DATABASE_URL, with
 * SIMLAB_COMPUTE_PROCESSES compute children (default: one per core). Start as many as you like, on any machine
 * that reaches the database and shares SIMLAB_DATA_DIR (the blob store) with the server.
 */
import 'reflect-metadata';
import { configFromEnv } from './config.js';
import { createLogger } from './logger.js';
import { openServices } from './services.js';

const config = configFromEnv();
const logger = createLogger(config.logLevel);
if (config.database.kind !== 'postgres') {
  logger.error('a separate worker needs DATABASE_URL: the embedded PGlite database serves one process only');
  process.exit(2);
}
const services = await openServices({ ...config, registerZoo: false }, logger, { worker: true });
logger.info('worker ready', { worker: services.worker?.name, database: services.db.location });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info('worker stopping', { signal });
    services.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
