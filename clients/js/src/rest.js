/** A REST call the server answered with an error: `status`, and the problem detail's words. */
export class HttpError extends Error {
  constructor(status, title, problem) {
    super(title ? `${title} (HTTP ${status})` : `HTTP ${status}`);
    this.name = 'HttpError';
    this.status = status;
    this.problem = problem;
  }
}

/** The REST side of the contract for one session, with the client's token. */
export class Rest {
  constructor({ baseUrl, sessionId, token, fetch }) {
    this.baseUrl = baseUrl;
    this.sessionId = sessionId;
    this.token = token; // async () => string | undefined
    this.fetch = fetch;
  }

  async request(path, { method = 'GET', body, headers = {} } = {}) {
    if (!this.fetch) throw new Error('no fetch: pass one as the fetch option');
    const token = await this.token();
    const response = await this.fetch(`${this.baseUrl}${path}`, {
      method,
      body,
      headers: {
        Accept: 'application/json, application/problem+json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
    });
    if (!response.ok) {
      let problem = null;
      if ((response.headers.get('content-type') ?? '').includes('json')) {
        // a problem detail (RFC 9457) says what went wrong in words
        problem = await response.json().catch(() => null);
      }
      throw new HttpError(response.status, problem?.detail ?? problem?.title ?? response.statusText, problem);
    }
    return response.status === 204 ? null : response.json();
  }

  files(name) {
    const base = `/api/v1/sessions/${encodeURIComponent(this.sessionId)}/files`;
    return name == null ? base : `${base}/${encodeURIComponent(name)}`;
  }
}

/** The calls RealtimeClient offers, each one request. */
export const restCalls = {
  /** GET /api/v1/languages */
  languages() {
    return this.rest.request('/api/v1/languages');
  },

  /** GET the session's files: {session_id, files: [{file_name, language, size, saved_at, …}], count} */
  listFiles() {
    return this.rest.request(this.rest.files());
  },

  /** GET one file: {file_name, language, size, saved_at, content, …} */
  readFile(fileName) {
    return this.rest.request(this.rest.files(fileName));
  },

  /** PUT one file; the session hears file_saved, session_update and the on_save hook. */
  saveFile(fileName, content, { language } = {}) {
    return this.rest.request(this.rest.files(fileName), {
      method: 'PUT',
      body: JSON.stringify(language != null ? { content, language } : { content }),
      headers: { 'Content-Type': 'application/json' },
    });
  },

  /** DELETE one file. */
  deleteFile(fileName) {
    return this.rest.request(this.rest.files(fileName), { method: 'DELETE' });
  },

  /** GET /api/v1/sessions/{id}/executions: the session's retained runs, newest first. */
  listRuns() {
    return this.rest.request(`/api/v1/sessions/${encodeURIComponent(this.sessionId)}/executions`);
  },

  /** GET a run's transcript from event `from`: {events: [{index, kind, text}], next, complete, …} */
  transcript(executionId, { from = 0 } = {}) {
    return this.rest.request(`/api/v1/executions/${encodeURIComponent(executionId)}/transcript?from=${from}`);
  },

  /** GET /ws/sessions/{id}/presence: {session_id, users} */
  presence() {
    return this.rest.request(`/ws/sessions/${encodeURIComponent(this.sessionId)}/presence`);
  },
};
