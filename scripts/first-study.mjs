// First start of `npm start`: when the database holds no study yet, start the quick study on the shipped zoo
// through the GraphQL API (as any client would), so a newcomer watches the heatmaps fill in the dashboard.
// Usage: node scripts/first-study.mjs <graphql url> <runner token>
const [url, token] = process.argv.slice(2);

async function graphql(query, variables = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors?.length)
    throw new Error(body.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; '));
  return body.data;
}

async function waitForCatalog() {
  // The server registers the zoo and the built-in MNIST at start-up, through jobs; wait until they are ready.
  for (let attempt = 0; attempt < 300; attempt++) {
    const data = await graphql(`{
      studies(first: 1) { totalCount }
      models(first: 100) { edges { node { id status } } }
      datasets(first: 20) { edges { node { id name status } } }
    }`);
    const models = data.models.edges.map((e) => e.node);
    const mnist = data.datasets.edges
      .map((e) => e.node)
      .find((d) => d.name === 'mnist' && d.status === 'READY');
    if (data.studies.totalCount > 0) return { existing: true };
    if (mnist && models.length > 0 && models.every((m) => m.status === 'READY')) {
      return { existing: false, modelIds: models.map((m) => m.id), datasetId: mnist.id };
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error('the shipped zoo and MNIST were not registered within 5 minutes; see the server log');
}

async function ensureMnist() {
  const data = await graphql('{ datasets(first: 100) { edges { node { name } } } }');
  if (data.datasets.edges.some((e) => e.node.name === 'mnist')) return;
  await graphql(
    'mutation Register($input: RegisterDatasetInput!) { registerDataset(input: $input) { dataset { id } } }',
    {
      input: { name: 'mnist', source: 'mnist' },
    },
  );
  console.log('simlab: registered the built-in MNIST');
}

const { studies } = await graphql('{ studies(first: 1) { totalCount } }');
if (studies.totalCount === 0) await ensureMnist();
const catalog = await waitForCatalog();
if (catalog.existing) {
  console.log('simlab: a study exists already; open the dashboard to see it');
} else {
  const data = await graphql(
    `mutation Start($input: StartStudyInput!) { startStudy(input: $input) { study { id } } }`,
    {
      input: {
        name: 'Quick study of the shipped zoo',
        datasetId: catalog.datasetId,
        modelIds: catalog.modelIds,
        pairCount: 64,
        sampleCount: 500,
        inversion: { iterations: 200, batchSize: 64 },
      },
    },
  );
  console.log(
    `simlab: started the quick study ${data.startStudy.study.id} on ${catalog.modelIds.length} models`,
  );
}
