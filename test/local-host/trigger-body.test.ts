import { describe, expect, it } from 'vitest';
import { EmbeddedBroker } from '../../shared/adapters/bus/embedded-broker.js';
import type { ReceivedMessage } from '../../shared/ports/bus.js';
import { triggerArgument } from '../../shared/local-host/trigger-body.js';

/** One message through the embedded broker, as the local host's trigger receives it. */
async function roundTrip(body: unknown): Promise<ReceivedMessage> {
  const broker = new EmbeddedBroker();
  try {
    await broker.send('q', [{ messageId: 'm', body }]);
    return await new Promise<ReceivedMessage>((resolve) => {
      broker.subscribe('q', async (m) => resolve(m));
    });
  } finally {
    await broker.close();
  }
}

const spaced = '{ "title": "Calls drop",\n  "n": 1.0 }';

describe('a Service Bus body as a Node v4 function gets it in Azure', () => {
  it.each([
    ['an object', { title: 'Calls drop', n: 1 }, { title: 'Calls drop', n: 1 }, '{"title":"Calls drop","n":1}'],
    ['JSON text as a string', spaced, spaced, JSON.stringify(spaced)],
    ['JSON as bytes', Buffer.from(spaced), { title: 'Calls drop', n: 1 }, spaced],
    ['plain text as bytes', Buffer.from('hello'), 'hello', 'hello'],
  ])(
    'when a producer sends %s, then the function gets parsed JSON (or the text), and with dataType binary the bytes on the wire',
    async (_label, sent, parsed, wire) => {
      const message = await roundTrip(sent);
      expect(triggerArgument(message)).toEqual(parsed);
      const bytes = triggerArgument(message, 'binary');
      expect(Buffer.isBuffer(bytes)).toBe(true);
      expect((bytes as Buffer).toString('utf8')).toBe(wire);
    },
  );
});
