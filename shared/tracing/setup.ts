import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context } from '@opentelemetry/api';
import { errorName } from '../errors.js';

/** Where spans go: Azure Monitor in Azure, the console on request, nowhere by default (README "Tracing"). */
export type TraceExport = 'azure-monitor' | 'console' | 'none';

/**
 * `APPLICATIONINSIGHTS_CONNECTION_STRING` (set by infra/app/api.bicep) exports to Azure Monitor; otherwise the standard
 * `OTEL_TRACES_EXPORTER=console` prints spans. `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none` turn export off.
 */
export function traceExportFor(env: Record<string, string | undefined>): TraceExport {
  const requested = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((s) => s.trim().toLowerCase());
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true' || requested.includes('none')) return 'none';
  if (env.APPLICATIONINSIGHTS_CONNECTION_STRING) return 'azure-monitor';
  return requested.includes('console') ? 'console' : 'none';
}

let started: Promise<void> | undefined;

/**
 * Once per process, before the first invocation. The context manager (a thin AsyncLocalStorage wrapper) is always
 * installed, so a caller's trace is carried to the messages and webhooks of its ticket even when nothing is exported.
 * The SDK and the exporter are imported only when spans are exported (cold start: they stay out of the main chunk).
 * Tracing never stops the app: an exporter that fails to load leaves spans unrecorded and says so once.
 */
export function startTracing(env: Record<string, string | undefined> = process.env): Promise<void> {
  return (started ??= (async () => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const target = traceExportFor(env);
    if (target === 'none') return;
    try {
      const { registerTracerProvider } = await import('./tracer-provider.js');
      await registerTracerProvider(target, env);
    } catch (error) {
      console.error(`tracing: the ${target} exporter could not start (${errorName(error)}); spans are not exported`);
    }
  })());
}
