import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import { readAsset, SECURITY_HEADERS } from '../shared/console/assets.js';
import { problem } from '../shared/http/problem.js';
import { http } from '../shared/registry.js';

/**
 * The operator console's static files, served by the function app itself (no other server). The page holds no
 * data: it asks the console API with the key the operator typed, sent as a header (never a cookie, so another
 * site cannot make the browser send it).
 */
export async function consoleIndexHttp(request: HttpRequest): Promise<HttpResponseInit> {
  // Relative links (app.js, ../v1/…) resolve from `…/console/`, whatever prefix the host puts before it.
  const path = new URL(request.url).pathname;
  if (!path.endsWith('/')) return { status: 308, headers: { location: `${path}/` } };
  return serve('index.html');
}

export async function consoleFileHttp(request: HttpRequest): Promise<HttpResponseInit> {
  return serve(request.params.file ?? '');
}

function serve(name: string): HttpResponseInit {
  const asset = readAsset(name);
  if (!asset) return problem(404, 'No such console file.');
  return { status: 200, headers: { 'content-type': asset.contentType, ...SECURITY_HEADERS }, body: asset.body };
}

http('console-index-http', { route: 'console', methods: ['GET'], handler: consoleIndexHttp });
http('console-file-http', { route: 'console/{file}', methods: ['GET'], handler: consoleFileHttp });
