// Test doubles for the two browser facilities the SDK touches: WebSocket and DOM event
// targets. Both are built on Node's own EventTarget/Event, so listener semantics
// (add/remove, capture flag, dispatch) are real ones, not re-implemented here.

import { mock } from 'node:test';
import { setImmediate as nextMacrotask } from 'node:timers/promises';

export const START_TIME = 1_732_449_000_000;

/** A WebSocket the test drives by hand; every instance is recorded in `FakeWebSocket.instances`. */
export class FakeWebSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 3;
  /** @type {FakeWebSocket[]} */
  static instances = [];

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.readyState = FakeWebSocket.CONNECTING;
    /** Raw text frames the client sent. */
    this.sent = [];
    this.closedWith = null;
    this.onopen = null;
    this.onmessage = null;
    this.onclose = null;
    this.onerror = null;
    FakeWebSocket.instances.push(this);
  }

  static reset() {
    FakeWebSocket.instances = [];
  }

  static get last() {
    return FakeWebSocket.instances.at(-1);
  }

  send(data) {
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error('InvalidStateError: socket not open');
    if (typeof data !== 'string') throw new TypeError('the SDK must send text frames');
    this.sent.push(data);
  }

  close(code = 1005, reason = '') {
    this.closedWith = { code, reason };
    this.serverClose(code);
  }

  // ----- driven by the test, playing the server

  open() {
    this.readyState = FakeWebSocket.OPEN;
    this.onopen?.({});
  }

  /** Parsed batch frames the client sent. */
  get batches() {
    return this.sent.map((text) => JSON.parse(text));
  }

  reply(frame) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  ack(seq) {
    this.reply({ type: 'ack', seq });
  }

  serverClose(code) {
    if (this.readyState === FakeWebSocket.CLOSED) return;
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason: '' });
  }
}

/** An EventTarget that counts its live listeners, so tests can prove `stop()` removed them. */
class CountingTarget extends EventTarget {
  listeners = new Map();

  addEventListener(type, listener, options) {
    const before = this.#count(type);
    super.addEventListener(type, listener, options);
    // EventTarget ignores duplicates; count only what it really registered.
    this.listeners.set(type, before + 1);
  }

  removeEventListener(type, listener, options) {
    super.removeEventListener(type, listener, options);
    if (this.#count(type) > 0) this.listeners.set(type, this.#count(type) - 1);
  }

  get listenerCount() {
    let total = 0;
    for (const count of this.listeners.values()) total += count;
    return total;
  }

  #count(type) {
    return this.listeners.get(type) ?? 0;
  }
}

export class FakeDocument extends CountingTarget {
  visibilityState = 'visible';
  ownerDocument = null;
}

export class FakeElement extends CountingTarget {
  constructor(tagName, { type, attributes = {}, parent = null, document = null, autocomplete } = {}) {
    super();
    this.tagName = tagName.toUpperCase();
    if (type !== undefined) this.type = type;
    if (autocomplete !== undefined) this.autocomplete = autocomplete;
    this.attributes = new Map(Object.entries(attributes));
    this.parentElement = parent;
    this.ownerDocument = document ?? parent?.ownerDocument ?? null;
  }

  hasAttribute(name) {
    return this.attributes.has(name);
  }
}

/** A DOM-like input event: `props` become its fields (clientX, code, key, repeat, …). */
class FakeInputEvent extends Event {
  #path;

  constructor(type, props, path) {
    super(type, { bubbles: true, composed: true });
    Object.assign(this, props);
    this.#path = path;
  }

  // Node's EventTarget does not bubble through a tree; report the path a browser would.
  composedPath() {
    return this.#path;
  }
}

/**
 * Dispatches `type` as if it happened on `origin` and bubbled to `listener` (the element
 * or document the SDK listens on).
 */
export function fire(listener, type, props = {}, origin = listener) {
  const path = [];
  for (let node = origin; node; node = node.parentElement ?? null) path.push(node);
  if (!path.includes(listener)) path.push(listener);
  listener.dispatchEvent(new FakeInputEvent(type, props, path));
}

/** Lets pending promise callbacks (getToken) run; setImmediate is not mocked. */
export function settle() {
  return nextMacrotask();
}

/** A controllable epoch clock for the SDK's `now` option. */
export function fakeClock() {
  const clock = { time: START_TIME, now: () => clock.time };
  return clock;
}

/** Mocks setTimeout so batch timers and backoff are driven by `mock.timers.tick`. */
export function useFakeTimers(t) {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
}
