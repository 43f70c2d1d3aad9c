// Starts the built SDK against fakes and gives tests one place to reach everything.

import { start } from '../dist/bb-sdk.js';
import { FakeDocument, FakeWebSocket, fakeClock, settle, useFakeTimers } from './fakes.mjs';

export const URL = 'ws://ingest.test/ws/ingest';

/**
 * @param {import('node:test').TestContext} t
 * @param {object} options SDK options overriding the test defaults
 * @param {{ tokens?: string[], target?: (doc: FakeDocument) => EventTarget }} [setup]
 *   tokens: handed out by successive getToken calls; target: builds the capture target
 */
export async function startSdk(t, options = {}, { tokens = ['token-1', 'token-2', 'token-3'], target } = {}) {
  useFakeTimers(t);
  FakeWebSocket.reset();
  const doc = new FakeDocument();
  const clock = fakeClock();
  const tokenRequests = [];
  const risks = [];
  const statuses = [];
  const bb = start({
    url: URL,
    getToken: async (request) => {
      tokenRequests.push(request);
      return tokens[Math.min(tokenRequests.length, tokens.length) - 1];
    },
    onRisk: (frame) => risks.push(frame),
    onStatus: (stats) => statuses.push(stats),
    target: target ? target(doc) : doc,
    WebSocketImpl: FakeWebSocket,
    now: clock.now,
    ...options,
  });
  t.after(() => bb.stop());
  await settle();
  return {
    bb,
    doc,
    clock,
    tokenRequests,
    risks,
    statuses,
    /** The socket the SDK opened most recently. */
    get socket() {
      return FakeWebSocket.last;
    },
    get sockets() {
      return FakeWebSocket.instances;
    },
  };
}

/** Every event of every batch the SDK sent on all sockets, in order. */
export function allSentEvents(sockets) {
  return sockets.flatMap((socket) => socket.batches.flatMap((batch) => batch.events));
}
