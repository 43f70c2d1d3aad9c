// Entry point: wires capture → batching → uplink and exposes `start()`.

import { Capture } from './capture.js';
import { Uplink, callSafely } from './uplink.js';
import type {
  BehaviorEvent,
  BehavioralBiometricsHandle,
  BehavioralBiometricsOptions,
  BehavioralBiometricsStats,
  CaptureTarget,
  WebSocketConstructor,
} from './types.js';

export type {
  AckFrame,
  BatchFrame,
  BehaviorEvent,
  BehaviorEventType,
  BehavioralBiometricsHandle,
  BehavioralBiometricsOptions,
  BehavioralBiometricsStats,
  CaptureTarget,
  ErrorFrame,
  RiskFrame,
  RiskLevel,
  ServerFrame,
  TokenRequest,
  WebSocketConstructor,
  WebSocketLike,
} from './types.js';

export const VERSION = '0.1.0';

const DEFAULTS = {
  sampleIntervalMs: 16,
  batchMaxEvents: 50,
  batchMaxDelayMs: 1000,
  maxBufferedBatches: 1000,
  maxInFlight: 8,
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Starts capturing input and streaming it to the ingestor. Each call is an independent
 * capture session with its own session id and seq numbering.
 */
export function start(options: BehavioralBiometricsOptions): BehavioralBiometricsHandle {
  if (typeof options?.url !== 'string' || options.url === '') throw new TypeError('url is required');
  if (typeof options.getToken !== 'function') throw new TypeError('getToken must be a function');
  if (typeof options.onRisk !== 'function') throw new TypeError('onRisk must be a function');
  const sampleIntervalMs = nonNegative('sampleIntervalMs', options.sampleIntervalMs, DEFAULTS.sampleIntervalMs);
  const batchMaxEvents = positiveInteger('batchMaxEvents', options.batchMaxEvents, DEFAULTS.batchMaxEvents);
  const batchMaxDelayMs = nonNegative('batchMaxDelayMs', options.batchMaxDelayMs, DEFAULTS.batchMaxDelayMs);
  const maxBufferedBatches = positiveInteger('maxBufferedBatches', options.maxBufferedBatches, DEFAULTS.maxBufferedBatches);
  const maxInFlight = positiveInteger('maxInFlight', options.maxInFlight, DEFAULTS.maxInFlight);
  const sessionId = options.sessionId ?? randomUuid();
  // The server keys storage by this id; a malformed one would get every batch rejected.
  if (!UUID.test(sessionId)) throw new TypeError('sessionId must be a UUID');
  const WebSocketImpl = options.WebSocketImpl ?? (globalThis.WebSocket as unknown as WebSocketConstructor | undefined);
  if (!WebSocketImpl) throw new TypeError('no WebSocket implementation: pass WebSocketImpl');
  const target = options.target ?? (globalThis.document as CaptureTarget | undefined);
  if (!target) throw new TypeError('no document to listen on: pass target');

  const stats: BehavioralBiometricsStats = {
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
  const snapshot = (): BehavioralBiometricsStats => ({ ...stats });
  const changed = (): void => {
    // An erased account's input must not even be collected any more.
    if (stats.erased) halt();
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

  let current: BehaviorEvent[] = [];
  let batchTimer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const closeBatch = (): void => {
    if (batchTimer !== null) clearTimeout(batchTimer);
    batchTimer = null;
    if (current.length === 0) return;
    const events = current;
    current = [];
    uplink.enqueue(events);
  };
  const flush = (): void => {
    capture.flushPending();
    closeBatch();
    uplink.pump();
  };
  // The time limit runs from the first event of a batch, or from a held-back mousemove,
  // so that the pointer's final position is sent even when nothing else follows it.
  const armBatchTimer = (): void => {
    if (batchTimer === null) batchTimer = setTimeout(flush, batchMaxDelayMs);
  };

  const capture = new Capture({
    target,
    sampleIntervalMs,
    now: options.now ? () => (options.now as () => number)() : eventTime,
    emit: (event) => {
      stats.eventsCaptured++;
      current.push(event);
      if (current.length >= batchMaxEvents) closeBatch();
      else armBatchTimer();
    },
    held: armBatchTimer,
  });

  // A tab going to the background may never come back (closed, discarded): send what we have.
  const visibilityTarget = documentOf(target);
  const onVisibility = (): void => {
    if (visibilityTarget?.visibilityState === 'hidden') flush();
  };

  /** Stops capturing and batching without flushing: what is pending has nowhere to go. */
  function halt(): void {
    if (stopped) return;
    stopped = true;
    if (batchTimer !== null) clearTimeout(batchTimer);
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
      if (!stopped) flush();
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      flush();
      capture.detach();
      visibilityTarget?.removeEventListener('visibilitychange', onVisibility);
      uplink.stop();
    },
  };
}

/** The same API as one object, for `BehavioralBiometrics.start(…)` in modules and script tags alike. */
export const BehavioralBiometrics = Object.freeze({ start, VERSION });

/**
 * When the browser saw the input, in epoch milliseconds. `timeStamp` is relative to
 * `performance.timeOrigin` in every current browser; very old ones used epoch time.
 */
function eventTime(event: Event): number {
  const stamp = event.timeStamp;
  if (typeof stamp === 'number' && stamp > 1e12) return stamp;
  const relative = typeof stamp === 'number' && stamp > 0 ? stamp : performance.now();
  return performance.timeOrigin + relative;
}

interface VisibilityTarget extends CaptureTarget {
  visibilityState?: string;
}

function documentOf(target: CaptureTarget): VisibilityTarget | null {
  const owner = (target as { ownerDocument?: VisibilityTarget | null }).ownerDocument;
  if (owner) return owner;
  return 'visibilityState' in target ? (target as VisibilityTarget) : null;
}

function randomUuid(): string {
  const crypto = globalThis.crypto;
  // randomUUID exists only in secure contexts (https, localhost); fall back to getRandomValues elsewhere.
  if (typeof crypto?.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40; // version 4
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80; // RFC 4122 variant
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number`);
  return value;
}
