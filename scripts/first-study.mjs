// First start of `npm start`: when the database holds no study yet, start the quick study on the shipped MNIST
// zoo v2 through the GraphQL API (as any client would), so a newcomer watches the heatmaps fill in the dashboard.
// It takes the replicate-1 models (one per architecture and eps: 18 once the zoo is trained), so the first study
// stays as quick as it was with the 18-model zoo v1 and shows each model beside its eps siblings; the replicate-2
// models are registered too, for studies that ask for them.
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
      models(first: 100, filter: { origin: ZOO }) { edges { node { id name status card } } }
      datasets(first: 20) { edges { node { id name status } } }
    }`);
    const models = data.models.edges.map((e) => e.node);
    const mnist = data.datasets.edges
      .map((e) => e.node)
      .find((d) => d.name === 'mnist' && d.status === 'READY');
    if (data.studies.totalCount > 0) return { existing: true };
    if (mnist && models.length > 0 && models.every((m) => m.status === 'READY')) {
      // Replicate 1 of each architecture and eps (cards before zoo v2 have no replicate: all of them).
      const first = models.filter((m) => (m.card?.replicate ?? 1) === 1);
      return { existing: false, modelIds: first.map((m) => m.id), total: models.length, datasetId: mnist.id };
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
        name: 'Quick study of the shipped MNIST zoo (replicate 1)',
        datasetId: catalog.datasetId,
        modelIds: catalog.modelIds,
        pairCount: 64,
        sampleCount: 500,
        inversion: { iterations: 200, batchSize: 64 },
      },
    },
  );
  console.log(
    `simlab: started the quick study ${data.startStudy.study.id} on the ${catalog.modelIds.length} replicate-1 ` +
      `models of the MNIST zoo v2 (one per architecture and eps; ${catalog.total} zoo models registered), ` +
      'pairs from the digits they did not train on',
  );
}
