/**
 * Token administration against the configured database (DATABASE_URL or the PGlite under SIMLAB_DATA_DIR):
 *   npm run token -w @simlab/server -- create --role runner [--name "alice's scripts"]
 *   npm run token -w @simlab/server -- list
 *   npm run token -w @simlab/server -- revoke <id>
 * PGlite allows one process at a time: with the embedded database, run this while the server is stopped (or
 * create tokens through the createApiToken mutation with an admin token).
 */
import { parseArgs } from 'node:util';
import { createToken, listTokens, revokeToken } from '../auth/tokens.js';
import { configFromEnv } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';

const USAGE =
  'usage: token create --role viewer|runner|admin [--name <name>] | token list | token revoke <id>';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { role: { type: 'string' }, name: { type: 'string' } },
  });
  const [command, ...rest] = positionals;
  if (!command || !['create', 'list', 'revoke'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const db = await openDatabase(configFromEnv().database);
  try {
    await migrate(db);
    if (command === 'create') {
      if (!values.role) {
        process.stderr.write(`--role is required\n${USAGE}\n`);
        return 2;
      }
      const { token, row } = await createToken(db, values.name ?? `${values.role} token`, values.role);
      process.stderr.write(`created ${row.role} token "${row.name}" (id ${row.id}); it is shown only now:\n`);
      process.stdout.write(`${token}\n`);
    } else if (command === 'list') {
      for (const t of await listTokens(db)) {
        process.stdout.write(`${t.id}\t${t.role}\t${t.revokedAt ? 'revoked' : 'active'}\t${t.name}\n`);
      }
    } else {
      const row = rest[0] ? await revokeToken(db, rest[0]) : undefined;
      if (!row) {
        process.stderr.write(`no token with id ${JSON.stringify(rest[0] ?? '')}\n`);
        return 1;
      }
      process.stdout.write(`revoked ${row.id} (${row.name})\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`token: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
