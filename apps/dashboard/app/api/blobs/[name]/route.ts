import { forwardToServer } from '../../../../lib/proxy';

/** Stored files (inversion images as .npy, previews as .png); content-addressed, so the name is the whole key. */
export async function GET(
  request: Request,
  context: { params: Promise<{ name: string }> },
): Promise<Response> {
  const { name } = await context.params;
  if (!/^[0-9a-f]{64}(\.(npy|png|json))?$/.test(name)) {
    return Response.json(
      { error: `no blob named "${name}"; names are a sha256 and an extension` },
      { status: 404 },
    );
  }
  return forwardToServer(request, `/blobs/${name}`);
}
