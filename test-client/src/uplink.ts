// The reliable half of the SDK: an outbox of numbered batches that are kept until the
// server acknowledges them, one WebSocket at a time, and reconnection with backoff.

import type {
  BatchFrame,
  BehaviorEvent,
  BehavioralBiometricsStats,
  ErrorFrame,
  RiskFrame,
  TokenRequest,
  WebSocketConstructor,
  WebSocketLike,
} from './types.js';

/** Subprotocol of this wire format; the server must select it in its handshake response. */
export const PROTOCOL = 'bb.v1';

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
const ANSWER_TIMEOUT_MS = 20_000;

const BACKOFF_INITIAL_MS = 250;
const BACKOFF_MAX_MS = 30_000;

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
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const nominal = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.min(attempt, 16));
  return nominal / 2 + random() * (nominal / 2);
}

interface Batch {
  /** Fixed for the life of the batch, so a re-send is recognised by the server's (user, session, seq) dedup. */
  readonly seq: number;
  events: BehaviorEvent[];
  /** Whether the batch has left at least once; counts `eventsSent` once per event. */
  sent: boolean;
}

export interface UplinkOptions {
  url: string;
  sessionId: string;
  getToken: (request: TokenRequest) => Promise<string>;
  WebSocketImpl: WebSocketConstructor;
  maxInFlight: number;
  maxBufferedBatches: number;
  onRisk: (frame: RiskFrame) => void;
  onBatch: ((frame: BatchFrame) => void) | undefined;
  /** The shared counters; the uplink updates them and then calls `changed`. */
  stats: BehavioralBiometricsStats;
  changed: () => void;
}

/** Runs a user callback so that its exception is reported but cannot corrupt SDK state. */
export function callSafely<T>(callback: ((value: T) => void) | undefined, value: T): void {
  if (!callback) return;
  try {
    callback(value);
  } catch (error) {
    setTimeout(() => {
      throw error;
    }, 0);
  }
}

export class Uplink {
  private readonly options: UplinkOptions;
  /** Unacknowledged batches in capture order (not always seq order: see `split`). */
  private readonly outbox: Batch[] = [];
  /** Seqs sent on the current socket and not yet answered. */
  private readonly inFlight = new Set<number>();
  private nextSeq = 0;
  private socket: WebSocketLike | null = null;
  private connectAttempts = 0;
  /** Consecutive failures (closes, retry-later errors) since the last ack; drives backoff. */
  private failures = 0;
  private tokenRejected = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  /** Set while the server has asked us to slow down; nothing is sent until it fires. */
  private pauseTimer: ReturnType<typeof setTimeout> | null = null;
  /** Runs while batches are in flight; reset by every answer. */
  private answerTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(options: UplinkOptions) {
    this.options = options;
  }

  start(): void {
    void this.connect();
  }

  /** Numbers the events as the next batch, keeps it until acked, and sends it when allowed. */
  enqueue(events: BehaviorEvent[]): void {
    if (this.stopped || events.length === 0) return;
    const batch: Batch = { seq: this.nextSeq++, events, sent: false };
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
  pump(): void {
    const socket = this.socket;
    if (socket === null || !this.options.stats.connected || this.pauseTimer !== null) return;
    const stats = this.options.stats;
    let changed = false;
    for (const batch of this.outbox) {
      if (this.inFlight.size >= this.options.maxInFlight) break;
      if (this.inFlight.has(batch.seq)) continue;
      try {
        socket.send(this.encode(batch));
      } catch {
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
    if (changed) this.options.changed();
  }

  /** Closes the socket with 1000 and stops reconnecting. Unacked batches are abandoned. */
  stop(): void {
    if (this.stopped) return;
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
      } catch {
        // Already closed.
      }
    }
    if (this.options.stats.connected) {
      this.options.stats.connected = false;
      this.options.changed();
    }
  }

  private async connect(): Promise<void> {
    this.reconnectTimer = null;
    if (this.stopped) return;
    if (this.connectAttempts++ > 0) {
      this.options.stats.reconnects++;
      this.options.changed();
    }
    const request: TokenRequest = { rejected: this.tokenRejected };
    this.tokenRejected = false;
    let socket: WebSocketLike;
    try {
      const token = await this.options.getToken(request);
      if (this.stopped) return;
      // The token travels as a subprotocol, never in the URL, so it stays out of access logs.
      socket = new this.options.WebSocketImpl(this.options.url, [PROTOCOL, `bearer.${token}`]);
    } catch {
      // No token (offline identity service) or one the constructor refuses: try again later.
      this.tokenRejected = request.rejected;
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.options.stats.connected = true;
      this.options.changed();
      this.pump();
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.receive(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.closed(event.code);
    };
    // A close event always follows an error; that is where recovery happens.
    socket.onerror = () => undefined;
  }

  private closed(code: number): void {
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
    if (code === CLOSE_TOKEN_REJECTED) this.tokenRejected = true;
    if (code === CLOSE_TOO_BIG) this.shrinkLargest(unanswered);
    this.options.changed();
    this.scheduleReconnect();
  }

  /**
   * The account is gone: every further handshake would get 401, and keeping or re-sending
   * its events would defeat the erasure. Stops for good and discards the outbox, counted
   * as dropped.
   */
  private erased(): void {
    this.stopped = true;
    this.clearTimer('reconnectTimer');
    this.clearTimer('pauseTimer');
    while (this.outbox.length > 0) this.drop(0);
    this.inFlight.clear();
    this.options.stats.erased = true;
    this.options.changed();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer !== null) return;
    this.reconnectTimer = setTimeout(() => void this.connect(), backoffDelay(this.failures++));
  }

  private receive(data: unknown): void {
    let frame: unknown;
    try {
      frame = JSON.parse(String(data));
    } catch {
      return; // Not ours to interpret; the server only sends JSON.
    }
    if (typeof frame !== 'object' || frame === null) return;
    const typed = frame as { type?: unknown };
    if (typed.type === 'risk') {
      callSafely(this.options.onRisk, frame as RiskFrame);
      return;
    }
    if (typed.type === 'ack') this.acked((frame as { seq?: unknown }).seq);
    else if (typed.type === 'error') this.rejected(frame as ErrorFrame);
    else return;
    // Any answer proves the connection alive: wait afresh for the next one, if any is due.
    this.clearTimer('answerTimer');
    this.awaitAnswer();
  }

  private acked(seq: unknown): void {
    const index = this.indexOf(seq);
    // A duplicate ack, or one for a batch evicted meanwhile: nothing left to do.
    if (index < 0) return;
    const [batch] = this.outbox.splice(index, 1) as [Batch];
    this.inFlight.delete(batch.seq);
    this.failures = 0;
    const stats = this.options.stats;
    stats.batchesAcked++;
    stats.eventsAcked += batch.events.length;
    this.options.changed();
    this.pump();
  }

  private rejected(frame: ErrorFrame): void {
    const index = this.indexOf(frame.seq);
    // An error without a seq names no batch of ours (e.g. unparsable frame); nothing to retry.
    if (index < 0) return;
    const batch = this.outbox[index] as Batch;
    this.inFlight.delete(batch.seq);
    if (NEVER_VALID.has(frame.code)) {
      this.drop(index);
    } else if (frame.code === TOO_MANY_EVENTS) {
      if (!this.split(index)) this.drop(index);
    } else {
      // `rate_limited`, `too_many_in_flight`, and any code this version does not know:
      // the server stored nothing and did not call the batch malformed, so keep it and
      // slow down. The outbox bound caps what an endlessly refused batch can cost.
      this.pause();
      return;
    }
    this.options.changed();
    this.pump();
  }

  private awaitAnswer(): void {
    if (this.answerTimer !== null || this.inFlight.size === 0) return;
    this.answerTimer = setTimeout(() => this.noAnswer(), ANSWER_TIMEOUT_MS);
  }

  /** Gives up on a connection that stopped answering, rather than wait for the browser to notice. */
  private noAnswer(): void {
    this.answerTimer = null;
    const socket = this.socket;
    if (socket === null) return;
    detach(socket);
    try {
      socket.close(CLOSE_NO_ANSWER, 'no answer');
    } catch {
      // Already closing.
    }
    this.closed(CLOSE_NO_ANSWER);
  }

  /** Stops sending for one backoff period; in-flight batches still get their answers. */
  private pause(): void {
    if (this.pauseTimer !== null) return;
    this.pauseTimer = setTimeout(() => {
      this.pauseTimer = null;
      this.pump();
    }, backoffDelay(this.failures++));
  }

  /**
   * After a 1009 close we do not know which frame was too big, but the largest one in
   * flight was at least as big as the culprit, so it was refused too: split that one.
   */
  private shrinkLargest(unanswered: number[]): void {
    let largestIndex = -1;
    let largestSize = -1;
    for (const seq of unanswered) {
      const index = this.indexOf(seq);
      if (index < 0) continue;
      const size = this.encode(this.outbox[index] as Batch).length;
      if (size > largestSize) {
        largestSize = size;
        largestIndex = index;
      }
    }
    if (largestIndex < 0) return;
    // A single event that is still too big can never pass; keeping it would loop forever.
    if (!this.split(largestIndex)) this.drop(largestIndex);
  }

  /**
   * Splits a refused batch in two. The first half keeps the seq (the server stored nothing
   * under it); the second half takes a fresh seq and sits right after it in the outbox, so
   * sending order still follows capture order.
   */
  private split(index: number): boolean {
    const batch = this.outbox[index] as Batch;
    if (batch.events.length < 2) return false;
    const half = Math.ceil(batch.events.length / 2);
    const tail: Batch = { seq: this.nextSeq++, events: batch.events.slice(half), sent: batch.sent };
    batch.events = batch.events.slice(0, half);
    this.outbox.splice(index + 1, 0, tail);
    // The tail's events were already counted as sent; as a new seq it is one more sent batch.
    if (batch.sent) this.options.stats.batchesSent++;
    this.evictOverflow();
    return true;
  }

  private drop(index: number): void {
    const [batch] = this.outbox.splice(index, 1) as [Batch];
    this.inFlight.delete(batch.seq);
    this.options.stats.batchesDropped++;
    this.options.stats.eventsDropped += batch.events.length;
  }

  /** Bounded memory: past the limit (typically after a long time offline) the oldest batches go. */
  private evictOverflow(): void {
    while (this.outbox.length > this.options.maxBufferedBatches) this.drop(0);
  }

  private indexOf(seq: unknown): number {
    if (typeof seq !== 'number') return -1;
    return this.outbox.findIndex((batch) => batch.seq === seq);
  }

  private frameOf(batch: Batch): BatchFrame {
    return { type: 'batch', sessionId: this.options.sessionId, seq: batch.seq, events: batch.events };
  }

  private encode(batch: Batch): string {
    return JSON.stringify(this.frameOf(batch));
  }

  private clearTimer(name: 'reconnectTimer' | 'pauseTimer' | 'answerTimer'): void {
    const timer = this[name];
    if (timer !== null) clearTimeout(timer);
    this[name] = null;
  }
}

function detach(socket: WebSocketLike): void {
  socket.onopen = null;
  socket.onmessage = null;
  socket.onclose = null;
  socket.onerror = null;
}
