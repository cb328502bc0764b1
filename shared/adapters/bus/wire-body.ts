/**
 * A message body as Service Bus carries it: bytes. @azure/service-bus sends a Buffer or Uint8Array as it is and
 * anything else as the UTF-8 of `JSON.stringify(body)` (a string goes out JSON-quoted; `undefined` as `null`), and on
 * receipt hands back the parsed JSON when the bytes are JSON, else the bytes (its defaultDataTransformer). The embedded
 * broker keeps and returns bodies the same way, so a producer's bytes reach a handler unchanged.
 */
export function encodeBody(body: unknown): Buffer {
  if (body instanceof Uint8Array) return Buffer.from(body);
  return Buffer.from(JSON.stringify(body === undefined ? null : body), 'utf8');
}

export function decodeBody(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
  } catch {
    return Buffer.from(bytes);
  }
}
