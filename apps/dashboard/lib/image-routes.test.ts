import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET as datasetFile } from '../app/api/datasets/[id]/[file]/route';
import { GET as inversionFile } from '../app/api/inversions/[id]/[file]/route';

const ID = '0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d';
const params = (id: string, file: string) => ({ params: Promise.resolve({ id, file }) });

describe('the image proxy routes', () => {
  let fetch: ReturnType<typeof vi.fn>;
  beforeEach(() => {
    vi.stubEnv('SIMLAB_GRAPHQL_URL', 'http://server:4000/graphql');
    fetch = vi.fn(async () => new Response(new Uint8Array([0x93]), { headers: { 'content-type': 'x/npy' } }));
    vi.stubGlobal('fetch', fetch);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it('forwards a dataset’s images.npy with its query, and an inversion’s seeds and targets', async () => {
    const request = new Request(`http://dash/api/datasets/${ID}/images.npy?indices=0,5,17`);
    const answer = await datasetFile(request, params(ID, 'images.npy'));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('x/npy');
    expect(String(fetch.mock.calls[0]![0])).toBe(
      `http://server:4000/datasets/${ID}/images.npy?indices=0,5,17`,
    );
    for (const file of ['seeds.npy', 'targets.npy']) {
      await inversionFile(new Request(`http://dash/api/inversions/${ID}/${file}`), params(ID, file));
      expect(String(fetch.mock.calls.at(-1)![0])).toBe(`http://server:4000/inversions/${ID}/${file}`);
    }
  });

  it('answers 404 without asking the server for any other name or id', async () => {
    const cases = [
      datasetFile(new Request('http://dash/x'), params(ID, 'labels.npy')),
      datasetFile(new Request('http://dash/x'), params('../blobs', 'images.npy')),
      datasetFile(new Request('http://dash/x'), params(ID.toUpperCase(), 'images.npy')),
      inversionFile(new Request('http://dash/x'), params(ID, 'inverted.npy')),
      inversionFile(new Request('http://dash/x'), params('x', 'seeds.npy')),
    ];
    for (const answer of await Promise.all(cases)) {
      expect(answer.status).toBe(404);
      expect(((await answer.json()) as { error: string }).error).toMatch(
        /^no (dataset|inversion) file ".*"; ask/,
      );
    }
    expect(fetch).not.toHaveBeenCalled();
  });
});
