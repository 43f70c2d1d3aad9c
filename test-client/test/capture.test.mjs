// What the SDK records and how it groups it into batches.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { FakeElement, START_TIME, fire } from './fakes.mjs';
import { start } from '../dist/bb-sdk.js';
import { allSentEvents, startSdk } from './harness.mjs';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('a batch closes when it reaches batchMaxEvents', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 3 });
  sdk.socket.open();

  fire(sdk.doc, 'keydown', { code: 'KeyA' });
  fire(sdk.doc, 'keyup', { code: 'KeyA' });
  assert.equal(sdk.socket.sent.length, 0, 'two events must not close a batch of three');
  fire(sdk.doc, 'keydown', { code: 'KeyB' });

  assert.equal(sdk.socket.sent.length, 1);
  const [batch] = sdk.socket.batches;
  assert.equal(batch.type, 'batch');
  assert.equal(batch.seq, 0);
  assert.match(batch.sessionId, UUID_V4);
  assert.equal(batch.sessionId, sdk.bb.sessionId);
  assert.deepEqual(batch.events, [
    { type: 'keydown', t: START_TIME, code: 'KeyA' },
    { type: 'keyup', t: START_TIME, code: 'KeyA' },
    { type: 'keydown', t: START_TIME, code: 'KeyB' },
  ]);
});

test('a batch closes batchMaxDelayMs after its first event', async (t) => {
  const sdk = await startSdk(t, { batchMaxDelayMs: 1000 });
  sdk.socket.open();

  fire(sdk.doc, 'click', { clientX: 10, clientY: 20, button: 0 });
  mock.timers.tick(600);
  fire(sdk.doc, 'click', { clientX: 11, clientY: 21, button: 2 });
  mock.timers.tick(399);
  assert.equal(sdk.socket.sent.length, 0, 'the delay runs from the first event, not the last');
  mock.timers.tick(1);

  assert.equal(sdk.socket.sent.length, 1);
  assert.equal(sdk.socket.batches[0].events.length, 2);
});

test('seq numbers count up from 0 within a session', async (t) => {
  const sdk = await startSdk(t, { batchMaxEvents: 1 });
  sdk.socket.open();

  for (const code of ['KeyA', 'KeyB', 'KeyC']) fire(sdk.doc, 'keydown', { code });

  assert.deepEqual(sdk.socket.batches.map((batch) => batch.seq), [0, 1, 2]);
  assert.equal(new Set(sdk.socket.batches.map((batch) => batch.sessionId)).size, 1);
});

test('mousemoves are coalesced to one per sampleIntervalMs, keeping the latest position', async (t) => {
  const sdk = await startSdk(t, { sampleIntervalMs: 16 });
  sdk.socket.open();
  const moveAt = (dt, x) => {
    sdk.clock.time = START_TIME + dt;
    fire(sdk.doc, 'mousemove', { clientX: x, clientY: 2 * x });
  };

  moveAt(0, 1); // first move: recorded
  moveAt(5, 2); // within 16 ms: held, then superseded
  moveAt(10, 3); // held, then superseded by the due move at 20
  moveAt(20, 4); // due: recorded
  moveAt(25, 5); // held
  moveAt(30, 6); // held, replaces 5; must still be sent, before the click
  sdk.clock.time = START_TIME + 31;
  fire(sdk.doc, 'mousedown', { clientX: 6, clientY: 12, button: 0 });
  sdk.bb.flush();

  const events = allSentEvents(sdk.sockets);
  assert.deepEqual(
    events.map((event) => [event.type, event.t - START_TIME, event.x]),
    [
      ['mousemove', 0, 1],
      ['mousemove', 20, 4],
      ['mousemove', 30, 6],
      ['mousedown', 31, 6],
    ],
  );
  assert.deepEqual(events[0], { type: 'mousemove', t: START_TIME, x: 1, y: 2 });
  assert.equal(sdk.bb.stats().eventsCaptured, 4);
});

test('a held-back final mousemove is sent even when nothing follows it', async (t) => {
  const sdk = await startSdk(t, { sampleIntervalMs: 16, batchMaxDelayMs: 1000 });
  sdk.socket.open();
  fire(sdk.doc, 'mousemove', { clientX: 1, clientY: 1 });
  mock.timers.tick(1000); // first batch: just the first move
  sdk.clock.time += 5;
  fire(sdk.doc, 'mousemove', { clientX: 9, clientY: 9 }); // held back, no batch open

  mock.timers.tick(1000);

  assert.deepEqual(allSentEvents(sdk.sockets).map((event) => event.x), [1, 9]);
});

test('each event type carries exactly the fields that apply to it', async (t) => {
  const sdk = await startSdk(t);
  sdk.socket.open();
  const junk = { key: 'q', screenX: 5, pageX: 6, altKey: true, deltaX: 4, which: 81 };

  fire(sdk.doc, 'mousemove', { clientX: 1.5, clientY: 2.5, ...junk });
  fire(sdk.doc, 'mousedown', { clientX: 3, clientY: 4, button: 0, ...junk });
  fire(sdk.doc, 'mouseup', { clientX: 3, clientY: 4, button: 0, ...junk });
  fire(sdk.doc, 'click', { clientX: 3, clientY: 4, button: 1, ...junk });
  fire(sdk.doc, 'wheel', { clientX: 7, clientY: 8, deltaY: -120, ...junk });
  fire(sdk.doc, 'keydown', { code: 'ShiftLeft', ...junk });
  fire(sdk.doc, 'keyup', { code: 'ShiftLeft', ...junk });
  sdk.bb.flush();

  const t0 = START_TIME;
  assert.deepEqual(allSentEvents(sdk.sockets), [
    { type: 'mousemove', t: t0, x: 1.5, y: 2.5 },
    { type: 'mousedown', t: t0, x: 3, y: 4, button: 0 },
    { type: 'mouseup', t: t0, x: 3, y: 4, button: 0 },
    { type: 'click', t: t0, x: 3, y: 4, button: 1 },
    { type: 'wheel', t: t0, dy: -120, x: 7, y: 8 },
    { type: 'keydown', t: t0, code: 'ShiftLeft' },
    { type: 'keyup', t: t0, code: 'ShiftLeft' },
  ]);
});

test('auto-repeated keydowns are ignored', async (t) => {
  const sdk = await startSdk(t);
  sdk.socket.open();

  fire(sdk.doc, 'keydown', { code: 'KeyA', repeat: false });
  fire(sdk.doc, 'keydown', { code: 'KeyA', repeat: true });
  fire(sdk.doc, 'keydown', { code: 'KeyA', repeat: true });
  fire(sdk.doc, 'keyup', { code: 'KeyA' });
  sdk.bb.flush();

  assert.deepEqual(allSentEvents(sdk.sockets).map((event) => event.type), ['keydown', 'keyup']);
});

test('keys typed in a password input or under data-bb-sensitive leave only as "*"', async (t) => {
  const sdk = await startSdk(t);
  sdk.socket.open();
  const form = new FakeElement('form', { document: sdk.doc });
  const password = new FakeElement('input', { type: 'password', parent: form });
  const upperCasePassword = new FakeElement('input', { type: 'PASSWORD', parent: form });
  const sensitive = new FakeElement('div', { attributes: { 'data-bb-sensitive': '' }, parent: form });
  const nested = new FakeElement('input', { type: 'text', parent: new FakeElement('span', { parent: sensitive }) });
  const cardNumber = new FakeElement('input', { type: 'text', autocomplete: 'cc-number', parent: form });
  const plain = new FakeElement('input', { type: 'text', parent: form });

  // Each secret key is a distinct code so any leak is visible in the raw frames.
  fire(sdk.doc, 'keydown', { code: 'KeyS', key: 's' }, password);
  fire(sdk.doc, 'keyup', { code: 'KeyS', key: 's' }, password);
  fire(sdk.doc, 'keydown', { code: 'KeyX', key: 'x' }, upperCasePassword);
  fire(sdk.doc, 'keydown', { code: 'KeyE', key: 'e' }, nested);
  fire(sdk.doc, 'keyup', { code: 'KeyE', key: 'e' }, sensitive);
  fire(sdk.doc, 'keydown', { code: 'Digit4', key: '4' }, cardNumber);
  fire(sdk.doc, 'keydown', { code: 'KeyP', key: 'p' }, plain);
  sdk.bb.flush();

  assert.deepEqual(
    allSentEvents(sdk.sockets).map((event) => event.code),
    ['*', '*', '*', '*', '*', '*', 'KeyP'],
  );
  const wire = sdk.socket.sent.join('\n');
  for (const secret of ['KeyS', 'KeyX', 'KeyE', 'Digit4']) assert.ok(!wire.includes(secret), `${secret} leaked`);
});

test('no event ever carries the typed character (`key`) or any field value', async (t) => {
  const sdk = await startSdk(t);
  sdk.socket.open();
  const input = new FakeElement('input', { type: 'text', document: sdk.doc });
  input.value = 'my-typed-text';

  for (const [code, key] of [['KeyH', 'h'], ['KeyI', 'I'], ['Space', ' ']]) {
    fire(sdk.doc, 'keydown', { code, key }, input);
    fire(sdk.doc, 'keyup', { code, key }, input);
  }
  sdk.bb.flush();

  const events = allSentEvents(sdk.sockets);
  assert.equal(events.length, 6);
  for (const event of events) {
    assert.deepEqual(Object.keys(event).sort(), ['code', 't', 'type']);
  }
  assert.ok(!sdk.socket.sent.join('').includes('my-typed-text'));
  assert.ok(!sdk.socket.sent.join('').includes('"key"'));
});

test('codes the server would refuse are sent as "Unidentified" instead of losing the batch', async (t) => {
  const sdk = await startSdk(t);
  sdk.socket.open();

  fire(sdk.doc, 'keydown', { code: '' });
  fire(sdk.doc, 'keydown', { code: 'Key A' });
  fire(sdk.doc, 'keydown', { code: 'KeyZ' });
  sdk.bb.flush();

  assert.deepEqual(allSentEvents(sdk.sockets).map((event) => event.code), ['Unidentified', 'Unidentified', 'KeyZ']);
});

test('the target option limits capture to that element', async (t) => {
  let area;
  const sdk = await startSdk(t, {}, { target: (doc) => (area = new FakeElement('div', { document: doc })) });
  sdk.socket.open();

  fire(sdk.doc, 'click', { clientX: 1, clientY: 1, button: 0 }); // outside the area
  fire(area, 'click', { clientX: 2, clientY: 2, button: 0 });
  sdk.bb.flush();

  assert.deepEqual(allSentEvents(sdk.sockets).map((event) => event.x), [2]);
  assert.equal(area.listeners.get('click'), 1);
  assert.deepEqual([...sdk.doc.listeners.entries()].filter(([, n]) => n > 0).map(([type]) => type), ['visibilitychange']);
});

test('stop() sends what was captured, removes every listener and closes with 1000', async (t) => {
  const sdk = await startSdk(t);
  sdk.socket.open();
  assert.ok(sdk.doc.listenerCount >= 7, 'capture listeners are installed on start');

  fire(sdk.doc, 'keydown', { code: 'KeyA' });
  sdk.bb.stop();
  fire(sdk.doc, 'keydown', { code: 'KeyB' });
  sdk.bb.flush();

  assert.equal(sdk.doc.listenerCount, 0);
  assert.deepEqual(allSentEvents(sdk.sockets).map((event) => event.code), ['KeyA']);
  assert.deepEqual(sdk.socket.closedWith, { code: 1000, reason: 'stopped' });
  assert.equal(sdk.bb.stats().eventsCaptured, 1);
  assert.equal(sdk.bb.stats().connected, false);
  mock.timers.tick(60_000);
  assert.equal(sdk.sockets.length, 1, 'a stopped SDK never reconnects');
});

test('the page going to the background flushes the open batch', async (t) => {
  const sdk = await startSdk(t);
  sdk.socket.open();
  fire(sdk.doc, 'keydown', { code: 'KeyA' });

  sdk.doc.visibilityState = 'hidden';
  sdk.doc.dispatchEvent(new Event('visibilitychange'));

  assert.equal(sdk.socket.sent.length, 1);
});

test('without a now option, t is performance.timeOrigin + event.timeStamp', async (t) => {
  const sdk = await startSdk(t, { now: undefined });
  sdk.socket.open();
  const before = performance.timeOrigin + performance.now();
  fire(sdk.doc, 'keydown', { code: 'KeyA' });
  const after = performance.timeOrigin + performance.now();
  sdk.bb.flush();

  const [event] = allSentEvents(sdk.sockets);
  assert.ok(event.t >= before && event.t <= after, `${event.t} not within [${before}, ${after}]`);
});

test('start() rejects options that would make every batch invalid', () => {
  assert.throws(() => startWith({ sessionId: 'not-a-uuid' }), /sessionId must be a UUID/);
  assert.throws(() => startWith({ batchMaxEvents: 0 }), /batchMaxEvents/);
  assert.throws(() => startWith({ url: '' }), /url is required/);
});

function startWith(overrides) {
  return start({ url: 'ws://x', getToken: async () => 't', onRisk() {}, target: new EventTarget(), ...overrides });
}
