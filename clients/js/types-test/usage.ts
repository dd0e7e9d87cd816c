// Compiled by the build (tsc -p types-test, strict), never run: the API as a TypeScript user
// writes it. Each @ts-expect-error is a misuse the declarations must refuse; tsc fails when one
// of them compiles, as it does on any other type error.
import {
  CommandError, HttpError, RealtimeClient, RunError,
  type Envelope, type ExecutionResult, type Peer, type Run, type ServerError, type SessionState, type SharedDocument,
  type Status,
} from '@ghostide/realtime-client';
import { collabState, type CodeMirrorParts } from '@ghostide/realtime-client/codemirror';

export async function usage(): Promise<void> {
  const client = new RealtimeClient({
    baseUrl: 'http://127.0.0.1:8000',
    sessionId: 'demo',
    transport: 'stomp',
    token: async () => 'a.jwt.token',
    WebSocket,
    reconnect: { initialDelay: 100, maxDelay: 1000 },
    state: true,
  });
  const statuses: Status[] = [];
  const unsubscribe: () => void = client.on('status', (status, detail) => {
    statuses.push(status);
    const attempt: number = detail.attempt;
    if (detail.delay !== undefined && detail.wasLive === true) console.log(attempt + detail.delay);
  });
  unsubscribe();
  client.on('execution_output', (data, envelope: Envelope) => process(data.output + data.stream + envelope.seq));
  client.on('reset', (state: SessionState) => process(String(state.seq) + (state.files?.length ?? 0)));
  client.on('error', (data: ServerError, envelope) => process(data.error + (data.command ?? '') + (envelope?.type ?? '')));
  client.on('*', (_data, envelope) => process(envelope.type));

  await client.connect();
  const run: Run = await client.run({
    language: 'python', code: 'print(input())', interactive: true, timeout: 10,
    onOutput: (data) => process(data.execution_id),
  });
  const id: string = run.id;
  await run.input('ada\n');
  await run.eof();
  await run.stop();
  const result: ExecutionResult = await run.done;
  const exitCode: number = result.exit_code;
  process(id + exitCode + result.status);

  const requestId: string | undefined = await client.send('ghost_chat', { message: 'why?' });
  await client.request('save_file', { file_name: 'main.py', content: 'print(1)\n' });
  const here = await client.request('presence');
  process(here.session_id + here.users.map((user) => user.user).join());
  const pong = await client.request('ping', { timestamp: 'now' });
  process(pong.timestamp + (requestId ?? ''));

  const saved = await client.saveFile('main.py', 'print(1)\n', { language: 'python' });
  const file = await client.readFile(saved.file_name);
  const list = await client.listFiles();
  const deleted: null = await client.deleteFile('main.py');
  const transcript = await client.transcript(id, { from: 0 });
  const languages = await client.languages();
  const presence = await client.presence();
  await client.listRuns();
  process(file.content + list.count + String(deleted) + transcript.events.map((event) => event.kind).join()
    + languages.languages.length + presence.users.length);
  const position = client.resumePosition;
  process(`${position.epoch}:${position.seq}:${client.status}:${client.sessionId}`);

  const doc: SharedDocument = client.openDocument('notes.txt', { pushInterval: 100, maxPushBytes: 32 * 1024 });
  const opened = await doc.opened;
  process(opened.text + opened.version + doc.fileName + (doc.version ?? -1) + (doc.ownConnection ?? ''));
  doc.on('peers', (peers: Map<string, Peer>) => process([...peers.values()].map((peer) => peer.user + (peer.selection?.head ?? '')).join()));
  doc.on('error', (error: ServerError) => process(`${error.code} ${error.detail}`));
  doc.setSelection({ anchor: 0, head: 5 }, 'typing');
  const editor = await collabState(doc, {} as CodeMirrorParts);
  editor.dispatch({ changes: { from: 0, insert: 'hello ' } });
  doc.close();

  try {
    await client.request('save_file', { file_name: 'big.txt', content: '' });
  } catch (error) {
    if (error instanceof CommandError) process(`${error.command} ${error.requestId} ${error.code} ${error.retryAfterMs}`);
    if (error instanceof RunError) process(`${error.code} ${error.executionId}`);
    if (error instanceof HttpError) process(`${error.status} ${error.problem?.detail}`);
  }
  client.close();

  // @ts-expect-error a session id is required
  new RealtimeClient({ baseUrl: 'http://127.0.0.1:8000' });
  // @ts-expect-error the transports are 'raw' and 'stomp'
  new RealtimeClient({ sessionId: 's', transport: 'sockjs' });
  // @ts-expect-error code is a string
  await client.run({ language: 'python', code: 1 });
  // @ts-expect-error a handler is a function
  client.on('status', 'live');
  // @ts-expect-error an execution result has no "output"
  process(result.output);
  // @ts-expect-error input takes text
  await run.input(42);
  // @ts-expect-error a selection has an anchor and a head
  doc.setSelection({ from: 0 });
  // @ts-expect-error a document has no such event
  doc.on('update', () => {});
  // @ts-expect-error close gives nothing to await on
  (await client.close()).then();
}

function process(text: string): void {
  console.log(text);
}
