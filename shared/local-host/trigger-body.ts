import { encodeBody } from '../adapters/bus/wire-body.js';
import type { ReceivedMessage } from '../ports/bus.js';

/**
 * The first argument Azure's Functions host gives a Node (v4) Service Bus function, built the same way here.
 * The host passes the message's bytes as a UTF-8 string and @azure/functions hands over the parsed JSON when the
 * string parses, else the string (its fromRpcTypedData): "either a string or JSON object" (Microsoft Learn, "Azure
 * Service Bus trigger for Azure Functions", Usage, https://learn.microsoft.com/azure/azure-functions/functions-bindings-service-bus-trigger).
 * Bytes as sent come only with `dataType: 'binary'` on the trigger (Azure/azure-functions-nodejs-worker#684; v4's
 * types do not list it yet, Azure/azure-functions-nodejs-library#72, but the option reaches the host), as a Buffer.
 */
export function triggerArgument(message: ReceivedMessage, dataType?: 'binary'): unknown {
  const bytes = Buffer.from(message.bodyBytes ?? encodeBody(message.body));
  if (dataType === 'binary') return bytes;
  const text = bytes.toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
