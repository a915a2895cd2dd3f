// The public REST API, nothing else: the page's only data source. The API's URL is injected into index.html by the
// server that serves the page (WEB_API_URL), so the same files work locally and on the API's stage in AWS.
const apiUrl = new URL(document.querySelector('meta[name="beatgen-api"]').content.replace(/\/?$/, '/'), document.baseURI);

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
  }
}

async function call(path, options = {}) {
  const response = await fetch(new URL(path, apiUrl), options);
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(response.status, body);
  }
  return body;
}

/** One page of beats, newest first; `cursor` is the nextCursor of the page before. */
export function listBeats(filters, cursor, pageSize = 20) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value) query.set(name, value);
  }
  if (cursor) query.set('cursor', cursor);
  query.set('pageSize', String(pageSize));
  return call(`beats?${query}`);
}

export const stats = () => call('stats');

/** Every active template (the catalog has about 140: two pages of 100). */
export async function templates() {
  const items = [];
  for (let page = 1; page <= 10; page++) {
    const body = await call(`templates?pageSize=100&page=${page}`);
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) break;
  }
  return items;
}

// A beat's detail holds presigned audio URLs that expire (audio.expiresAt): kept until shortly before then.
const details = new Map();
const MARGIN_MS = 30_000;

export async function beat(id, { fresh = false } = {}) {
  const cached = details.get(id);
  if (!fresh && cached && Date.parse(cached.audio.expiresAt) - MARGIN_MS > Date.now()) {
    return cached;
  }
  const detail = await call(`beats/${encodeURIComponent(id)}`);
  details.set(id, detail);
  return detail;
}

/** Judges one take ('primary' or 'alternate'): 'keep', 'skip' or 'unrated'. Admin only. */
export function rate(id, take, rating, token) {
  return call(`beats/${encodeURIComponent(id)}/ratings/${take}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ rating }),
  });
}
