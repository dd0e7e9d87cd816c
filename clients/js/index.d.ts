// Types of @ghostide/realtime-client (hand-written; the library is plain ES modules).

/** Every message, both directions, both transports. */
export interface Envelope<T = unknown> {
  type: string;
  timestamp: string;
  session_id: string;
  /** On session messages only; replies to one connection have none. */
  seq?: number;
  data: T;
}

export type Status = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface StatusDetail {
  /** Failed tries since the connection was last live. */
  attempt: number;
  /** With 'reconnecting': the close code and reason (the server's disconnect frame's when it sent one). */
  code?: number;
  reason?: string;
  /** With 'reconnecting': milliseconds until the next try. */
  delay?: number;
  /** With 'reconnecting': whether the connection that went away had been live. */
  wasLive?: boolean;
}

export type RunStatus = 'ok' | 'runtime_error' | 'compilation_error' | 'timed_out' | 'output_limit_exceeded'
  | 'memory_limit_exceeded' | 'killed' | 'stopped';

export interface ExecutionResult {
  stdout: string;
  stderr: string;
  exit_code: number;
  /** Seconds. */
  execution_time: number;
  timed_out: boolean;
  status: RunStatus;
  truncated: boolean;
  /** The user who stopped the run, when it was stopped. */
  stopped_by?: string;
}

export interface ExecutionOutput {
  execution_id: string;
  output: string;
  stream: 'stdout' | 'stderr';
}

/** The session snapshot a `reset` hands on: the state as of `seq`. */
export interface SessionState {
  epoch: string;
  seq: number;
  /** Absent when the server sends no snapshot (a server before protocol version 3). */
  files?: Array<{ file_name: string; language?: string; version?: number; size?: number; saved_at?: string }>;
  runs?: Array<{ execution_id: string; status: string; language: string; started_at: string; transcript_next: number }>;
  users?: Array<{ user: string; connections: Array<{ connection_id: string; transport: string; joined_at: string }> }>;
}

export interface ResumePosition {
  epoch: string | null;
  seq: number;
}

export interface RealtimeClientOptions {
  /** The server, e.g. "http://127.0.0.1:8000"; in a browser the page's own origin by default. */
  baseUrl?: string;
  /** Matches ^[A-Za-z0-9_-]{1,64}$. */
  sessionId: string;
  /** 'raw' (default): plain JSON at /ws/{session}; 'stomp': STOMP 1.2 at /stomp. */
  transport?: 'raw' | 'stomp';
  /** A JWT, or a function giving one, called before every connection and on token_expiring. */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** The presence name in `none` mode (the server takes the token's `sub` in `jwt` mode). */
  name?: string;
  /** A WebSocket constructor: the browser's by default; in Node 20 the ws package's. */
  WebSocket?: new (url: string) => unknown;
  /** For the REST calls: the global fetch by default. */
  fetch?: typeof globalThis.fetch;
  /** Where to resume from, e.g. a `resumePosition` kept from an earlier client. */
  position?: ResumePosition;
  /** Milliseconds: the first wait (500), the longest (10000), the growth (2) and the spread (0.2). */
  reconnect?: { initialDelay?: number; maxDelay?: number; factor?: number; jitter?: number };
  /** Milliseconds a connection may take to say where it starts (10000). */
  connectTimeout?: number;
  /** Milliseconds to wait for the session_state after a resume that was not recovered (2000). */
  stateTimeout?: number;
  /** Ask every connection for the session snapshot: a `session_state` message after it starts. */
  state?: boolean;
}

export interface RunOptions {
  code: string;
  language: string;
  /** Keep stdin open after `input` until eof() or the end of the run. */
  interactive?: boolean;
  /** Text given to stdin first. */
  input?: string;
  /** Seconds, 1 to 300 (the server's default is 30). */
  timeout?: number;
  /** Called for each execution_output of this run, from its first. */
  onOutput?: (data: ExecutionOutput, envelope: Envelope<ExecutionOutput>) => void;
}

export interface Run {
  /** The server's execution_id. */
  readonly id: string;
  /** The request_id this client sent (a UUID). */
  readonly requestId: string;
  readonly language: string;
  readonly interactive: boolean;
  /** Writes text to stdin; resolves once the server took it, rejects with a CommandError (404, 409, 413). */
  input(text: string): Promise<void>;
  /** Closes stdin; as input(). */
  eof(): Promise<void>;
  /** SIGINT, then a kill after the server's grace; `done` then gives status "stopped". As input(). */
  stop(): Promise<void>;
  /** The result from execution_complete; rejects with a RunError on execution_error. */
  readonly done: Promise<ExecutionResult>;
}

export class RunError extends Error {
  /** HTTP-like code from the server, when it gave one. */
  code?: number;
  error?: string;
  detail?: string;
  executionId?: string;
  requestId?: string;
}

/** A command of `request()` (or a run's input or stop) that the server refused with an `error`. */
export class CommandError extends Error {
  /** HTTP-like: 400, 403, 404, 409, 413, 429, …; absent when the connection dropped before an answer. */
  code?: number;
  error?: string;
  detail?: string;
  /** The command's type, e.g. "save_file". */
  command: string;
  /** The request_id the library gave the command. */
  requestId: string;
  /** With 429: how long to wait before trying again. */
  retryAfterMs?: number;
}

export class HttpError extends Error {
  status: number;
  /** The RFC 9457 problem detail, when the server sent one. */
  problem: { type?: string; title?: string; status?: number; detail?: string; [key: string]: unknown } | null;
}

export type Handler<T = any> = (data: T, envelope: Envelope<T>) => void;

/** An `error` reply to this connection, or a refresh this client could not make. */
export interface ServerError {
  error: string;
  detail?: string;
  /** HTTP-like; absent when the token function failed during a refresh. */
  code?: number;
  /** The refused command's own request_id, when it had one and the server echoes it. */
  request_id?: string;
  /** Added by the client: which of its commands was refused ('execute_code', 'auth_refresh', or the type given to request()). */
  command?: string;
  retry_after_ms?: number;
}

export class RealtimeClient {
  constructor(options: RealtimeClientOptions);
  readonly sessionId: string;
  /** This connection's id when the server named it (the raw transport's connect frame); null on STOMP. */
  readonly connectionId: string | null;
  readonly status: Status | 'idle';
  /** The last session message handed on: where a later client may resume from. */
  readonly resumePosition: ResumePosition;

  on(type: 'status', handler: (status: Status, detail: StatusDetail) => void): () => void;
  on(type: 'reset', handler: (state: SessionState) => void): () => void;
  /** `envelope` is absent when the client itself could not refresh (the token function failed). */
  on(type: 'error', handler: (data: ServerError, envelope?: Envelope<ServerError>) => void): () => void;
  on(type: 'execution_output', handler: Handler<ExecutionOutput>): () => void;
  on(type: 'execution_complete', handler: Handler<{ execution_id: string; result: ExecutionResult }>): () => void;
  /** Any message type, or '*' for every message. */
  on(type: string, handler: Handler): () => void;

  /** Resolves once the first connection is live (it keeps trying until then); rejects if closed first. */
  connect(): Promise<void>;
  /** Resolves once execution_start names the run; rejects with a RunError when the server refuses it. */
  run(options: RunOptions): Promise<Run>;
  /** Opens a session file as a shared document: doc_open now, kept in step across reconnects. */
  openDocument(fileName: string, options?: SharedDocumentOptions): SharedDocument;
  /**
   * Sends {type, data} with a request_id of its own (when `data` is an object without one);
   * resolves once it is written to a live connection, to the request_id an `error` would echo.
   */
  send(type: string, data?: unknown): Promise<string | undefined>;
  /** Sends a command with a request_id of its own; resolves once the server took it, rejects with a CommandError. */
  request(type: 'presence', data?: Record<string, unknown>): Promise<{ session_id: string; users: NonNullable<SessionState['users']> }>;
  request(type: 'ping', data?: { timestamp?: string }): Promise<{ timestamp: string }>;
  request(type: string, data?: Record<string, unknown>): Promise<void>;
  /** For good: no reconnect; open promises reject. */
  close(): void;

  languages(): Promise<{ languages: Array<{ id: string; name: string; available: boolean; version?: string }> }>;
  listFiles(): Promise<{ session_id: string; files: Array<{ file_name: string; language?: string; size: number; saved_at: string }>; count: number }>;
  readFile(fileName: string): Promise<{ file_name: string; language?: string; size: number; saved_at: string; content: string }>;
  saveFile(fileName: string, content: string, options?: { language?: string }): Promise<{ file_name: string; language?: string; size: number; saved_at: string }>;
  deleteFile(fileName: string): Promise<null>;
  listRuns(): Promise<unknown>;
  transcript(executionId: string, options?: { from?: number }): Promise<{
    execution_id: string; session_id: string; language: string; status: string; complete: boolean;
    events: Array<{ index: number; kind: 'stdout' | 'stderr' | 'input'; text: string }>; next: number;
  }>;
  presence(): Promise<{ session_id: string; users: NonNullable<SessionState['users']> }>;
}

/** A ChangeSet in the JSON form of @codemirror/state (ChangeSet.toJSON()). */
export type ChangeSetJSON = Array<number | [number, ...string[]]>;

export interface DocumentUpdate {
  changes: ChangeSetJSON;
  clientID: string;
}

export interface Selection {
  anchor: number;
  head: number;
}

/** Another connection's `awareness` on the document. */
export interface Peer {
  user: string;
  connection_id: string;
  file_name: string;
  selection?: Selection | null;
  status?: string | null;
}

export interface SharedDocumentOptions {
  /** Least time between two pushes, ms (50: under the server's doc_push rate). */
  pushInterval?: number;
  /** Least time between two awareness messages, ms (100). */
  awarenessInterval?: number;
  /** The largest doc_push sent, UTF-8 bytes of its data (60 KiB: under the server's 64 KB frames). */
  maxPushBytes?: number;
}

/** The editor side of a SharedDocument; the CodeMirror binding makes one. */
export interface DocumentSource {
  readonly clientID: string;
  /** The unconfirmed local updates, rebased on everything received. */
  sendable(): DocumentUpdate[];
  /** Updates the server ordered (this editor's own among them), in order, each once. */
  receive(updates: DocumentUpdate[]): void;
  /** The document was opened again (after a reset): move onto `text`, rebasing what is unconfirmed. */
  resync(text: string): void;
  /** The unconfirmed updates were refused: drop them and move back onto the server's text. */
  discard(): void;
}

export class SharedDocument {
  readonly fileName: string;
  /** The server's version this side has applied up to; null before the first doc_state. */
  readonly version: number | null;
  /** The text the next bound editor starts from; null before the first doc_state. */
  readonly text: string | null;
  /** This connection's id: the client's, else learnt from its own awareness coming back (STOMP); null until known. */
  readonly ownConnection: string | null;
  /** The other connections' last awareness on this document, by connection id. */
  readonly peers: Map<string, Peer>;
  /** Resolves with the first doc_state. */
  readonly opened: Promise<{ text: string; version: number }>;
  on(type: 'state', handler: (state: { text: string; version: number }) => void): () => void;
  on(type: 'peers', handler: (peers: Map<string, Peer>) => void): () => void;
  /**
   * A push refused for good (400, 403, 413, 507 from the server, or 413 "Push too large" from the
   * library for one edit past maxPushBytes): the unconfirmed edits were undone in the editor.
   */
  on(type: 'error', handler: (error: ServerError) => void): () => void;
  bind(source: DocumentSource | null): void;
  /** The bound editor has new unconfirmed updates. */
  changed(): void;
  /** Sends this connection's selection (and status) to the others; the latest one, throttled. */
  setSelection(selection: Selection | null, status?: string): void;
  close(): void;
}

/**
 * The CodeMirror functions the binding uses, from the caller's own @codemirror/state,
 * @codemirror/collab and (for collabExtension) @codemirror/view:
 * `{ ...await import('@codemirror/state'), ...await import('@codemirror/collab'), ...await import('@codemirror/view') }`.
 */
export interface CodeMirrorParts {
  EditorState?: any; ChangeSet: any; Text: any; Transaction?: any; StateField?: any; StateEffect?: any;
  collab: any; receiveUpdates: any; sendableUpdates: any; getClientID: any;
  ViewPlugin?: any; Decoration?: any; WidgetType?: any; EditorView?: any;
}

/** An EditorState on the document without a view; resolves once the document opened. */
export function collabState(doc: SharedDocument, cm: CodeMirrorParts, options?: { extensions?: unknown[]; clientID?: string }): Promise<{
  readonly state: any;
  /** A local change (a TransactionSpec); it is pushed. */
  dispatch(spec: unknown): void;
}>;

/** The extensions that make an EditorView (created with `doc.text`) edit with the others and draw their selections. */
export function collabExtension(doc: SharedDocument, cm: CodeMirrorParts, options?: {
  clientID?: string;
  /** A peer's colour (CSS). */
  colorOf?: (peer: Peer) => string;
  /** A peer's label. */
  nameOf?: (peer: Peer) => string;
}): unknown[];
