/*! @behavioral-biometrics/sdk 0.1.0 | GPL-3.0-or-later */
/** The kinds of input the SDK captures, by their wire names. */
export type BehaviorEventType = 'mousemove' | 'mousedown' | 'mouseup' | 'click' | 'wheel' | 'keydown' | 'keyup';
/**
 * One captured event as it goes on the wire. Only the fields that apply to the type are
 * present: pointer events carry `x`/`y`, button events also `button`, `wheel` carries
 * `dy` (and the pointer position), key events carry `code` (`"*"` in sensitive fields).
 */
export interface BehaviorEvent {
    type: BehaviorEventType;
    /** Client time in epoch milliseconds, sub-millisecond precision. */
    t: number;
    x?: number;
    y?: number;
    button?: number;
    dy?: number;
    code?: string;
}
/** Client → server: one text frame per batch. */
export interface BatchFrame {
    type: 'batch';
    sessionId: string;
    seq: number;
    events: BehaviorEvent[];
}
/** Server → client: the batch `seq` is durably stored. */
export interface AckFrame {
    type: 'ack';
    seq: number;
}
/** Server → client: the batch `seq` (when known) was rejected; nothing of it was stored. */
export interface ErrorFrame {
    type: 'error';
    seq: number | null;
    code: string;
    message: string;
}
/**
 * The risk engine's band for a risk, under the thresholds the deployment configured
 * (by default MEDIUM from 0.95, HIGH from 0.99): act on it rather than on fixed cut-offs.
 */
export type RiskLevel = 'LOW' | 'MEDIUM' | 'HIGH';
/** Server → client: a live risk score for one of the user's sessions. */
export interface RiskFrame {
    type: 'risk';
    sessionId: string;
    /** Calibrated per user: a threshold τ aims at (1 − τ) of the genuine user's sessions. */
    risk: number;
    level: RiskLevel;
    /**
     * Evidence accumulated over the whole session so far (a CUSUM of window scores): it rises
     * after a takeover in the middle of a session even while `risk`, which weighs the recent
     * windows, has not yet. Absent when the server does not send it.
     */
    evidenceRisk?: number;
    evidenceLevel?: RiskLevel;
    /** ISO-8601 instant at which the server computed the score. */
    at: string;
}
export type ServerFrame = AckFrame | ErrorFrame | RiskFrame;
/**
 * Counters of the SDK since `start()`. Every count only grows; `connected` follows the
 * socket, and `erased` turns true once and stays.
 */
export interface BehavioralBiometricsStats {
    /** Events recorded after mousemove coalescing. */
    eventsCaptured: number;
    /** Events that left the browser at least once (a re-send does not count again). */
    eventsSent: number;
    /** Events the server confirmed as stored. */
    eventsAcked: number;
    /** Batches (distinct `seq`s) sent at least once. */
    batchesSent: number;
    batchesAcked: number;
    /** Batches given up: rejected as invalid by the server, or evicted from a full outbox. */
    batchesDropped: number;
    eventsDropped: number;
    /** Connection attempts after the first one. */
    reconnects: number;
    connected: boolean;
    /**
     * The server closed with 4403: the user's account was erased. The SDK has stopped for
     * good (no reconnect, capture detached) and discarded its unsent batches, counted in
     * `batchesDropped`/`eventsDropped`. Call `stop()` and sign the user out.
     */
    erased: boolean;
}
/** What `getToken` is told about why it is asked. */
export interface TokenRequest {
    /**
     * True when the server closed the previous connection with 4001 (token expired or
     * invalid): a cached token must not be returned again.
     */
    rejected: boolean;
}
/** The subset of the browser `WebSocket` the SDK uses, so tests and other runtimes can supply their own. */
export interface WebSocketLike {
    readonly readyState: number;
    send(data: string): void;
    close(code?: number, reason?: string): void;
    onopen: ((event: unknown) => void) | null;
    onmessage: ((event: {
        data: unknown;
    }) => void) | null;
    onclose: ((event: {
        code: number;
        reason?: string;
    }) => void) | null;
    onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string, protocols: string[]) => WebSocketLike;
/** Anything listeners can be added to: `document`, an element, or a test double. */
export interface CaptureTarget {
    addEventListener(type: string, listener: (event: Event) => void, options?: AddEventListenerOptions): void;
    removeEventListener(type: string, listener: (event: Event) => void, options?: EventListenerOptions): void;
}
export interface BehavioralBiometricsOptions {
    /** Ingestor WebSocket endpoint, e.g. `wss://example.org/ws/ingest`. The token is never put in it. */
    url: string;
    /** Returns a valid access token. Called before every connection attempt. */
    getToken: (request: TokenRequest) => Promise<string>;
    /** Called with every live risk frame for this user. */
    onRisk: (frame: RiskFrame) => void;
    /** Called with a snapshot of the counters whenever one of them changes. */
    onStatus?: (stats: BehavioralBiometricsStats) => void;
    /**
     * Called once per batch when it closes, with the frame exactly as it goes on the wire
     * (already masked). For audit logs, debugging, or scoring recent input on demand.
     */
    onBatch?: (frame: BatchFrame) => void;
    /** Where to listen. Default: `document`. Pass an element to capture only inside it. */
    target?: CaptureTarget;
    /** Minimum time between two recorded mousemoves; the latest position wins. Default 16 ms. */
    sampleIntervalMs?: number;
    /** A batch closes when it holds this many events. Default 50. */
    batchMaxEvents?: number;
    /** A batch closes this long after its first event. Default 1000 ms. */
    batchMaxDelayMs?: number;
    /** Unacknowledged batches kept at most; the oldest are dropped past this. Default 1000. */
    maxBufferedBatches?: number;
    /** Unacknowledged batches on the wire at once. Default 8. */
    maxInFlight?: number;
    /** Session id (a UUID). Default: a fresh random UUID v4 per `start()`. */
    sessionId?: string;
    /** WebSocket implementation. Default: the global `WebSocket`. */
    WebSocketImpl?: WebSocketConstructor;
    /**
     * Clock in epoch milliseconds used to time-stamp events. Default: the event's own
     * `performance.timeOrigin + event.timeStamp`, which is when the browser saw the input.
     */
    now?: () => number;
}
export interface BehavioralBiometricsHandle {
    /** Flushes, removes every listener and closes the socket with code 1000. */
    stop(): void;
    /** Closes the current batch now and sends what the in-flight window allows. */
    flush(): void;
    stats(): BehavioralBiometricsStats;
    /** This capture session's id, as sent in every batch. */
    readonly sessionId: string;
}

export declare const VERSION = "0.1.0";
/**
 * Starts capturing input and streaming it to the ingestor. Each call is an independent
 * capture session with its own session id and seq numbering.
 */
export declare function start(options: BehavioralBiometricsOptions): BehavioralBiometricsHandle;
/** The same API as one object, for `BehavioralBiometrics.start(…)` in modules and script tags alike. */
export declare const BehavioralBiometrics: Readonly<{
    start: typeof start;
    VERSION: "0.1.0";
}>;
