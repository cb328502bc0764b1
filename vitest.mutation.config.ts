import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/**
 * The tests Stryker runs for each mutant: those that exercise the mutated modules. Left out on purpose: the
 * compiled-host black-box tests (they run dist/, which Stryker does not mutate), the reliability runs (a
 * 2,000-submission fault run, fuzzing and soak cost minutes per mutant and re-prove what the tests below pin), bus,
 * Microsoft and infra contracts.
 *
 * MUTATION_TESTS narrows it for a folder run: `domain` is the domain's unit tests (the domain is pure; they are its
 * specification), `http` the HTTP unit tests and the in-process HTTP suites (`http-unit`: the unit tests alone), `webhooks` and `tools` the suites of
 * shared/adapters/webhooks and of the tool registry, `readiness` the domain's unit tests plus the relay suites that
 * read readiness, access findings and the case (shared/domain/readiness, shared/domain/case.ts), `tickets` those of
 * the partner-keyed ticket store, `pipeline` those of the stages. A mutant in code every relay test
 * reaches would otherwise rerun a dozen relay start-ups; per-folder suites keep a run to minutes (RELIABILITY.md).
 */
const HTTP = [
  'test/http/**/*.test.ts',
  'test/e2e/bad-input.test.ts',
  'test/e2e/list.test.ts',
  'test/e2e/pipeline.test.ts',
  'test/notifications/rate-limit.test.ts',
  'test/notifications/inbound-rotation.test.ts',
  'test/contract/openapi.test.ts',
];

const SUITES = {
  domain: ['test/domain/**/*.test.ts'],
  http: HTTP,
  // The HTTP unit tests alone: no relay start-up per mutant, so a loaded machine can run it; a lower bound for `http`.
  'http-unit': ['test/http/**/*.test.ts'],
  // Signing, SSRF and delivery: their unit tests, the guard at registration (CLI) and at delivery, signed queue producers.
  webhooks: [
    'test/adapters/webhooks/**/*.test.ts',
    'test/notifications/ssrf-at-delivery.test.ts',
    'test/notifications/retries.test.ts',
    'test/cli/tools.test.ts',
    'test/e2e/queue-intake.test.ts',
  ],
  // Tool credentials: the registry against Azurite, the CLI that manages tools, key and secret rotation over HTTP.
  tools: [
    'test/adapters/tables/tool-registry.test.ts',
    'test/adapters/tables/tool-registry-keys.test.ts',
    'test/cli/tools.test.ts',
    'test/notifications/inbound-rotation.test.ts',
    'test/e2e/bad-input.test.ts',
  ],
  // The domain's unit tests, and the relay suites behind readiness, the access watch and the case (no unit tests of their own).
  readiness: [
    'test/domain/**/*.test.ts',
    'test/watch/readiness.test.ts',
    'test/watch/access-watch.test.ts',
    'test/watch/access-report.test.ts',
    'test/watch/incident-fanout.test.ts',
    'test/case/case-lifecycle.test.ts',
  ],
  // The ticket store: its bounds against Azurite, the stages that write tickets, listing, cursors and partner isolation.
  tickets: [
    'test/adapters/tables/ticket-store.test.ts',
    'test/adapters/tables/ticket-list-bounds.test.ts',
    'test/pipeline/recording-stage.test.ts',
    'test/pipeline/incident-release.test.ts',
    'test/e2e/list.test.ts',
    'test/case/case-lifecycle.test.ts',
    'test/reliability/isolation.test.ts',
  ],
  // The stages: their own tests, notifications, the case, the watch, and the relay end to end.
  pipeline: [
    'test/pipeline/**/*.test.ts',
    'test/notifications/**/*.test.ts',
    'test/case/case-lifecycle.test.ts',
    // Not access-scale (thousands of customers per run).
    'test/watch/access-watch.test.ts',
    'test/watch/access-report.test.ts',
    'test/watch/incident-fanout.test.ts',
    'test/watch/readiness.test.ts',
    'test/e2e/pipeline.test.ts',
    'test/e2e/channels.test.ts',
    'test/e2e/health.test.ts',
    'test/e2e/queue-intake.test.ts',
    // Listing and the console's reads (ticket-queries, replay-delivery, access-report).
    'test/e2e/list.test.ts',
    'test/console/console-api.test.ts',
    // The stages' spans: one per stage, inline ones marked, under the span that sent the message.
    'test/tracing/trace-per-ticket.test.ts',
  ],
  all: [
    ...HTTP,
    'test/domain/**/*.test.ts',
    'test/adapters/webhooks/**/*.test.ts',
    'test/adapters/tables/**/*.test.ts',
    'test/pipeline/**/*.test.ts',
    'test/notifications/**/*.test.ts',
    'test/cli/tools.test.ts',
    'test/e2e/channels.test.ts',
    'test/e2e/health.test.ts',
    'test/e2e/queue-intake.test.ts',
    'test/reliability/concurrency.test.ts',
    'test/reliability/isolation.test.ts',
  ],
};

const suite = process.env.MUTATION_TESTS ?? 'all';
if (!(suite in SUITES)) throw new Error(`MUTATION_TESTS must be one of ${Object.keys(SUITES).join(', ')}, got "${suite}"`);

export default defineConfig({
  test: {
    // The same global setup (one Azurite on a free port), timeouts and pool as `npm test`; only the files differ.
    ...base.test,
    include: SUITES[suite as keyof typeof SUITES],
  },
});
