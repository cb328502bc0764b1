import { describe, expect, it } from 'vitest';
import { traceExportFor } from '../../shared/tracing/setup.js';
import { entraCredential } from '../../shared/tracing/tracer-provider.js';

const CONNECTION = 'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://example.invalid/';

describe('where spans are exported (README "Tracing")', () => {
  it('when the app runs in Azure with Application Insights, then spans go to Azure Monitor', () => {
    expect(traceExportFor({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION })).toBe('azure-monitor');
  });

  it('when nothing is set (npm start, tests), then nothing is exported', () => {
    expect(traceExportFor({})).toBe('none');
  });

  it('when OTEL_TRACES_EXPORTER=console is set locally, then spans are printed', () => {
    expect(traceExportFor({ OTEL_TRACES_EXPORTER: 'console' })).toBe('console');
  });

  it('when OpenTelemetry is switched off by its standard settings, then nothing is exported even in Azure', () => {
    expect(traceExportFor({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION, OTEL_SDK_DISABLED: 'true' })).toBe('none');
    expect(traceExportFor({ APPLICATIONINSIGHTS_CONNECTION_STRING: CONNECTION, OTEL_TRACES_EXPORTER: 'none' })).toBe('none');
  });

  it('when telemetry must use Entra (infra/app/api.bicep), then the exporter gets a credential; with a key, none', () => {
    expect(entraCredential({ APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=abc;Authorization=AAD' })).toBeDefined();
    expect(entraCredential({})).toBeUndefined();
  });
});
