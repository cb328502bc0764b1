// Lint: typescript-eslint's type-checked rules, because the bugs that cost us are promise and type bugs a plain linter
// cannot see: a floating promise (no-floating-promises), an async callback where a sync one is expected
// (no-misused-promises), awaiting a non-promise (await-thenable), `any` leaking out of JSON or an SDK (no-unsafe-*).
// Formatting is Prettier's job; eslint-config-prettier turns off the rules that would fight it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'reports/', '.stryker-tmp*/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.config.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An async function without await is how a fake or an adapter implements a Promise-returning port, and `async`
      // turns a throw into a rejection, which is what callers handle. The rule would push us to worse code.
      '@typescript-eslint/require-await': 'off',
      // `_name` marks a value left out on purpose (`const { secret: _secret, ...rest } = x`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Table keys, terminal output and fuzz inputs match control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // vitest's asymmetric matchers (expect.any, expect.stringMatching, …) are typed `any` by design.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // `expect(port.method).toBeTypeOf('function')` and spies name a method without calling it.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Plain JavaScript (scripts, CI, the CLI shim) has no type information to check against.
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // The operator console's ES modules run in the browser.
    files: ['console/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  prettier,
);
