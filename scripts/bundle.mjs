// Bundles the function app for Azure (package.json `main`): every functions/*.ts, the shared code and the npm
// packages they import, as ES modules in dist/app/. One file to load instead of hundreds is what makes the cold start
// close to a hello-world app; what is imported lazily (the Azure Support SDK) becomes a chunk of its own, loaded on
// first use. The local host and the tests keep running the tsc output in dist/ (same sources, with source maps).
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const functions = readdirSync(join(root, 'functions'))
  .filter((f) => f.endsWith('.ts'))
  .sort();
const entry = [
  ...functions.map((f) => `import './functions/${f}';`),
  // The registrations, for the test that compares the bundle with the local host's functions.
  "export { definitions } from './shared/registry.ts';",
].join('\n');

rmSync(join(root, 'dist', 'app'), { recursive: true, force: true });
await build({
  stdin: { contents: entry, resolveDir: root, sourcefile: 'app.ts', loader: 'ts' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: join(root, 'dist', 'app'),
  entryNames: 'index',
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  // Less to parse at cold start; stack traces map back through the source map.
  minify: true,
  // The Functions worker provides @azure/functions-core itself (registry.ts); it is not on disk to bundle.
  external: ['@azure/functions-core'],
  // CommonJS packages inside an ES module bundle still call require(): give them Node's, which the worker intercepts.
  banner: {
    js: "import { createRequire as __relayCreateRequire } from 'node:module'; const require = __relayCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
console.log(`bundled ${functions.length} function files into dist/app/index.js`);
