/*! @behavioral-biometrics/sdk 0.1.0 | GPL-3.0-or-later */
(function () {
  "use strict";
  // Turns DOM input events into wire events: coalesces mousemoves, masks key codes typed
  // in sensitive fields, and never reads what was typed.
  /** Key code sent instead of the real one inside sensitive fields (timing only). */
  const MASKED_CODE = '*';
  /** The ingestor accepts codes of letters and digits only (plus `*`); anything else would get the whole batch rejected. */
  const VALID_CODE = /^[A-Za-z][A-Za-z0-9]{0,31}$/;
  /** The ingestor rejects coordinates beyond this magnitude. */
  const MAX_COORDINATE = 1000000;
  const POINTER_TYPES = ['mousedown', 'mouseup', 'click'];
  const KEY_TYPES = ['keydown', 'keyup'];
  const LISTENED_TYPES = ['mousemove', ...POINTER_TYPES, 'wheel', ...KEY_TYPES];
  /** `autocomplete` tokens that mark a field as secret even when it is not a password input. */
  const SECRET_AUTOCOMPLETE = /^(?:one-time-code|cc-number|cc-csc|cc-exp(?:-month|-year)?|new-password|current-password)$/;
  /**
   * True when key codes typed into `node` must not leave the browser: password inputs,
   * inputs whose autocomplete names a secret, and anything inside `[data-bb-sensitive]`.
   */
  function isSensitive(node) {
      let current = node;
      let depth = 0;
      // Depth bound: a malformed parent chain must never hang input handling.
      while (current && depth++ < 256) {
          if (typeof current.hasAttribute === 'function' && current.hasAttribute('data-bb-sensitive')) {
              return true;
          }
          if (current.tagName?.toUpperCase() === 'INPUT') {
              if (current.type?.toLowerCase() === 'password')
                  return true;
              if (current.autocomplete && SECRET_AUTOCOMPLETE.test(current.autocomplete.trim().toLowerCase()))
                  return true;
          }
          // Walk out of shadow roots too, so a sensitive wrapper protects its web components.
          current = current.parentElement ?? current.parentNode ?? current.host ?? null;
      }
      return false;
  }
  /** The innermost target, seeing through shadow DOM retargeting. */
  function originalTarget(event) {
      const path = typeof event.composedPath === 'function' ? event.composedPath() : [];
      return path.length > 0 ? path[0] : event.target;
  }
  function finiteCoordinate(value) {
      if (typeof value !== 'number' || !Number.isFinite(value))
          return undefined;
      return Math.max(-MAX_COORDINATE, Math.min(MAX_COORDINATE, value));
  }
  /**
   * Listens on one target and emits wire events. Mousemoves are coalesced: at most one per
   * `sampleIntervalMs`; a move that arrives sooner is held back and replaced by any later
   * one, and the held move is emitted before the next other event or on `flushPending()`,
   * so the pointer's resting position is never lost and order is preserved.
   */
  class Capture {
      constructor(options) {
          this.listener = (event) => this.handle(event);
          this.lastMoveT = Number.NEGATIVE_INFINITY;
          this.pendingMove = null;
          this.attached = false;
          this.options = options;
      }
      attach() {
          if (this.attached)
              return;
          this.attached = true;
          // Passive and capturing: never delay scrolling, and see events that the page stops.
          for (const type of LISTENED_TYPES) {
              this.options.target.addEventListener(type, this.listener, { capture: true, passive: true });
          }
      }
      detach() {
          if (!this.attached)
              return;
          this.attached = false;
          for (const type of LISTENED_TYPES) {
              this.options.target.removeEventListener(type, this.listener, { capture: true });
          }
      }
      /** Emits the held-back mousemove, if any. */
      flushPending() {
          const pending = this.pendingMove;
          if (pending === null)
              return;
          this.pendingMove = null;
          this.lastMoveT = pending.t;
          this.options.emit(pending);
      }
      handle(event) {
          const t = this.options.now(event);
          // The ingestor requires a positive, finite time; an event without one is useless anyway.
          if (!Number.isFinite(t) || t <= 0)
              return;
          const type = event.type;
          if (type === 'mousemove') {
              this.handleMove(event, t);
              return;
          }
          const wire = this.toWire(event, type, t);
          if (wire === null)
              return;
          this.flushPending();
          this.options.emit(wire);
      }
      handleMove(event, t) {
          const x = finiteCoordinate(event.clientX);
          const y = finiteCoordinate(event.clientY);
          if (x === undefined || y === undefined)
              return;
          const move = { type: 'mousemove', t, x, y };
          if (t - this.lastMoveT >= this.options.sampleIntervalMs) {
              // A due sample supersedes the held one: it is newer and still one per interval.
              this.pendingMove = null;
              this.lastMoveT = t;
              this.options.emit(move);
          }
          else {
              this.pendingMove = move;
              this.options.held();
          }
      }
      toWire(event, type, t) {
          if (POINTER_TYPES.includes(type)) {
              const mouse = event;
              const x = finiteCoordinate(mouse.clientX);
              const y = finiteCoordinate(mouse.clientY);
              const button = mouse.button;
              if (x === undefined || y === undefined)
                  return null;
              if (!Number.isInteger(button) || button < 0 || button > 4)
                  return null;
              return { type: type, t, x, y, button };
          }
          if (type === 'wheel') {
              const wheel = event;
              const dy = finiteCoordinate(wheel.deltaY);
              if (dy === undefined)
                  return null;
              const wire = { type: 'wheel', t, dy };
              const x = finiteCoordinate(wheel.clientX);
              const y = finiteCoordinate(wheel.clientY);
              if (x !== undefined && y !== undefined) {
                  wire.x = x;
                  wire.y = y;
              }
              return wire;
          }
          if (KEY_TYPES.includes(type)) {
              const key = event;
              // Auto-repeat says nothing about the typist beyond the first keydown.
              if (type === 'keydown' && key.repeat)
                  return null;
              // Only the physical key `code` is ever read; `key` (the typed character) never is.
              return { type: type, t, code: this.codeOf(key) };
          }
          return null;
      }
      codeOf(event) {
          if (isSensitive(originalTarget(event)))
              return MASKED_CODE;
          const code = event.code;
          // Some virtual keyboards and IMEs report "" or odd codes; the spec's name for those is "Unidentified".
          return typeof code === 'string' && VALID_CODE.test(code) ? code : 'Unidentified';
      }
  }

  // The reliable half of the SDK: an outbox of numbered batches that are kept until the
  // server acknowledges them, one WebSocket at a time, and reconnection with backoff.
  /** Subprotocol of this wire format; the server must select it in its handshake response. */
  const PROTOCOL = 'bb.v1';
  /** Close code the ingestor uses for an expired or invalid token. */
  const CLOSE_TOKEN_REJECTED = 4001;
  /** Close code the ingestor uses when the user's account was erased: final, never reconnect. */
  const CLOSE_USER_ERASED = 4403;
  /** Standard close code for a frame larger than the server accepts. */
  const CLOSE_TOO_BIG = 1009;
  const CLOSE_NORMAL = 1000;
  /** Application close code the SDK uses when it gives up on a silent connection. */
  const CLOSE_NO_ANSWER = 4000;
  /**
   * The server answers every batch (ack or error). When nothing has been answered for this
   * long while batches are in flight, the connection is dead without having said so, as
   * after a network switch or a laptop's sleep; the browser may take minutes to notice.
   */
  const ANSWER_TIMEOUT_MS = 20000;
  const BACKOFF_INITIAL_MS = 250;
  const BACKOFF_MAX_MS = 30000;
  /** Errors that say the batch itself is malformed: sending it again can never succeed. */
  const NEVER_VALID = new Set(['invalid_frame', 'invalid_json']);
  /** The batch holds more events than the server accepts; halves of it may pass. */
  const TOO_MANY_EVENTS = 'too_many_events';
  // Every other error code (`rate_limited`, `too_many_in_flight`, …) means "not now": see `rejected`.
  /**
   * Exponential backoff with "equal jitter": the n-th delay is drawn from the upper half of
   * min(30 s, 250 ms · 2^n), so clients that lost the same server do not return in step,
   * yet none comes back sooner than half the nominal delay.
   */
  function backoffDelay(attempt, random = Math.random) {
      const nominal = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.min(attempt, 16));
      return nominal / 2 + random() * (nominal / 2);
  }
  /** Runs a user callback so that its exception is reported but cannot corrupt SDK state. */
  function callSafely(callback, value) {
      if (!callback)
          return;
      try {
          callback(value);
      }
      catch (error) {
          setTimeout(() => {
              throw error;
          }, 0);
      }
  }
  class Uplink {
      constructor(options) {
          /** Unacknowledged batches in capture order (not always seq order: see `split`). */
          this.outbox = [];
          /** Seqs sent on the current socket and not yet answered. */
          this.inFlight = new Set();
          this.nextSeq = 0;
          this.socket = null;
          this.connectAttempts = 0;
          /** Consecutive failures (closes, retry-later errors) since the last ack; drives backoff. */
          this.failures = 0;
          this.tokenRejected = false;
          this.reconnectTimer = null;
          /** Set while the server has asked us to slow down; nothing is sent until it fires. */
          this.pauseTimer = null;
          /** Runs while batches are in flight; reset by every answer. */
          this.answerTimer = null;
          this.stopped = false;
          this.options = options;
      }
      start() {
          void this.connect();
      }
      /** Numbers the events as the next batch, keeps it until acked, and sends it when allowed. */
      enqueue(events) {
          if (this.stopped || events.length === 0)
              return;
          const batch = { seq: this.nextSeq++, events, sent: false };
          this.outbox.push(batch);
          // A copy, so a callback that edits what it is given cannot change what is sent.
          if (this.options.onBatch) {
              callSafely(this.options.onBatch, { ...this.frameOf(batch), events: events.map((event) => ({ ...event })) });
          }
          this.evictOverflow();
          this.pump();
          this.options.changed();
      }
      /** Sends what the in-flight window allows; a no-op while offline or paused. */
      pump() {
          const socket = this.socket;
          if (socket === null || !this.options.stats.connected || this.pauseTimer !== null)
              return;
          const stats = this.options.stats;
          let changed = false;
          for (const batch of this.outbox) {
              if (this.inFlight.size >= this.options.maxInFlight)
                  break;
              if (this.inFlight.has(batch.seq))
                  continue;
              try {
                  socket.send(this.encode(batch));
              }
              catch {
                  // The socket is going away; its close event will trigger the reconnect.
                  break;
              }
              this.inFlight.add(batch.seq);
              if (!batch.sent) {
                  batch.sent = true;
                  stats.batchesSent++;
                  stats.eventsSent += batch.events.length;
              }
              changed = true;
          }
          this.awaitAnswer();
          if (changed)
              this.options.changed();
      }
      /** Closes the socket with 1000 and stops reconnecting. Unacked batches are abandoned. */
      stop() {
          if (this.stopped)
              return;
          this.stopped = true;
          this.clearTimer('reconnectTimer');
          this.clearTimer('pauseTimer');
          this.clearTimer('answerTimer');
          const socket = this.socket;
          this.socket = null;
          if (socket !== null) {
              detach(socket);
              try {
                  socket.close(CLOSE_NORMAL, 'stopped');
              }
              catch {
                  // Already closed.
              }
          }
          if (this.options.stats.connected) {
              this.options.stats.connected = false;
              this.options.changed();
          }
      }
      async connect() {
          this.reconnectTimer = null;
          if (this.stopped)
              return;
          if (this.connectAttempts++ > 0) {
              this.options.stats.reconnects++;
              this.options.changed();
          }
          const request = { rejected: this.tokenRejected };
          this.tokenRejected = false;
          let socket;
          try {
              const token = await this.options.getToken(request);
              if (this.stopped)
                  return;
              // The token travels as a subprotocol, never in the URL, so it stays out of access logs.
              socket = new this.options.WebSocketImpl(this.options.url, [PROTOCOL, `bearer.${token}`]);
          }
          catch {
              // No token (offline identity service) or one the constructor refuses: try again later.
              this.tokenRejected = request.rejected;
              this.scheduleReconnect();
              return;
          }
          this.socket = socket;
          socket.onopen = () => {
              if (this.socket !== socket)
                  return;
              this.options.stats.connected = true;
              this.options.changed();
              this.pump();
          };
          socket.onmessage = (event) => {
              if (this.socket === socket)
                  this.receive(event.data);
          };
          socket.onclose = (event) => {
              if (this.socket === socket)
                  this.closed(event.code);
          };
          // A close event always follows an error; that is where recovery happens.
          socket.onerror = () => undefined;
      }
      closed(code) {
          this.socket = null;
          this.clearTimer('answerTimer');
          const unanswered = [...this.inFlight];
          // Everything unacked stays in the outbox and goes again, with its seq, on the next socket.
          this.inFlight.clear();
          this.options.stats.connected = false;
          if (code === CLOSE_USER_ERASED) {
              this.erased();
              return;
          }
          if (code === CLOSE_TOKEN_REJECTED)
              this.tokenRejected = true;
          if (code === CLOSE_TOO_BIG)
              this.shrinkLargest(unanswered);
          this.options.changed();
          this.scheduleReconnect();
      }
      /**
       * The account is gone: every further handshake would get 401, and keeping or re-sending
       * its events would defeat the erasure. Stops for good and discards the outbox, counted
       * as dropped.
       */
      erased() {
          this.stopped = true;
          this.clearTimer('reconnectTimer');
          this.clearTimer('pauseTimer');
          while (this.outbox.length > 0)
              this.drop(0);
          this.inFlight.clear();
          this.options.stats.erased = true;
          this.options.changed();
      }
      scheduleReconnect() {
          if (this.stopped || this.reconnectTimer !== null)
              return;
          this.reconnectTimer = setTimeout(() => void this.connect(), backoffDelay(this.failures++));
      }
      receive(data) {
          let frame;
          try {
              frame = JSON.parse(String(data));
          }
          catch {
              return; // Not ours to interpret; the server only sends JSON.
          }
          if (typeof frame !== 'object' || frame === null)
              return;
          const typed = frame;
          if (typed.type === 'risk') {
              callSafely(this.options.onRisk, frame);
              return;
          }
          if (typed.type === 'ack')
              this.acked(frame.seq);
          else if (typed.type === 'error')
              this.rejected(frame);
          else
              return;
          // Any answer proves the connection alive: wait afresh for the next one, if any is due.
          this.clearTimer('answerTimer');
          this.awaitAnswer();
      }
      acked(seq) {
          const index = this.indexOf(seq);
          // A duplicate ack, or one for a batch evicted meanwhile: nothing left to do.
          if (index < 0)
              return;
          const [batch] = this.outbox.splice(index, 1);
          this.inFlight.delete(batch.seq);
          this.failures = 0;
          const stats = this.options.stats;
          stats.batchesAcked++;
          stats.eventsAcked += batch.events.length;
          this.options.changed();
          this.pump();
      }
      rejected(frame) {
          const index = this.indexOf(frame.seq);
          // An error without a seq names no batch of ours (e.g. unparsable frame); nothing to retry.
          if (index < 0)
              return;
          const batch = this.outbox[index];
          this.inFlight.delete(batch.seq);
          if (NEVER_VALID.has(frame.code)) {
              this.drop(index);
          }
          else if (frame.code === TOO_MANY_EVENTS) {
              if (!this.split(index))
                  this.drop(index);
          }
          else {
              // `rate_limited`, `too_many_in_flight`, and any code this version does not know:
              // the server stored nothing and did not call the batch malformed, so keep it and
              // slow down. The outbox bound caps what an endlessly refused batch can cost.
              this.pause();
              return;
          }
          this.options.changed();
          this.pump();
      }
      awaitAnswer() {
          if (this.answerTimer !== null || this.inFlight.size === 0)
              return;
          this.answerTimer = setTimeout(() => this.noAnswer(), ANSWER_TIMEOUT_MS);
      }
      /** Gives up on a connection that stopped answering, rather than wait for the browser to notice. */
      noAnswer() {
          this.answerTimer = null;
          const socket = this.socket;
          if (socket === null)
              return;
          detach(socket);
          try {
              socket.close(CLOSE_NO_ANSWER, 'no answer');
          }
          catch {
              // Already closing.
          }
          this.closed(CLOSE_NO_ANSWER);
      }
      /** Stops sending for one backoff period; in-flight batches still get their answers. */
      pause() {
          if (this.pauseTimer !== null)
              return;
          this.pauseTimer = setTimeout(() => {
              this.pauseTimer = null;
              this.pump();
          }, backoffDelay(this.failures++));
      }
      /**
       * After a 1009 close we do not know which frame was too big, but the largest one in
       * flight was at least as big as the culprit, so it was refused too: split that one.
       */
      shrinkLargest(unanswered) {
          let largestIndex = -1;
          let largestSize = -1;
          for (const seq of unanswered) {
              const index = this.indexOf(seq);
              if (index < 0)
                  continue;
              const size = this.encode(this.outbox[index]).length;
              if (size > largestSize) {
                  largestSize = size;
                  largestIndex = index;
              }
          }
          if (largestIndex < 0)
              return;
          // A single event that is still too big can never pass; keeping it would loop forever.
          if (!this.split(largestIndex))
              this.drop(largestIndex);
      }
      /**
       * Splits a refused batch in two. The first half keeps the seq (the server stored nothing
       * under it); the second half takes a fresh seq and sits right after it in the outbox, so
       * sending order still follows capture order.
       */
      split(index) {
          const batch = this.outbox[index];
          if (batch.events.length < 2)
              return false;
          const half = Math.ceil(batch.events.length / 2);
          const tail = { seq: this.nextSeq++, events: batch.events.slice(half), sent: batch.sent };
          batch.events = batch.events.slice(0, half);
          this.outbox.splice(index + 1, 0, tail);
          // The tail's events were already counted as sent; as a new seq it is one more sent batch.
          if (batch.sent)
              this.options.stats.batchesSent++;
          this.evictOverflow();
          return true;
      }
      drop(index) {
          const [batch] = this.outbox.splice(index, 1);
          this.inFlight.delete(batch.seq);
          this.options.stats.batchesDropped++;
          this.options.stats.eventsDropped += batch.events.length;
      }
      /** Bounded memory: past the limit (typically after a long time offline) the oldest batches go. */
      evictOverflow() {
          while (this.outbox.length > this.options.maxBufferedBatches)
              this.drop(0);
      }
      indexOf(seq) {
          if (typeof seq !== 'number')
              return -1;
          return this.outbox.findIndex((batch) => batch.seq === seq);
      }
      frameOf(batch) {
          return { type: 'batch', sessionId: this.options.sessionId, seq: batch.seq, events: batch.events };
      }
      encode(batch) {
          return JSON.stringify(this.frameOf(batch));
      }
      clearTimer(name) {
          const timer = this[name];
          if (timer !== null)
              clearTimeout(timer);
          this[name] = null;
      }
  }
  function detach(socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
  }

  // Entry point: wires capture → batching → uplink and exposes `start()`.
  const VERSION = '0.1.0';
  const DEFAULTS = {
      sampleIntervalMs: 16,
      batchMaxEvents: 50,
      batchMaxDelayMs: 1000,
      maxBufferedBatches: 1000,
      maxInFlight: 8,
  };
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  /**
   * Starts capturing input and streaming it to the ingestor. Each call is an independent
   * capture session with its own session id and seq numbering.
   */
  function start(options) {
      if (typeof options?.url !== 'string' || options.url === '')
          throw new TypeError('url is required');
      if (typeof options.getToken !== 'function')
          throw new TypeError('getToken must be a function');
      if (typeof options.onRisk !== 'function')
          throw new TypeError('onRisk must be a function');
      const sampleIntervalMs = nonNegative('sampleIntervalMs', options.sampleIntervalMs, DEFAULTS.sampleIntervalMs);
      const batchMaxEvents = positiveInteger('batchMaxEvents', options.batchMaxEvents, DEFAULTS.batchMaxEvents);
      const batchMaxDelayMs = nonNegative('batchMaxDelayMs', options.batchMaxDelayMs, DEFAULTS.batchMaxDelayMs);
      const maxBufferedBatches = positiveInteger('maxBufferedBatches', options.maxBufferedBatches, DEFAULTS.maxBufferedBatches);
      const maxInFlight = positiveInteger('maxInFlight', options.maxInFlight, DEFAULTS.maxInFlight);
      const sessionId = options.sessionId ?? randomUuid();
      // The server keys storage by this id; a malformed one would get every batch rejected.
      if (!UUID.test(sessionId))
          throw new TypeError('sessionId must be a UUID');
      const WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
      if (!WebSocketImpl)
          throw new TypeError('no WebSocket implementation: pass WebSocketImpl');
      const target = options.target ?? globalThis.document;
      if (!target)
          throw new TypeError('no document to listen on: pass target');
      const stats = {
          eventsCaptured: 0,
          eventsSent: 0,
          eventsAcked: 0,
          batchesSent: 0,
          batchesAcked: 0,
          batchesDropped: 0,
          eventsDropped: 0,
          reconnects: 0,
          connected: false,
          erased: false,
      };
      const snapshot = () => ({ ...stats });
      const changed = () => {
          // An erased account's input must not even be collected any more.
          if (stats.erased)
              halt();
          callSafely(options.onStatus, snapshot());
      };
      const uplink = new Uplink({
          url: options.url,
          sessionId,
          getToken: options.getToken,
          WebSocketImpl,
          maxInFlight,
          maxBufferedBatches,
          onRisk: options.onRisk,
          onBatch: options.onBatch,
          stats,
          changed,
      });
      let current = [];
      let batchTimer = null;
      let stopped = false;
      const closeBatch = () => {
          if (batchTimer !== null)
              clearTimeout(batchTimer);
          batchTimer = null;
          if (current.length === 0)
              return;
          const events = current;
          current = [];
          uplink.enqueue(events);
      };
      const flush = () => {
          capture.flushPending();
          closeBatch();
          uplink.pump();
      };
      // The time limit runs from the first event of a batch, or from a held-back mousemove,
      // so that the pointer's final position is sent even when nothing else follows it.
      const armBatchTimer = () => {
          if (batchTimer === null)
              batchTimer = setTimeout(flush, batchMaxDelayMs);
      };
      const capture = new Capture({
          target,
          sampleIntervalMs,
          now: options.now ? () => options.now() : eventTime,
          emit: (event) => {
              stats.eventsCaptured++;
              current.push(event);
              if (current.length >= batchMaxEvents)
                  closeBatch();
              else
                  armBatchTimer();
          },
          held: armBatchTimer,
      });
      // A tab going to the background may never come back (closed, discarded): send what we have.
      const visibilityTarget = documentOf(target);
      const onVisibility = () => {
          if (visibilityTarget?.visibilityState === 'hidden')
              flush();
      };
      /** Stops capturing and batching without flushing: what is pending has nowhere to go. */
      function halt() {
          if (stopped)
              return;
          stopped = true;
          if (batchTimer !== null)
              clearTimeout(batchTimer);
          batchTimer = null;
          current = [];
          capture.detach();
          visibilityTarget?.removeEventListener('visibilitychange', onVisibility);
      }
      capture.attach();
      visibilityTarget?.addEventListener('visibilitychange', onVisibility);
      uplink.start();
      return {
          sessionId,
          stats: snapshot,
          flush: () => {
              if (!stopped)
                  flush();
          },
          stop: () => {
              if (stopped)
                  return;
              stopped = true;
              flush();
              capture.detach();
              visibilityTarget?.removeEventListener('visibilitychange', onVisibility);
              uplink.stop();
          },
      };
  }
  /** The same API as one object, for `BehavioralBiometrics.start(…)` in modules and script tags alike. */
  const BehavioralBiometrics = Object.freeze({ start, VERSION });
  /**
   * When the browser saw the input, in epoch milliseconds. `timeStamp` is relative to
   * `performance.timeOrigin` in every current browser; very old ones used epoch time.
   */
  function eventTime(event) {
      const stamp = event.timeStamp;
      if (typeof stamp === 'number' && stamp > 1e12)
          return stamp;
      const relative = typeof stamp === 'number' && stamp > 0 ? stamp : performance.now();
      return performance.timeOrigin + relative;
  }
  function documentOf(target) {
      const owner = target.ownerDocument;
      if (owner)
          return owner;
      return 'visibilityState' in target ? target : null;
  }
  function randomUuid() {
      const crypto = globalThis.crypto;
      // randomUUID exists only in secure contexts (https, localhost); fall back to getRandomValues elsewhere.
      if (typeof crypto?.randomUUID === 'function')
          return crypto.randomUUID();
      const bytes = crypto.getRandomValues(new Uint8Array(16));
      bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
      bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
      const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  function positiveInteger(name, value, fallback) {
      if (value === undefined)
          return fallback;
      if (!Number.isInteger(value) || value < 1)
          throw new RangeError(`${name} must be a positive integer`);
      return value;
  }
  function nonNegative(name, value, fallback) {
      if (value === undefined)
          return fallback;
      if (!Number.isFinite(value) || value < 0)
          throw new RangeError(`${name} must be a non-negative number`);
      return value;
  }
  globalThis.BehavioralBiometrics = BehavioralBiometrics;
})();
