/**
 * Latency of what the dashboard's datasets page and gallery ask for: the sample-grid query, its 80 images as
 * .npy, 32 scattered images (a gallery page's seeds), and one image as PNG.
 */
import { readNpy } from '@simlab/compute';
import { type LatencyRow, measureLatency } from './latency.js';

const SAMPLES_QUERY = `query($id: ID!) { dataset(id: $id) { samples(perClass: 8) { indices labels imagesUrl } } }`;

export interface ImagesBench {
  label: string;
  row: LatencyRow;
}

export async function imagesLatency(
  url: string,
  datasetId: string,
  clients: number,
  seconds: number,
): Promise<ImagesBench[]> {
  const samples = async (): Promise<string> => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SAMPLES_QUERY, variables: { id: datasetId } }),
    });
    const json = (await res.json()) as { data?: { dataset?: { samples?: { imagesUrl: string } } } };
    const imagesUrl = json.data?.dataset?.samples?.imagesUrl;
    if (!imagesUrl) throw new Error(`samples query failed: ${JSON.stringify(json)}`);
    return imagesUrl;
  };
  const npy = (path: string, expected: number) => async () => {
    const res = await fetch(`${url}${path}`);
    const array = readNpy(new Uint8Array(await res.arrayBuffer()), path);
    if (array.shape[0] !== expected) throw new Error(`${path} answered shape ${array.shape}`);
  };
  const gridUrl = await samples();
  // A gallery page: 32 seeds spread over the whole dataset (positional reads, not one run).
  const scattered = Array.from({ length: 32 }, (_, i) => (i * 7919) % 10_000).join(',');
  const png = async () => {
    const res = await fetch(`${url}/datasets/${datasetId}/images/1234.png?scale=4`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (res.status !== 200 || bytes[1] !== 0x50) throw new Error(`PNG route answered ${res.status}`);
  };
  return [
    {
      label: 'samples query (GraphQL)',
      row: await measureLatency(async () => void (await samples()), clients, seconds),
    },
    { label: 'sample grid .npy (80 images)', row: await measureLatency(npy(gridUrl, 80), clients, seconds) },
    {
      label: '32 scattered images .npy',
      row: await measureLatency(
        npy(`/datasets/${datasetId}/images.npy?indices=${scattered}`, 32),
        clients,
        seconds,
      ),
    },
    { label: 'one image .png (x4)', row: await measureLatency(png, clients, seconds) },
  ];
}
