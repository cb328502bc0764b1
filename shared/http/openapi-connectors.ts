/** OpenAPI pieces for PSA connectors (README "Connect your PSA"): each PSA posts its own webhook format, signed its own way. */
export const connectorSecuritySchemes = {
  haloBasic: {
    type: 'http',
    scheme: 'basic',
    description: 'HaloPSA: the webhook user name and password `relay connectors add --kind halo` generated.',
  },
  connectWiseSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'x-content-signature',
    description:
      "ConnectWise PSA: base64 HMAC-SHA256 of the raw body keyed with SHA-256 of the signing key at the callback's Metadata.key_url, fetched only from the connector's allowed hosts (default *.myconnectwise.net).",
  },
  autotaskSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'x-hook-signature',
    description: "Autotask: `sha1=` + base64 HMAC-SHA1 of the raw body under the webhook's SecretKey.",
  },
};

const answer = (description: string, properties: Record<string, unknown>, required: string[]) => ({
  description,
  content: { 'application/json': { schema: { type: 'object', required, properties } } },
});

export function connectorEventsPath(problems: (...codes: number[]) => Record<string, unknown>): Record<string, unknown> {
  return {
    post: {
      operationId: 'receiveConnectorEvent',
      summary: "A PSA's own ticket webhook (HaloPSA, ConnectWise PSA callback, Autotask TicketWebhook)",
      description:
        'One PSA ticket makes one relay ticket whatever the PSA re-sends (externalRef = the PSA ticket id). The company is looked up in the ' +
        "connector's company map; an unmapped company is parked (202) and filed as soon as it is mapped. Every outcome event of the ticket " +
        'becomes one internal note on the PSA ticket. Any credential problem, an unknown connector included, is the same 401.',
      security: [{ haloBasic: [] }, { connectWiseSignature: [] }, { autotaskSignature: [] }],
      parameters: [{ name: 'connectorId', in: 'path', required: true, schema: { type: 'string', pattern: '^conn_[A-Za-z0-9_-]{12}$' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'object', description: "The PSA's webhook body, exactly as the PSA sends it." } },
        },
      },
      responses: {
        '200': answer(
          'Duplicate of a PSA ticket the relay already has, or an event it ignores (a deletion, another entity)',
          {
            status: { enum: ['duplicate', 'ignored'] },
            ticketId: { type: 'string' },
            reason: { type: 'string' },
          },
          ['status'],
        ),
        '202': answer(
          'Accepted (a new relay ticket) or parked (company not mapped yet)',
          {
            status: { enum: ['accepted', 'parked'] },
            ticketId: { type: 'string' },
            statusUrl: { type: 'string' },
            companyId: { type: 'string' },
            detail: { type: 'string' },
          },
          ['status'],
        ),
        ...problems(400, 401, 413, 415, 429, 503),
      },
    },
  };
}
