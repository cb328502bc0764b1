import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the console's static files are: `console/` beside package.json. Found by walking up from this file, so it
 * holds when run from source, from dist/ and from the deployed package (which ships `console/` at its root).
 * The one place to change if the functions are ever bundled into a single file elsewhere.
 */
export function consoleAssetsDir(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return join(process.cwd(), 'console');
    dir = parent;
  }
  return join(dir, 'console');
}

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Plain names only (no folders, no dots but the extension): nothing outside `console/` can be named. */
const ASSET_NAME = /^[a-z0-9][a-z0-9-]*\.(html|js|css|svg)$/;

export type Asset = { body: Buffer; contentType: string };

export function readAsset(name: string, dir: string = consoleAssetsDir()): Asset | null {
  const match = ASSET_NAME.exec(name);
  if (!match) return null;
  const file = join(dir, name);
  if (!existsSync(file)) return null;
  return { body: readFileSync(file), contentType: TYPES[match[1]!]! };
}

/**
 * Scripts, styles and connections from this origin only; no inline script or style, no frames, no forms posting
 * elsewhere. Charts are SVG elements built in script, so they need nothing more.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  // The sign-in form is handled in script; with script off it must not send the key anywhere (it has no name either).
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // The page holds no secret, but a stale script after an upgrade would talk to a changed API.
  'cache-control': 'no-cache',
};
