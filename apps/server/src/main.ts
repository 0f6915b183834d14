/** The server process: reads the environment, creates the server, listens. `npm start -w @simlab/server`. */
import type { AddressInfo } from 'node:net';
import { createServer } from './app.js';
import { configFromEnv } from './config.js';
import { createLogger } from './logger.js';

const config = configFromEnv();
const logger = createLogger(config.logLevel);
const port = Number(process.env.PORT ?? 4000);
const host = process.env.HOST ?? '127.0.0.1';

const server = await createServer({ config, logger });
server.httpServer.listen(port, host, () => {
  const address = server.httpServer.address() as AddressInfo;
  logger.info('SimLab server listening', {
    graphql: `http://${host}:${address.port}/graphql`,
    database: server.services.db.location,
  });
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    logger.info('shutting down', { signal });
    server.close().then(
      () => process.exit(0),
      (error) => {
        logger.error('shutdown failed', { error: String(error) });
        process.exit(1);
      },
    );
  });
}
