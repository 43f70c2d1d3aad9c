// The demo page's account session and service configuration (demo/api.js).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AccountSession, ApiError, REFRESH_MARGIN_MS, erasureStatus, evidenceSummary, postJson, resolveConfig, levelName } from '../demo/api.js';

const NOW = Date.parse('2024-11-24T12:00:00Z');
const IDENTITY = 'http://localhost:8081';

function tokens(n, expiresInMs) {
  return {
    accessToken: `access-${n}`,
    refreshToken: `refresh-${n}`,
    userId: '7b0a2f5e-1c1d-4b9e-9d7e-2f1f3b7c9a10',
    email: 'ada@example.org',
    accessTokenExpiresAt: new Date(NOW + expiresInMs).toISOString(),
    refreshTokenExpiresAt: new Date(NOW + 7 * 86_400_000).toISOString(),
  };
}

/** A fetch that answers from a queue and records requests. */
function fakeFetch(...responses) {
  const calls = [];
  const fetchImpl = async (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body && JSON.parse(init.body) });
    const next = responses.shift();
    if (!next) throw new Error(`unexpected request to ${url}`);
    await new Promise((resolve) => setImmediate(resolve)); // answer asynchronously, as a network would
    return new Response(JSON.stringify(next.body), {
      status: next.status ?? 200,
      headers: { 'Content-Type': next.status >= 400 ? 'application/problem+json' : 'application/json' },
    });
  };
  return { fetchImpl, calls };
}

test('services default to the page host on ports 8081, 8082 and 8084', () => {
  assert.deepEqual(resolveConfig({ protocol: 'http:', hostname: 'demo.local' }), {
    identityUrl: 'http://demo.local:8081',
    ingestUrl: 'ws://demo.local:8082/ws/ingest',
    riskUrl: 'http://demo.local:8084',
  });
  assert.equal(resolveConfig({ protocol: 'https:', hostname: 'x.org' }).ingestUrl, 'wss://x.org:8082/ws/ingest');
  assert.equal(resolveConfig({ protocol: 'http:', hostname: '::1' }).riskUrl, 'http://[::1]:8084');
});

test('window.BB_CONFIG overrides the defaults', () => {
  const config = resolveConfig(
    { protocol: 'http:', hostname: 'localhost' },
    { identityUrl: 'https://id.example.org/', ingestUrl: 'wss://ingest.example.org/ws/ingest' },
  );
  assert.deepEqual(config, {
    identityUrl: 'https://id.example.org',
    ingestUrl: 'wss://ingest.example.org/ws/ingest',
    riskUrl: 'http://localhost:8084',
  });
});

test('login posts the credentials as JSON and keeps the returned tokens', async () => {
  const { fetchImpl, calls } = fakeFetch({ body: tokens(1, 15 * 60_000) });

  const session = await AccountSession.login({ identityUrl: IDENTITY, fetchImpl, now: () => NOW }, 'ada@example.org', 'pw-12345678');

  assert.deepEqual(calls.map(({ url, method, body }) => ({ url, method, body })), [
    { url: `${IDENTITY}/api/auth/login`, method: 'POST', body: { email: 'ada@example.org', password: 'pw-12345678' } },
  ]);
  assert.equal(calls[0].headers['Content-Type'], 'application/json');
  assert.equal(session.userId, tokens(1, 0).userId);
  assert.equal(await session.getToken({ rejected: false }), 'access-1');
  assert.equal(calls.length, 1, 'a fresh token is used without refreshing');
});

test('an access token close to expiry is refreshed with the refresh token first', async () => {
  const { fetchImpl, calls } = fakeFetch({ body: tokens(2, 15 * 60_000) });
  const session = new AccountSession({ identityUrl: IDENTITY, tokens: tokens(1, REFRESH_MARGIN_MS - 1), fetchImpl, now: () => NOW });

  assert.equal(await session.getToken({ rejected: false }), 'access-2');

  assert.deepEqual(calls.map(({ url, body }) => ({ url, body })), [{ url: `${IDENTITY}/api/auth/refresh`, body: { refreshToken: 'refresh-1' } }]);
  assert.equal(await session.getToken({ rejected: false }), 'access-2');
  assert.equal(calls.length, 1);
});

test('a token the server rejected (close 4001) is refreshed even if it looks valid', async () => {
  const { fetchImpl, calls } = fakeFetch({ body: tokens(2, 15 * 60_000) });
  const session = new AccountSession({ identityUrl: IDENTITY, tokens: tokens(1, 15 * 60_000), fetchImpl, now: () => NOW });

  assert.equal(await session.getToken({ rejected: true }), 'access-2');
  assert.equal(calls.length, 1);
});

test('concurrent callers share one refresh, so a rotated refresh token is never reused', async () => {
  const { fetchImpl, calls } = fakeFetch({ body: tokens(2, 15 * 60_000) }, { body: tokens(3, 15 * 60_000) });
  const session = new AccountSession({ identityUrl: IDENTITY, tokens: tokens(1, 0), fetchImpl, now: () => NOW });

  const results = await Promise.all([session.getToken({ rejected: true }), session.getToken(), session.getToken({ rejected: true })]);

  assert.deepEqual(results, ['access-2', 'access-2', 'access-2']);
  assert.equal(calls.length, 1);
});

test('a problem+json error surfaces its detail', async () => {
  const problem = { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'Email or password is wrong.' };
  const { fetchImpl } = fakeFetch({ status: 401, body: problem });

  await assert.rejects(
    AccountSession.login({ identityUrl: IDENTITY, fetchImpl }, 'ada@example.org', 'nope'),
    (error) => error instanceof ApiError && error.status === 401 && error.message === 'Email or password is wrong.',
  );
});

test('authorised calls carry the bearer token', async () => {
  const { fetchImpl, calls } = fakeFetch({ body: { risk: 0.3, level: 'LOW', modelVersion: 2, windows: 4 } });

  const result = await postJson(fetchImpl, 'http://localhost:8084/model/score/u', { events: [] }, 'access-9');

  assert.equal(calls[0].headers.Authorization, 'Bearer access-9');
  assert.equal(result.level, 'LOW');
});

test('erasing the account sends DELETE /api/users/me with the bearer token, then status needs no token', async () => {
  const erasureId = '5d9f1c3a-8a0e-4d4b-9a51-2c1f6b0e7d42';
  const { fetchImpl, calls } = fakeFetch(
    { status: 202, body: { erasureId, userId: tokens(1, 0).userId, status: 'accepted' } },
    { body: { erasureId, services: { identity: '2024-11-24T12:00:01Z', 'event-logger': null }, complete: false } },
  );
  const session = new AccountSession({ identityUrl: IDENTITY, tokens: tokens(1, 15 * 60_000), fetchImpl, now: () => NOW });

  const accepted = await session.erase();
  const status = await erasureStatus(fetchImpl, IDENTITY, accepted.erasureId);

  assert.deepEqual(calls.map(({ url, method }) => ({ url, method })), [
    { url: `${IDENTITY}/api/users/me`, method: 'DELETE' },
    { url: `${IDENTITY}/api/erasures/${erasureId}`, method: 'GET' },
  ]);
  assert.equal(calls[0].headers.Authorization, 'Bearer access-1');
  assert.equal(calls[0].headers['Content-Type'], undefined, 'no body, no content type');
  assert.equal(calls[1].headers.Authorization, undefined);
  assert.equal(status.services.identity, '2024-11-24T12:00:01Z');
  assert.equal(status.complete, false);
});

test('an erasure refused while Redis is down surfaces the problem detail', async () => {
  const { fetchImpl } = fakeFetch({ status: 503, body: { title: 'Service Unavailable', detail: 'Erasure is unavailable; try again' } });
  const session = new AccountSession({ identityUrl: IDENTITY, tokens: tokens(1, 15 * 60_000), fetchImpl, now: () => NOW });

  await assert.rejects(session.erase(), (error) => error instanceof ApiError && error.status === 503
    && error.message === 'Erasure is unavailable; try again');
});

test('the page shows the risk engine\'s level, whatever its case, and no level it did not get', () => {
  assert.equal(levelName('HIGH'), 'high');
  assert.equal(levelName('MEDIUM'), 'medium');
  assert.equal(levelName('low'), 'low');
  // Never a level of its own from the risk: the thresholds are the deployment's.
  assert.equal(levelName(undefined), null);
  assert.equal(levelName('EXTREME'), null);
  assert.equal(levelName(0.99), null);
});

test('live frames show the session evidence with the engine\'s level, or nothing when absent', () => {
  assert.equal(evidenceSummary(0.97, 'HIGH'), 'session evidence: high (0.97)');
  assert.equal(evidenceSummary(0.2, 'LOW'), 'session evidence: low (0.20)');
  // Older servers send neither field; a level the page does not know is not shown.
  assert.equal(evidenceSummary(undefined, undefined), null);
  assert.equal(evidenceSummary(0.5, 'EXTREME'), null);
  assert.equal(evidenceSummary(Number.NaN, 'HIGH'), null);
});
