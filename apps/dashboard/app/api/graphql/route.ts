import { forwardToServer } from '../../../lib/proxy';

export function POST(request: Request): Promise<Response> {
  return forwardToServer(request, '/graphql');
}

export function GET(request: Request): Promise<Response> {
  return forwardToServer(request, '/graphql');
}
