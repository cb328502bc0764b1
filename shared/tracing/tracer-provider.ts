import type { TokenCredential } from '@azure/identity';
import { trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import { lazyCredential } from '../adapters/lazy.js';
import type { TraceExport } from './setup.js';

/** Loaded only when spans are exported (shared/tracing/setup.ts): the SDK and the Azure Monitor exporter. */
export async function registerTracerProvider(target: Exclude<TraceExport, 'none'>, env: Record<string, string | undefined>): Promise<void> {
  const exporter = target === 'console' ? new ConsoleSpanExporter() : await azureMonitorExporter(env);
  const provider = new BasicTracerProvider({
    // Application Insights shows this as the cloud role name.
    resource: resourceFromAttributes({ 'service.name': env.WEBSITE_SITE_NAME ?? 'csp-support-relay' }),
    // Console: each span as it ends. Azure Monitor: batched, one upload for many spans.
    spanProcessors: [target === 'console' ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  trace.setGlobalTracerProvider(provider);
}

async function azureMonitorExporter(env: Record<string, string | undefined>): Promise<SpanExporter> {
  const { AzureMonitorTraceExporter } = await import('@azure/monitor-opentelemetry-exporter');
  const credential = entraCredential(env);
  return new AzureMonitorTraceExporter({
    connectionString: env.APPLICATIONINSIGHTS_CONNECTION_STRING,
    ...(credential ? { credential } : {}),
  });
}

/**
 * The Application Insights component refuses keys (infra/app/monitoring.bicep: local auth off), so telemetry goes
 * with an Entra token of the app's user-assigned identity, named as the Functions host reads it:
 * `APPLICATIONINSIGHTS_AUTHENTICATION_STRING=ClientId=<id>;Authorization=AAD`.
 */
export function entraCredential(env: Record<string, string | undefined>): TokenCredential | undefined {
  const parts = new Map(
    (env.APPLICATIONINSIGHTS_AUTHENTICATION_STRING ?? '').split(';').map((part) => {
      const at = part.indexOf('=');
      return [part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim()] as const;
    }),
  );
  if (parts.get('authorization')?.toLowerCase() !== 'aad') return undefined;
  const clientId = parts.get('clientid') || env.AZURE_CLIENT_ID;
  return lazyCredential(async () => {
    const { ManagedIdentityCredential } = await import('@azure/identity');
    return new ManagedIdentityCredential(clientId ? { clientId } : {});
  });
}
