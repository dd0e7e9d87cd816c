import { authHeaders } from './auth.js';

// The REST side of the contract. The shapes of the language and file lists are read
// leniently (a bare array or an object holding one), since the page must not break on them.

/** Used when GET /api/v1/languages does not answer: the contract's five languages. */
export const DEFAULT_LANGUAGES = [
  { id: 'python', name: 'Python' },
  { id: 'javascript', name: 'JavaScript' },
  { id: 'java', name: 'Java' },
  { id: 'c', name: 'C' },
  { id: 'cpp', name: 'C++' },
];

export class HttpError extends Error {
  constructor(status, title) {
    super(title ? `${title} (HTTP ${status})` : `HTTP ${status}`);
    this.status = status;
  }
}

async function request(url, options = {}) {
  const response = await fetch(url, { ...options, headers: { Accept: 'application/json, text/plain;q=0.5', ...authHeaders(), ...options.headers } });
  if (!response.ok) {
    let title = response.statusText;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      // a problem detail (RFC 9457) says what went wrong in words
      const problem = await response.json().catch(() => ({}));
      title = problem.detail ?? problem.title ?? title;
    }
    throw new HttpError(response.status, title);
  }
  return response;
}

async function getJson(url) {
  return (await request(url)).json();
}

function listIn(body, ...keys) {
  if (Array.isArray(body)) return body;
  for (const key of keys) if (Array.isArray(body?.[key])) return body[key];
  if (body && typeof body === 'object') {
    // a map keyed by name: {"python": {...}} or {"python": true}
    return Object.entries(body)
      .filter(([, value]) => value === true || (value && typeof value === 'object' && !Array.isArray(value)))
      .map(([key, value]) => (value === true ? { id: key } : { id: key, ...value }));
  }
  return [];
}

/** {languages: [{id, name, version}], fromServer} */
export async function loadLanguages() {
  try {
    const body = await getJson('/api/v1/languages');
    const languages = listIn(body, 'languages', 'items', 'data')
      .map((item) => (typeof item === 'string' ? { id: item } : item))
      .filter((item) => item && (item.available ?? item.installed ?? true) !== false)
      .map((item) => {
        const id = item.id ?? item.language ?? item.name ?? item.key;
        const known = DEFAULT_LANGUAGES.find((language) => language.id === id);
        return { id, name: item.display_name ?? item.displayName ?? item.label ?? known?.name ?? id, version: item.version };
      })
      .filter((language) => typeof language.id === 'string');
    if (languages.length > 0) return { languages, fromServer: true };
    return { languages: DEFAULT_LANGUAGES, fromServer: false, why: 'the server lists no language' };
  } catch (error) {
    return { languages: DEFAULT_LANGUAGES, fromServer: false, why: error.message };
  }
}

const filesUrl = (sessionId) => `/api/v1/sessions/${encodeURIComponent(sessionId)}/files`;

/** [{name, language, savedAt, size}] */
export async function loadFiles(sessionId) {
  const body = await getJson(filesUrl(sessionId));
  return listIn(body, 'files', 'items', 'data')
    .map((item) => (typeof item === 'string' ? { file_name: item } : item))
    .map((item) => ({
      name: item.file_name ?? item.name ?? item.fileName ?? item.id,
      language: item.language,
      savedAt: item.saved_at ?? item.updated_at ?? item.modified_at ?? item.created_at,
      size: item.size ?? item.size_bytes,
    }))
    .filter((file) => typeof file.name === 'string');
}

/** {content, language} of one saved file. */
export async function loadFile(sessionId, name) {
  const response = await request(`${filesUrl(sessionId)}/${encodeURIComponent(name)}`);
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    const body = await response.json();
    return { content: String(body.content ?? body.data?.content ?? ''), language: body.language };
  }
  return { content: await response.text() };
}

/** GET /ws/status plus this session's own count; either may be refused (/ws/status is for admins in jwt mode). */
export async function loadStats(sessionId) {
  const [status, session] = await Promise.allSettled([
    getJson('/ws/status'),
    getJson(`/ws/sessions/${encodeURIComponent(sessionId)}/connections`),
  ]);
  if (status.status === 'rejected' && session.status === 'rejected') throw status.reason;
  return {
    total: status.value?.total_connections,
    sessions: status.value?.session_count ?? status.value?.active_sessions?.length,
    here: session.value?.connection_count,
  };
}

/** [{user, connections: [{connection_id, transport, joined_at}]}] from GET /ws/sessions/{id}/presence. */
export async function loadPresence(sessionId) {
  const body = await getJson(`/ws/sessions/${encodeURIComponent(sessionId)}/presence`);
  return Array.isArray(body?.users) ? body.users : [];
}
