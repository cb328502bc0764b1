#!/usr/bin/env node
// The operator CLI. Runs the compiled code: `npm run build` (or `npm start`) first.
import('../dist/shared/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('relay: the project is not built yet; run `npm run build` first.');
    process.exit(1);
  }
  throw error;
});
