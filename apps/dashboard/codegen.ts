/** Operation types come from the server's printed SDL; run `npm run codegen -w @simlab/dashboard` after it changes. */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: ['lib/queries.ts'],
  ignoreNoDocuments: false,
  generates: {
    './lib/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>' },
      },
    },
  },
};

export default config;
