import type { ExtraRoute } from '../local-host/http-server.js';

/** Locally `/console` is the console's address too (in Azure every function sits under /api/). */
export const consoleRedirect: ExtraRoute = (req, res) => {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  if (path !== '/console' && path !== '/console/') return false;
  res.writeHead(302, { location: '/api/console/' });
  res.end();
  return true;
};
