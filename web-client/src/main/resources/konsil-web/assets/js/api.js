// REST client for /api/v1: bearer token, JSON in and out, problem+json errors as ApiError with the stable code.
import { getSession } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.code = (problem && problem.code) || `http-${status}`;
    this.problem = problem || {};
  }
}

export async function api(path, { method = 'GET', body, headers = {}, token, anonymous = false } = {}) {
  const jwt = anonymous ? null : token || (getSession() || {}).jwt;
  const h = { Accept: 'application/json, application/problem+json', ...headers };
  if (jwt) h.Authorization = `Bearer ${jwt}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { code: 'network', title: e.message });
  }
  const type = res.headers.get('content-type') || '';
  let data = null;
  if (res.status !== 204) data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { title: data });
  return data;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Idempotency keys make a retried booking (double click, flaky network) return the same appointment. */
export function newIdempotencyKey() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}
