import { forwardToServer, SERVER_ID } from '../../../../../lib/proxy';

/** An inversion's seed or target images, every pair in pair order (`seeds.npy`, `targets.npy`). */
export async function GET(
  request: Request,
  context: { params: Promise<{ id: string; file: string }> },
): Promise<Response> {
  const { id, file } = await context.params;
  if (!SERVER_ID.test(id) || (file !== 'seeds.npy' && file !== 'targets.npy')) {
    return Response.json(
      { error: `no inversion file "${id}/${file}"; ask for /api/inversions/<uuid>/seeds.npy or targets.npy` },
      { status: 404 },
    );
  }
  return forwardToServer(request, `/inversions/${id}/${file}`);
}
