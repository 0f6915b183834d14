import { forwardToServer, SERVER_ID } from '../../../../../lib/proxy';

/** A dataset's images by index as .npy (`images.npy?indices=0,5,17`); the query passes through unchanged. */
export async function GET(
  request: Request,
  context: { params: Promise<{ id: string; file: string }> },
): Promise<Response> {
  const { id, file } = await context.params;
  if (!SERVER_ID.test(id) || file !== 'images.npy') {
    return Response.json(
      { error: `no dataset file "${id}/${file}"; ask for /api/datasets/<uuid>/images.npy?indices=0,5,17` },
      { status: 404 },
    );
  }
  return forwardToServer(request, `/datasets/${id}/images.npy`);
}
