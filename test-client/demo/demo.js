// Demo page: account, capture, practice area, training, live risk and account erasure.

import { BehavioralBiometrics } from '../dist/bb-sdk.js';
import { AccountSession, erasureStatus, evidenceSummary, postJson, resolveConfig, levelName } from './api.js';

const config = resolveConfig(window.location, window.BB_CONFIG);
/** The risk engine needs at least this many events to score one window. */
const MIN_SCORE_EVENTS = 10;
/**
 * How many recent events "Score now" sends: the span the live risk uses (the risk engine's
 * default `bb.risk.live.window-events`), enough for the model's last 20 mouse actions.
 */
const SCORE_EVENTS = 3000;
const PRACTICE_TARGETS = 18;
/** How often and how long the page follows an erasure's progress. */
const ERASURE_POLL_MS = 1000;
const ERASURE_POLL_LIMIT = 60;

const $ = (id) => document.getElementById(id);
const ui = {
  account: $('account'),
  email: $('email'),
  password: $('password'),
  register: $('register'),
  login: $('login'),
  accountMessage: $('account-message'),
  userId: $('user-id'),
  start: $('start'),
  startHint: $('start-hint'),
  status: $('status'),
  captured: $('events-captured'),
  sent: $('events-sent'),
  acked: $('events-acked'),
  dropped: $('events-dropped'),
  reconnects: $('reconnects'),
  practice: $('practice'),
  hits: $('hits'),
  train: $('train'),
  score: $('score'),
  trainResult: $('train-result'),
  scoreResult: $('score-result'),
  risk: $('risk'),
  riskMeter: $('risk-meter'),
  riskValue: $('risk-value'),
  evidence: $('risk-evidence'),
  riskLevel: $('risk-level'),
  riskSource: $('risk-source'),
  erase: $('erase'),
  eraseResult: $('erase-result'),
};

/** @type {AccountSession | null} */
let session = null;
/** @type {ReturnType<typeof BehavioralBiometrics.start> | null} */
let capture = null;
/** The most recent events as sent (already masked), for "Score now". */
let recentEvents = [];

// ---------------------------------------------------------------- account

async function authenticate(action) {
  const email = ui.email.value.trim();
  const password = ui.password.value;
  if (!email || !password) {
    showAccountMessage('Enter an email and a password.', 'error');
    return;
  }
  setBusy([ui.register, ui.login], true);
  try {
    const options = { identityUrl: config.identityUrl };
    const next = action === 'register'
      ? await AccountSession.register(options, email, password)
      : await AccountSession.login(options, email, password);
    stopCapture();
    session = next;
    ui.userId.textContent = session.userId;
    ui.password.value = '';
    showAccountMessage(`${action === 'register' ? 'Registered and logged in' : 'Logged in'} as ${session.email}.`, 'ok');
    ui.start.disabled = false;
    ui.train.disabled = false;
    ui.score.disabled = false;
    ui.erase.disabled = false;
    ui.startHint.textContent = 'Then move, click and type in the practice area.';
  } catch (error) {
    showAccountMessage(messageOf(error), 'error');
  } finally {
    setBusy([ui.register, ui.login], false);
  }
}

function showAccountMessage(text, kind) {
  ui.accountMessage.textContent = text;
  ui.accountMessage.className = `message ${kind}`;
}

// ---------------------------------------------------------------- capture

function startCapture() {
  if (!session || capture) return;
  const account = session;
  recentEvents = [];
  capture = BehavioralBiometrics.start({
    url: config.ingestUrl,
    getToken: (request) => account.getToken(request),
    onRisk: (frame) => {
      showRisk(frame.risk, frame.level, 'live');
      showEvidence(frame.evidenceRisk, frame.evidenceLevel);
    },
    onStatus: renderStats,
    onBatch: (frame) => {
      recentEvents = recentEvents.concat(frame.events).slice(-SCORE_EVENTS);
    },
  });
  ui.start.textContent = 'Stop capture';
  ui.start.setAttribute('aria-pressed', 'true');
  setStatus('connecting', 'connecting…');
}

function stopCapture() {
  if (!capture) return;
  capture.stop();
  renderStats(capture.stats());
  capture = null;
  ui.start.disabled = !session;
  ui.start.textContent = 'Start capture';
  ui.start.setAttribute('aria-pressed', 'false');
  setStatus('stopped', 'stopped');
}

function renderStats(stats) {
  ui.captured.textContent = String(stats.eventsCaptured);
  ui.sent.textContent = String(stats.eventsSent);
  ui.acked.textContent = String(stats.eventsAcked);
  ui.dropped.textContent = String(stats.eventsDropped);
  ui.reconnects.textContent = String(stats.reconnects);
  if (!capture) return;
  // Final: the ingestor closed with 4403 because the account was erased; the SDK has stopped.
  if (stats.erased) {
    setStatus('erased', 'stopped: account erased');
    ui.start.textContent = 'Start capture';
    ui.start.setAttribute('aria-pressed', 'false');
    ui.start.disabled = true;
  } else if (stats.connected) setStatus('connected', 'connected');
  else if (stats.reconnects > 0) setStatus('offline', 'offline — retrying');
}

function setStatus(state, text) {
  ui.status.dataset.state = state;
  ui.status.textContent = text;
}

// ---------------------------------------------------------------- practice area

function buildPractice() {
  const fragment = document.createDocumentFragment();
  for (let i = 0; i < PRACTICE_TARGETS; i++) {
    const target = document.createElement('button');
    target.type = 'button';
    target.className = 'target';
    target.setAttribute('aria-label', `Target ${i + 1}`);
    target.setAttribute('aria-pressed', 'false');
    target.dataset.index = String(i);
    fragment.append(target);
  }
  ui.practice.append(fragment);
  let hits = 0;
  let lit = light(-1);
  ui.practice.addEventListener('click', (event) => {
    const target = event.target.closest('.target');
    if (!target || Number(target.dataset.index) !== lit) return;
    hits += 1;
    ui.hits.textContent = String(hits);
    lit = light(lit);
  });
}

/** Lights a random target other than `previous`, so every hit needs a new movement. */
function light(previous) {
  const targets = ui.practice.querySelectorAll('.target');
  let next = previous;
  while (next === previous) next = Math.floor(Math.random() * targets.length);
  targets.forEach((target, index) => target.setAttribute('aria-pressed', String(index === next)));
  return next;
}

// ---------------------------------------------------------------- model and risk

async function train() {
  if (!session) return;
  capture?.flush();
  await callRisk(ui.train, ui.trainResult, `${config.riskUrl}/model/train/${encodeURIComponent(session.userId)}`, undefined, () => {});
}

async function score() {
  if (!session) return;
  capture?.flush();
  if (recentEvents.length < MIN_SCORE_EVENTS) {
    showResult(ui.scoreResult, `Capture at least ${MIN_SCORE_EVENTS} events first (have ${recentEvents.length}).`, true);
    return;
  }
  await callRisk(
    ui.score,
    ui.scoreResult,
    `${config.riskUrl}/model/score/${encodeURIComponent(session.userId)}`,
    { events: recentEvents },
    (result) => {
      // The risk engine names the value `risk`; accept `score` too.
      showRisk(result.risk ?? result.score, result.level, `scored ${result.windows ?? '?'} windows, model v${result.modelVersion ?? '?'}`);
    },
  );
}

/** POSTs to the risk engine with the user's token and shows the JSON answer or the problem detail. */
async function callRisk(button, output, url, body, onResult) {
  setBusy([button], true);
  try {
    const token = await session.getToken();
    const result = await postJson(window.fetch.bind(window), url, body, token);
    showResult(output, JSON.stringify(result, null, 2), false);
    onResult(result);
  } catch (error) {
    showResult(output, messageOf(error), true);
  } finally {
    setBusy([button], false);
  }
}

function showResult(output, text, isError) {
  output.textContent = text;
  output.classList.toggle('error', isError);
}

function showEvidence(evidenceRisk, evidenceLevel) {
  const summary = evidenceSummary(evidenceRisk, evidenceLevel);
  ui.evidence.textContent = summary ?? '';
  ui.evidence.dataset.level = levelName(evidenceLevel) ?? 'none';
}

function showRisk(value, level, source) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return;
  const clamped = Math.min(1, Math.max(0, value));
  const shownLevel = levelName(level);
  ui.riskMeter.value = clamped;
  ui.riskValue.textContent = clamped.toFixed(2);
  ui.riskLevel.textContent = shownLevel ?? '';
  ui.risk.dataset.level = shownLevel ?? 'none';
  ui.riskSource.textContent = `(${source})`;
}

// ---------------------------------------------------------------- your data

async function eraseAccount() {
  if (!session) return;
  if (!window.confirm(`Delete the account ${session.email} and all its recorded behaviour? This cannot be undone.`)) return;
  const account = session;
  setBusy([ui.erase], true);
  try {
    const accepted = await account.erase();
    // The account is gone: nothing may use it any more. Capture ends when the ingestor
    // closes the socket (4403); the page keeps the SDK so its final state stays visible.
    session = null;
    ui.userId.textContent = '—';
    for (const button of [ui.train, ui.score, ui.erase]) button.disabled = true;
    // A running capture keeps its Stop button until the SDK reports the erasure (renderStats).
    if (!capture) ui.start.disabled = true;
    showAccountMessage(`Account ${account.email} erased.`, 'ok');
    showResult(ui.eraseResult, `Erasure ${accepted.erasureId} accepted.`, false);
    await followErasure(accepted.erasureId);
  } catch (error) {
    showResult(ui.eraseResult, messageOf(error), true);
    ui.erase.disabled = session === null;
  } finally {
    ui.erase.setAttribute('aria-busy', 'false');
  }
}

/** Shows each service's part of the erasure until all are done (or the page gives up). */
async function followErasure(erasureId) {
  for (let attempt = 0; attempt < ERASURE_POLL_LIMIT; attempt++) {
    const status = await erasureStatus(window.fetch.bind(window), config.identityUrl, erasureId);
    // Each service reports the time it finished its part, or nothing yet.
    const services = Object.entries(status.services ?? {})
      .map(([name, doneAt]) => `${name}: ${doneAt ? `done (${doneAt})` : 'pending'}`).join('\n');
    showResult(ui.eraseResult, `${status.complete ? 'Erased everywhere.' : 'Erasing…'}\n${services}`, false);
    ui.eraseResult.dataset.complete = String(status.complete);
    if (status.complete) return;
    await new Promise((resolve) => setTimeout(resolve, ERASURE_POLL_MS));
  }
  showResult(ui.eraseResult, `${ui.eraseResult.textContent}\nStill in progress; the services finish it in the background.`, false);
}

// ---------------------------------------------------------------- helpers

function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

function setBusy(buttons, busy) {
  for (const button of buttons) {
    button.disabled = busy;
    button.setAttribute('aria-busy', String(busy));
  }
}

// ---------------------------------------------------------------- wiring

ui.account.addEventListener('submit', (event) => {
  event.preventDefault();
  void authenticate('login');
});
ui.register.addEventListener('click', () => void authenticate('register'));
ui.start.addEventListener('click', () => (capture ? stopCapture() : startCapture()));
ui.train.addEventListener('click', () => void train());
ui.score.addEventListener('click', () => void score());
ui.erase.addEventListener('click', () => void eraseAccount());
window.addEventListener('pagehide', () => capture?.flush());
buildPractice();
