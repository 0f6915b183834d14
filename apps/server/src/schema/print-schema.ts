/**
 * Prints the SDL to apps/server/schema.graphql (`npm run schema -w @simlab/server`); a test fails when the
 * committed file differs from what the classes produce.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildSimLabSchema } from './build-schema.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../../schema.graphql', import.meta.url));

/** The SDL, sorted so the file diffs cleanly. Printing needs no pub/sub: nothing is subscribed. */
export async function printSdl(): Promise<string> {
  const unused = {
    publish: () => {
      throw new Error('printing the schema does not publish');
    },
    subscribe: () => {
      throw new Error('printing the schema does not subscribe');
    },
  };
  const schema = await buildSimLabSchema(unused);
  return `# Generated from the type-graphql classes by \`npm run schema -w @simlab/server\`. Do not edit.\n\n${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(SCHEMA_FILE, await printSdl());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
