// Turns DOM input events into wire events: coalesces mousemoves, masks key codes typed
// in sensitive fields, and never reads what was typed.

import type { BehaviorEvent, CaptureTarget } from './types.js';

/** Key code sent instead of the real one inside sensitive fields (timing only). */
export const MASKED_CODE = '*';

/** The ingestor accepts codes of letters and digits only (plus `*`); anything else would get the whole batch rejected. */
const VALID_CODE = /^[A-Za-z][A-Za-z0-9]{0,31}$/;

/** The ingestor rejects coordinates beyond this magnitude. */
const MAX_COORDINATE = 1_000_000;

const POINTER_TYPES = ['mousedown', 'mouseup', 'click'] as const;
const KEY_TYPES = ['keydown', 'keyup'] as const;
const LISTENED_TYPES = ['mousemove', ...POINTER_TYPES, 'wheel', ...KEY_TYPES] as const;

/** `autocomplete` tokens that mark a field as secret even when it is not a password input. */
const SECRET_AUTOCOMPLETE = /^(?:one-time-code|cc-number|cc-csc|cc-exp(?:-month|-year)?|new-password|current-password)$/;

interface ElementLike {
  tagName?: string;
  type?: string;
  autocomplete?: string;
  hasAttribute?(name: string): boolean;
  parentElement?: ElementLike | null;
  parentNode?: ElementLike | null;
  host?: ElementLike;
}

/**
 * True when key codes typed into `node` must not leave the browser: password inputs,
 * inputs whose autocomplete names a secret, and anything inside `[data-bb-sensitive]`.
 */
export function isSensitive(node: unknown): boolean {
  let current = node as ElementLike | null | undefined;
  let depth = 0;
  // Depth bound: a malformed parent chain must never hang input handling.
  while (current && depth++ < 256) {
    if (typeof current.hasAttribute === 'function' && current.hasAttribute('data-bb-sensitive')) {
      return true;
    }
    if (current.tagName?.toUpperCase() === 'INPUT') {
      if (current.type?.toLowerCase() === 'password') return true;
      if (current.autocomplete && SECRET_AUTOCOMPLETE.test(current.autocomplete.trim().toLowerCase())) return true;
    }
    // Walk out of shadow roots too, so a sensitive wrapper protects its web components.
    current = current.parentElement ?? current.parentNode ?? current.host ?? null;
  }
  return false;
}

/** The innermost target, seeing through shadow DOM retargeting. */
function originalTarget(event: Event): unknown {
  const path = typeof event.composedPath === 'function' ? event.composedPath() : [];
  return path.length > 0 ? path[0] : event.target;
}

function finiteCoordinate(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.max(-MAX_COORDINATE, Math.min(MAX_COORDINATE, value));
}

export interface CaptureOptions {
  target: CaptureTarget;
  sampleIntervalMs: number;
  /** Time of an input event in epoch milliseconds. */
  now: (event: Event) => number;
  emit: (event: BehaviorEvent) => void;
  /** Called when a mousemove is held back, so the owner can make sure it is flushed in time. */
  held: () => void;
}

/**
 * Listens on one target and emits wire events. Mousemoves are coalesced: at most one per
 * `sampleIntervalMs`; a move that arrives sooner is held back and replaced by any later
 * one, and the held move is emitted before the next other event or on `flushPending()`,
 * so the pointer's resting position is never lost and order is preserved.
 */
export class Capture {
  private readonly options: CaptureOptions;
  private readonly listener = (event: Event): void => this.handle(event);
  private lastMoveT = Number.NEGATIVE_INFINITY;
  private pendingMove: BehaviorEvent | null = null;
  private attached = false;

  constructor(options: CaptureOptions) {
    this.options = options;
  }

  attach(): void {
    if (this.attached) return;
    this.attached = true;
    // Passive and capturing: never delay scrolling, and see events that the page stops.
    for (const type of LISTENED_TYPES) {
      this.options.target.addEventListener(type, this.listener, { capture: true, passive: true });
    }
  }

  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    for (const type of LISTENED_TYPES) {
      this.options.target.removeEventListener(type, this.listener, { capture: true });
    }
  }

  /** Emits the held-back mousemove, if any. */
  flushPending(): void {
    const pending = this.pendingMove;
    if (pending === null) return;
    this.pendingMove = null;
    this.lastMoveT = pending.t;
    this.options.emit(pending);
  }

  private handle(event: Event): void {
    const t = this.options.now(event);
    // The ingestor requires a positive, finite time; an event without one is useless anyway.
    if (!Number.isFinite(t) || t <= 0) return;
    const type = event.type;
    if (type === 'mousemove') {
      this.handleMove(event as MouseEvent, t);
      return;
    }
    const wire = this.toWire(event, type, t);
    if (wire === null) return;
    this.flushPending();
    this.options.emit(wire);
  }

  private handleMove(event: MouseEvent, t: number): void {
    const x = finiteCoordinate(event.clientX);
    const y = finiteCoordinate(event.clientY);
    if (x === undefined || y === undefined) return;
    const move: BehaviorEvent = { type: 'mousemove', t, x, y };
    if (t - this.lastMoveT >= this.options.sampleIntervalMs) {
      // A due sample supersedes the held one: it is newer and still one per interval.
      this.pendingMove = null;
      this.lastMoveT = t;
      this.options.emit(move);
    } else {
      this.pendingMove = move;
      this.options.held();
    }
  }

  private toWire(event: Event, type: string, t: number): BehaviorEvent | null {
    if ((POINTER_TYPES as readonly string[]).includes(type)) {
      const mouse = event as MouseEvent;
      const x = finiteCoordinate(mouse.clientX);
      const y = finiteCoordinate(mouse.clientY);
      const button = mouse.button;
      if (x === undefined || y === undefined) return null;
      if (!Number.isInteger(button) || button < 0 || button > 4) return null;
      return { type: type as BehaviorEvent['type'], t, x, y, button };
    }
    if (type === 'wheel') {
      const wheel = event as WheelEvent;
      const dy = finiteCoordinate(wheel.deltaY);
      if (dy === undefined) return null;
      const wire: BehaviorEvent = { type: 'wheel', t, dy };
      const x = finiteCoordinate(wheel.clientX);
      const y = finiteCoordinate(wheel.clientY);
      if (x !== undefined && y !== undefined) {
        wire.x = x;
        wire.y = y;
      }
      return wire;
    }
    if ((KEY_TYPES as readonly string[]).includes(type)) {
      const key = event as KeyboardEvent;
      // Auto-repeat says nothing about the typist beyond the first keydown.
      if (type === 'keydown' && key.repeat) return null;
      // Only the physical key `code` is ever read; `key` (the typed character) never is.
      return { type: type as BehaviorEvent['type'], t, code: this.codeOf(key) };
    }
    return null;
  }

  private codeOf(event: KeyboardEvent): string {
    if (isSensitive(originalTarget(event))) return MASKED_CODE;
    const code = event.code;
    // Some virtual keyboards and IMEs report "" or odd codes; the spec's name for those is "Unidentified".
    return typeof code === 'string' && VALID_CODE.test(code) ? code : 'Unidentified';
  }
}
