// Delivery: acks, re-sends after reconnects, server errors, close codes, bounded memory.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { fire, settle } from './fakes.mjs';
import { URL, startSdk } from './harness.mjs';

/** Longest possible backoff delay (30 s ceiling); ticking this far always fires a pending retry. */
const MAX_BACKOFF_MS = 30_000;

/** Captures `count` single-event batches (batchMaxEvents must be 1). */
function captureBatches(sdk, count, firstCode = 0) {
  for (let i = 0; i < count; i++) fire(sdk.doc, 'keydown', { code: `Digit${(firstCode + i) % 10}` });
}

async function reconnect(sdk) {
  mock.timers.tick(MAX_BACKOFF_MS);
  await settle();
  sdk.socket.open();
}

test('connects with the bb.v1 and bearer subprotocols and keeps the token out of the URL', async (t) => {
  const sdk = await startSdk(t);

  assert.equal(sdk.sockets.length, 1);
  assert.equal(sdk.socket.url, URL);
  assert.deepEqual(sdk.socket.protocols, ['bb.v1', 'bearer.token-1']);
  assert.deepEqual(sdk.tokenRequests, [{ rejected: false }]);
  assert.equal(sdk.bb.stats().connected, false);
  sdk.socket.open();
  assert.equal(sdk.bb.stats().connected, true);
});

test('an ack removes the batch from the outbox and is counted', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 2 });
  sdk.socket.open();
  captureBatches(sdk, 4);

  sdk.socket.ack(0);
  sdk.socket.ack(0); // a duplicate ack must not count twice

  assert.deepEqual(pick(sdk.bb.stats(), 'eventsCaptured', 'eventsSent', 'eventsAcked', 'batchesSent', 'batchesAcked'), {
    eventsCaptured: 4,
    eventsSent: 4,
    eventsAcked: 2,
    batchesSent: 2,
    batchesAcked: 1,
  });
  sdk.socket.serverClose(1006);
  await reconnect(sdk);
  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [1], 'only the unacked batch goes again');
});

test('after a dropped connection every unacked batch is re-sent with its original seq, and acked ones never again', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1 });
  sdk.socket.open();
  captureBatches(sdk, 3);
  const firstSocket = sdk.socket;
  firstSocket.ack(1);

  firstSocket.serverClose(1006);
  assert.equal(sdk.bb.stats().connected, false);
  captureBatches(sdk, 1, 3); // captured while offline: seq 3
  await reconnect(sdk);

  const resent = sdk.socket.batches;
  assert.deepEqual(resent.map((batch) => batch.seq), [0, 2, 3]);
  const original = new Map(firstSocket.batches.map((batch) => [batch.seq, batch]));
  assert.deepEqual(resent[0], original.get(0), 'a re-sent batch is byte-for-byte the same batch');
  assert.deepEqual(resent[1], original.get(2));
  assert.equal(sdk.bb.stats().reconnects, 1);

  for (const seq of [0, 2, 3]) sdk.socket.ack(seq);
  sdk.socket.serverClose(1001);
  await reconnect(sdk);
  assert.deepEqual(sdk.socket.sent, [], 'nothing acked is ever sent twice');
  assert.deepEqual(pick(sdk.bb.stats(), 'eventsSent', 'eventsAcked', 'batchesSent', 'batchesAcked', 'reconnects'), {
    eventsSent: 4,
    eventsAcked: 4,
    batchesSent: 4,
    batchesAcked: 4,
    reconnects: 2,
  });
});

test('at most maxInFlight unacked batches are on the wire; each ack lets one more go', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1, maxInFlight: 3 });
  sdk.socket.open();
  captureBatches(sdk, 5);

  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [0, 1, 2]);
  sdk.socket.ack(1);
  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [0, 1, 2, 3]);
});

test('rate_limited keeps the batch and sends it again with the same seq after a backoff', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1 });
  sdk.socket.open();
  captureBatches(sdk, 1);

  sdk.socket.reply({ type: 'error', seq: 0, code: 'rate_limited', message: 'slow down' });
  captureBatches(sdk, 1, 1);
  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [0], 'nothing is sent while backing off');
  mock.timers.tick(MAX_BACKOFF_MS);

  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [0, 0, 1]);
  assert.deepEqual(sdk.socket.batches[1], sdk.socket.batches[0]);
  assert.equal(sdk.bb.stats().batchesDropped, 0);
  assert.equal(sdk.sockets.length, 1, 'a rate limit is no reason to reconnect');
});

test('too_many_in_flight is retried like rate_limited', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1 });
  sdk.socket.open();
  captureBatches(sdk, 1);

  sdk.socket.reply({ type: 'error', seq: 0, code: 'too_many_in_flight', message: '' });
  mock.timers.tick(MAX_BACKOFF_MS);

  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [0, 0]);
});

test('invalid_frame and invalid_json drop the batch for good and count it', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 2 });
  sdk.socket.open();
  captureBatches(sdk, 6);

  sdk.socket.reply({ type: 'error', seq: 0, code: 'invalid_frame', message: 'events[0].x: …' });
  sdk.socket.reply({ type: 'error', seq: 1, code: 'invalid_json', message: '' });
  sdk.socket.serverClose(1006);
  await reconnect(sdk);

  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [2]);
  assert.deepEqual(pick(sdk.bb.stats(), 'batchesDropped', 'eventsDropped'), { batchesDropped: 2, eventsDropped: 4 });
});

test('too_many_events splits the batch in halves instead of losing it', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 5 });
  sdk.socket.open();
  captureBatches(sdk, 5);

  sdk.socket.reply({ type: 'error', seq: 0, code: 'too_many_events', message: 'at most 3' });

  const [, first, second] = sdk.socket.batches;
  assert.deepEqual([first.seq, first.events.length], [0, 3]);
  assert.deepEqual([second.seq, second.events.length], [1, 2]);
  assert.deepEqual([...first.events, ...second.events], sdk.socket.batches[0].events);
  sdk.socket.ack(0);
  sdk.socket.ack(1);
  assert.deepEqual(pick(sdk.bb.stats(), 'eventsSent', 'eventsAcked', 'batchesDropped'), {
    eventsSent: 5,
    eventsAcked: 5,
    batchesDropped: 0,
  });
});

test('close 1009 (too big) splits the largest unacked batch and reconnects', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 4 });
  sdk.socket.open();
  captureBatches(sdk, 4); // seq 0: four events
  fire(sdk.doc, 'keydown', { code: 'KeyA' });
  sdk.bb.flush(); // seq 1: one event

  sdk.socket.serverClose(1009);
  await reconnect(sdk);

  assert.deepEqual(
    sdk.socket.batches.map((batch) => [batch.seq, batch.events.length]),
    [[0, 2], [2, 2], [1, 1]],
    'the halves keep capture order; the second half takes a fresh seq',
  );
});

test('close 1008 (policy) keeps every batch and reconnects with backoff', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1 });
  sdk.socket.open();
  captureBatches(sdk, 2);

  sdk.socket.serverClose(1008);
  await settle();
  assert.equal(sdk.sockets.length, 1, 'no reconnect before the backoff delay');
  await reconnect(sdk);

  assert.equal(sdk.sockets.length, 2);
  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [0, 1]);
});

test('close 4001 asks getToken for a new token and connects with it', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1 });
  sdk.socket.open();
  captureBatches(sdk, 1);

  sdk.socket.serverClose(4001);
  await reconnect(sdk);

  assert.deepEqual(sdk.tokenRequests, [{ rejected: false }, { rejected: true }]);
  assert.deepEqual(sdk.socket.protocols, ['bb.v1', 'bearer.token-2']);
  assert.equal(sdk.socket.url, URL);
  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [0]);
});

test('close 4403 (user erased) is final: no reconnect, outbox discarded, capture stopped, erased reported', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1, maxInFlight: 1 });
  sdk.socket.open();
  captureBatches(sdk, 3);
  sdk.socket.ack(0); // seq 1 goes; seq 1 in flight and seq 2 waiting are the outbox
  const sentBeforeClose = sdk.socket.sent.length;

  sdk.socket.serverClose(4403);
  captureBatches(sdk, 1, 3); // input after the erasure is not even captured
  mock.timers.tick(10 * MAX_BACKOFF_MS);
  await settle();

  assert.equal(sdk.sockets.length, 1, 'never reconnects');
  assert.equal(sdk.tokenRequests.length, 1);
  assert.deepEqual(pick(sdk.bb.stats(), 'erased', 'connected', 'eventsCaptured', 'batchesAcked', 'batchesDropped', 'eventsDropped', 'reconnects'), {
    erased: true,
    connected: false,
    eventsCaptured: 3,
    batchesAcked: 1,
    batchesDropped: 2,
    eventsDropped: 2,
    reconnects: 0,
  });
  assert.equal(sdk.statuses.at(-1).erased, true, 'onStatus tells the page');
  assert.equal(sdk.doc.listenerCount, 0, 'every capture listener is removed');
  sdk.bb.flush();
  sdk.bb.stop();
  assert.equal(sdk.socket.sent.length, sentBeforeClose, 'nothing is sent after the close');
});

test('erased stays false through ordinary closes', async (t) => {
  const sdk = await startSdk(t);
  sdk.socket.open();
  sdk.socket.serverClose(4001);
  await reconnect(sdk);

  assert.equal(sdk.bb.stats().erased, false);
  assert.ok(sdk.statuses.every((stats) => stats.erased === false));
});

test('getToken is called at every reconnect, and a failing getToken is retried', async (t) => {
  let calls = 0;
  const sdk = await startSdk(t, {
    getToken: async () => {
      calls++;
      if (calls === 2) throw new Error('identity service unreachable');
      return `token-${calls}`;
    },
  });
  sdk.socket.open();
  sdk.socket.serverClose(1006);

  mock.timers.tick(MAX_BACKOFF_MS);
  await settle(); // second call fails: no socket
  assert.equal(sdk.sockets.length, 1);
  mock.timers.tick(MAX_BACKOFF_MS);
  await settle();

  assert.equal(calls, 3);
  assert.deepEqual(sdk.socket.protocols, ['bb.v1', 'bearer.token-3']);
});

test('reconnect delays grow exponentially with jitter up to 30 s', async (t) => {
  const STEP_MS = 25;
  const sdk = await startSdk(t);
  const delays = [];
  for (let attempt = 0; attempt < 10; attempt++) {
    sdk.socket.serverClose(1006);
    const before = sdk.sockets.length;
    let waited = 0;
    while (sdk.sockets.length === before) {
      mock.timers.tick(STEP_MS);
      waited += STEP_MS;
      await settle();
      assert.ok(waited <= MAX_BACKOFF_MS, 'never waits past the ceiling');
    }
    delays.push(waited);
  }

  const nominal = (n) => Math.min(MAX_BACKOFF_MS, 250 * 2 ** n);
  delays.forEach((delay, n) => {
    assert.ok(delay >= nominal(n) / 2 && delay <= nominal(n) + STEP_MS, `delay ${n} was ${delay} ms`);
  });
});

test('while offline the outbox keeps at most maxBufferedBatches, dropping the oldest', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 2, maxBufferedBatches: 3 });
  // Never opened: offline from the start.
  captureBatches(sdk, 10);

  assert.deepEqual(pick(sdk.bb.stats(), 'eventsCaptured', 'batchesDropped', 'eventsDropped', 'batchesSent'), {
    eventsCaptured: 10,
    batchesDropped: 2,
    eventsDropped: 4,
    batchesSent: 0,
  });
  sdk.socket.open();
  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [2, 3, 4]);
});

test('risk frames reach onRisk; acks and errors do not', async (t) => {
  const sdk = await startSdk(t);
  sdk.socket.open();
  const frame = { type: 'risk', sessionId: sdk.bb.sessionId, risk: 0.82, level: 'HIGH', at: '2024-11-24T12:00:00Z' };

  sdk.socket.reply(frame);
  sdk.socket.ack(99);
  sdk.socket.onmessage({ data: 'not json' });

  assert.deepEqual(sdk.risks, [frame]);
});

test('onStatus reports every change of the counters', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1 });
  sdk.socket.open();
  captureBatches(sdk, 1);
  sdk.socket.ack(0);

  const last = sdk.statuses.at(-1);
  assert.deepEqual(last, sdk.bb.stats());
  assert.deepEqual(pick(last, 'connected', 'eventsSent', 'eventsAcked'), { connected: true, eventsSent: 1, eventsAcked: 1 });
  assert.ok(sdk.statuses.some((stats) => stats.connected && stats.eventsSent === 1 && stats.eventsAcked === 0));
});

test('an exception in onRisk does not break delivery', async (t) => {
  const sdk = await startSdk(t, {
    batchMaxEvents: 1,
    onRisk: () => {
      throw new Error('page bug');
    },
  });
  sdk.socket.open();
  sdk.socket.reply({ type: 'risk', sessionId: sdk.bb.sessionId, risk: 0.1, level: 'LOW', at: '2024-11-24T12:00:00Z' });

  captureBatches(sdk, 1);
  sdk.socket.ack(0);

  assert.equal(sdk.bb.stats().eventsAcked, 1);
  // The error is not swallowed: it is rethrown from a timer, where the page's error reporting sees it.
  assert.throws(() => mock.timers.tick(0), /page bug/);
});

function pick(object, ...keys) {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

test('onBatch sees each closed batch as it goes on the wire, and cannot alter it', async (t) => {
  const seen = [];
  const sdk = await startSdk(t, {
    batchMaxEvents: 2,
    onBatch: (frame) => {
      seen.push(structuredClone(frame));
      frame.events[0].code = 'Tampered';
    },
  });
  sdk.socket.open();
  captureBatches(sdk, 4);

  assert.deepEqual(seen, sdk.socket.batches);
  assert.ok(!sdk.socket.sent.join('').includes('Tampered'));
});

test('a connection that stops answering is abandoned and the batches go again on a new one', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1 });
  sdk.socket.open();
  captureBatches(sdk, 2);
  const silent = sdk.socket;
  mock.timers.tick(10_000);
  silent.ack(0); // an answer restarts the 20 s wait
  mock.timers.tick(19_999);
  assert.equal(silent.closedWith, null, 'answers keep the connection alive');

  mock.timers.tick(1);
  assert.deepEqual(silent.closedWith, { code: 4000, reason: 'no answer' });
  assert.equal(sdk.bb.stats().connected, false);
  await reconnect(sdk);

  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [1]);
});

test('an idle connection with nothing in flight is never abandoned', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1 });
  sdk.socket.open();
  captureBatches(sdk, 1);
  sdk.socket.ack(0);

  mock.timers.tick(10 * 60_000);

  assert.equal(sdk.socket.closedWith, null);
  assert.equal(sdk.sockets.length, 1);
});
