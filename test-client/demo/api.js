// The demo's HTTP side: where the services are, and an account session that keeps a
// fresh access token for the SDK's getToken. No DOM here, so it runs under Node's tests.

/** Refresh this long before the access token expires, so a connect never races the expiry. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * Service base URLs: `window.BB_CONFIG` when the server provides /demo/config.js,
 * otherwise the default ports on the page's own host.
 * @param {{protocol: string, hostname: string}} location
 * @param {{identityUrl?: string, ingestUrl?: string, riskUrl?: string} | undefined} config
 */
export function resolveConfig(location, config = {}) {
  const secure = location.protocol === 'https:';
  const http = (port) => `${secure ? 'https' : 'http'}://${hostForUrl(location.hostname)}:${port}`;
  const ws = `${secure ? 'wss' : 'ws'}://${hostForUrl(location.hostname)}:8082/ws/ingest`;
  return {
    identityUrl: trimSlash(config.identityUrl ?? http(8081)),
    ingestUrl: config.ingestUrl ?? ws,
    riskUrl: trimSlash(config.riskUrl ?? http(8084)),
  };
}

function hostForUrl(hostname) {
  // An IPv6 literal needs brackets inside a URL.
  return hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
}

function trimSlash(url) {
  return url.replace(/\/+$/, '');
}

/** An error response, carrying the RFC 9457 problem `detail` when the server sent one. */
export class ApiError extends Error {
  constructor(status, message, problem) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/**
 * POSTs JSON and returns the parsed JSON answer, or throws ApiError with the problem's
 * `detail` (or `title`, or the status line) as its message.
 */
export function postJson(fetchImpl, url, body, accessToken) {
  return requestJson(fetchImpl, 'POST', url, body, accessToken);
}

/** Like {@link postJson} with any method; an empty answer gives null. */
export async function requestJson(fetchImpl, method, url, body, accessToken) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  let response;
  try {
    response = await fetchImpl(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, `Cannot reach ${new URL(url).origin} (${error.message}). Is the service running, and does it allow this origin (CORS)?`);
  }
  const text = await response.text();
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): fall back to the status line below.
  }
  if (!response.ok) {
    const message = parsed?.detail || parsed?.title || `${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, message, parsed);
  }
  return parsed;
}

/**
 * Progress of an account erasure: `{erasureId, services: {name: doneAt | null}, complete}`. The
 * erasure id is the only credential, so this works after the account (and its tokens) is gone.
 */
export function erasureStatus(fetchImpl, identityUrl, erasureId) {
  return requestJson(fetchImpl, 'GET', `${identityUrl}/api/erasures/${encodeURIComponent(erasureId)}`);
}

/** Epoch milliseconds from an ISO instant, epoch seconds or epoch milliseconds. */
export function toEpochMs(value) {
  if (typeof value === 'number') return value < 1e12 ? value * 1000 : value;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? 0 : parsed;
}

/**
 * The page's name ('low', 'medium', 'high') for the risk engine's level, or null when there is
 * none. The engine's thresholds are the deployment's (`bb.risk.levels`), so the page shows its
 * level and never derives one from the risk itself.
 */
export function levelName(level) {
  const name = typeof level === 'string' ? level.toLowerCase() : '';
  return ['low', 'medium', 'high'].includes(name) ? name : null;
}

/**
 * The line the page shows for a live frame's session evidence (the CUSUM over the whole
 * session, which rises after a mid-session takeover before the windowed risk does), or null
 * when the frame carries none or an unknown level.
 */
export function evidenceSummary(evidenceRisk, evidenceLevel) {
  const name = levelName(evidenceLevel);
  if (name === null || typeof evidenceRisk !== 'number' || !Number.isFinite(evidenceRisk)) return null;
  return `session evidence: ${name} (${Math.min(1, Math.max(0, evidenceRisk)).toFixed(2)})`;
}

/**
 * A logged-in account. `getToken` is what the SDK calls before every connection: it
 * refreshes when the access token is close to expiry or the server rejected it.
 * Refresh tokens rotate on every use and a reused one revokes the whole family, so
 * concurrent callers share one refresh instead of racing.
 */
export class AccountSession {
  #fetch;
  #now;
  #identityUrl;
  #tokens;
  #refreshing = null;

  constructor({ identityUrl, tokens, fetchImpl = globalThis.fetch.bind(globalThis), now = Date.now }) {
    this.#identityUrl = identityUrl;
    this.#tokens = tokens;
    this.#fetch = fetchImpl;
    this.#now = now;
  }

  static async register(options, email, password) {
    return AccountSession.#authenticate('register', options, email, password);
  }

  static async login(options, email, password) {
    return AccountSession.#authenticate('login', options, email, password);
  }

  static async #authenticate(action, options, email, password) {
    const fetchImpl = options.fetchImpl ?? globalThis.fetch.bind(globalThis);
    const tokens = await postJson(fetchImpl, `${options.identityUrl}/api/auth/${action}`, { email, password });
    return new AccountSession({ ...options, fetchImpl, tokens });
  }

  get userId() {
    return this.#tokens.userId;
  }

  get email() {
    return this.#tokens.email;
  }

  /**
   * Asks identity to erase this account and its data in every service. Resolves to
   * `{erasureId, userId, status}`; follow it with {@link erasureStatus}. The tokens stop
   * working at once, and the ingestor closes the SDK's socket with 4403.
   */
  async erase() {
    const token = await this.getToken();
    return requestJson(this.#fetch, 'DELETE', `${this.#identityUrl}/api/users/me`, undefined, token);
  }

  /** @param {{rejected?: boolean}} [request] as passed by the SDK */
  async getToken(request = {}) {
    const expiresAt = toEpochMs(this.#tokens.accessTokenExpiresAt);
    if (!request.rejected && expiresAt - this.#now() > REFRESH_MARGIN_MS) return this.#tokens.accessToken;
    return this.#refresh();
  }

  #refresh() {
    if (this.#refreshing === null) {
      const { refreshToken } = this.#tokens;
      this.#refreshing = postJson(this.#fetch, `${this.#identityUrl}/api/auth/refresh`, { refreshToken })
        .then((tokens) => {
          this.#tokens = tokens;
          return tokens.accessToken;
        })
        .finally(() => {
          this.#refreshing = null;
        });
    }
    return this.#refreshing;
  }
}
