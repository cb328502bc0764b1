import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../../shared/adapters/webhooks/http-sender.js';
import { recordSpans } from '../../tracing/support.js';

// README "Tracing": each delivery attempt is a client span `webhook POST`, with the OpenTelemetry HTTP client
// attributes (`http.request.method`, `server.address`, `http.response.status_code`).
describe('HttpWebhookSender spans', () => {
  const recorded = recordSpans();
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((_req, res) => void res.writeHead(204).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    recorded.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  it('when the relay POSTs a webhook, then the attempt is a client span "webhook POST" with method, host and status', async () => {
    const result = await new HttpWebhookSender({ allowLocal: true }).send({ url: `${base}/hook`, headers: {}, body: '{}' });
    expect(result).toMatchObject({ ok: true, statusCode: 204 });
    const spans = recorded.spans().filter((span) => span.kind === SpanKind.CLIENT);
    expect(spans.map((span) => span.name)).toEqual(['webhook POST']);
    expect(spans[0]?.attributes).toMatchObject({
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'http.response.status_code': 204,
    });
  });
});
