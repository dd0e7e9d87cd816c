// GhostIDE Realtime sample page: wires the connection, the REST calls and the views.
import { $, h, toast } from './dom.js';
import { Connection, TRANSPORTS } from './connection.js';
import { loadLanguages, loadFiles, loadFile, loadStats, loadPresence } from './api.js';
import { identity, readIdentityFrom, setIdentity, shownName } from './auth.js';
import { Editor, SAMPLES, fileNameFor, languageOf, errorLineIn } from './editor.js';
import { PresenceView } from './presence.js';
import { OutputView } from './output.js';
import { ChatView } from './chat.js';
import { FilesView } from './files.js';
import { Sharing } from './sharing.js';
import { MessageLog } from './log.js';

const SESSION_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const STATS_EVERY_MS = 3000;
const ANSWER_WAIT_MS = 15000;

// ---- the session and transport come from the address, so a link opens the same session

const url = new URL(location.href);
let sessionId = url.searchParams.get('session');
let sessionNote = null;
if (sessionId !== null && !SESSION_PATTERN.test(sessionId)) {
  sessionNote = 'That session id is not valid (letters, digits, _ and -, at most 64): a fresh session was made instead.';
  sessionId = null;
}
if (!sessionId) {
  const random = crypto.getRandomValues(new Uint32Array(2));
  sessionId = `s-${[...random].map((n) => n.toString(36)).join('')}`;
  url.searchParams.set('session', sessionId);
  history.replaceState(null, '', url);
}
readIdentityFrom(url);
const initialTransport = url.searchParams.get('transport') in TRANSPORTS ? url.searchParams.get('transport') : 'stomp';

// ---- views

const log = new MessageLog($('log'), $('log-entries'), $('log-count'));
const output = new OutputView($('output'), $('run-status'));
const chat = new ChatView($('chat'), $('typing'));
const files = new FilesView($('file-list'), $('files-note'), openFile);
const editor = new Editor($('code'), { onRun: run, onSave: save, onChange: () => files.setDirty(isDirty()) });
const presence = new PresenceView($('people'), $('people-note'));
const languageSelect = $('language');
const fileNameInput = $('file-name');
const runButton = $('run');
const stopButton = $('stop');
const stdinForm = $('stdin-form');
const stdinInput = $('stdin');
const saveButton = $('save');
const chatSend = $('chat-send');

const connection = new Connection(sessionId, initialTransport);
// the open file, once it is a session file, is edited with every other tab that has it open
const sharing = new Sharing(editor, connection, {
  onOpeners: (openers) => files.setOpeners(openers),
  // the server's refusals are shown as every error is; the library's own (one edit too large to send) here
  onRefused: (error) => error.request_id == null && toast('Edit undone',
    'That edit is too large to share in one piece; paste it in smaller parts.', 'error'),
});
let pending = null; // the last command sent that waits for its first answer: {type, at}
let lastSeq = null;
let savedText = null; // the open file's text as last loaded or saved here: the editor differs = unsaved edits
let savedRequested = null; // the text of a save this tab sent, until its file_saved comes back
let ranFromHere = false; // the latest run is this editor's code, so its error lines point into it

$('session-id').textContent = sessionId;
$('session-id').title = sessionId;
editor.value = SAMPLES.python;

// ---- connection state, shown in the top bar and, when something is wrong, in a banner

const banner = $('banner');
let bannerTimer = null;
let countdown = null;

function showBanner(text, kind = 'error', hideAfter = 0) {
  clearTimeout(bannerTimer);
  banner.textContent = text;
  banner.dataset.kind = kind;
  banner.hidden = false;
  if (hideAfter) bannerTimer = setTimeout(() => { banner.hidden = true; }, hideAfter);
}

connection.addEventListener('state', ({ detail }) => {
  const pill = $('connection');
  const text = $('connection-text');
  const label = TRANSPORTS[detail.transport].label;
  pill.dataset.state = detail.state;
  pill.dataset.transport = detail.transport;
  pill.dataset.attempt = String(detail.attempt);
  if (detail.delay !== undefined) pill.dataset.retryDelay = String(detail.delay);
  else delete pill.dataset.retryDelay;
  document.querySelectorAll('[data-transport].segment').forEach((button) => {
    button.setAttribute('aria-pressed', String(button.dataset.transport === detail.transport));
  });
  clearInterval(countdown);
  if (detail.state !== 'live') {
    // the numbers of a connection that is gone would mislead; ask the server again
    $('stat-ping').textContent = '–';
    if (!detail.connecting) refreshStats();
  }
  switch (detail.state) {
    case 'connecting':
      text.textContent = `Connecting · ${label}…`;
      break;
    case 'live':
      text.textContent = `Live · ${label}`;
      pill.title = connection.connectionId ? `connection ${connection.connectionId}` : '';
      if (detail.reconnected) {
        const tries = detail.attempts + 1;
        reconnectedText = `Reconnected over ${label} after ${tries} ${tries === 1 ? 'try' : 'tries'}`;
        // replaced by what was recovered as soon as the server says (a server that resumes does)
        showBanner(`${reconnectedText}. Messages published while it was down did not reach this page.`, 'ok', 8000);
        log.note(`reconnected over ${label} after ${tries} tries`);
      } else if (banner.dataset.kind === 'error') {
        banner.hidden = true;
      }
      presence.setYou(shownName(), connection.connectionId);
      if (!languagesFromServer) fillLanguages();
      refreshStats();
      refreshFiles();
      refreshPresence();
      break;
    case 'refused':
      text.textContent = 'Refused';
      showBanner(`The server refused the connection: ${detail.reason}. Not retrying until you sign in again.`);
      log.note(`refused: ${detail.reason}`);
      $('identity').open = true;
      (identity.token ? $('identity-token') : $('identity-name')).focus();
      break;
    case 'reconnecting':
      if (detail.connecting) {
        text.textContent = `Reconnecting · ${label} (try ${detail.attempt + 1})…`;
        if (!banner.hidden && banner.dataset.kind === 'error') {
          showBanner(`No connection: ${connection.lostReason ?? 'the server cannot be reached'}. Trying again now (try ${detail.attempt + 1})…`);
        }
      } else {
        const until = performance.now() + detail.delay;
        const tick = () => {
          const left = Math.max(0, (until - performance.now()) / 1000);
          text.textContent = `Offline · retry in ${left.toFixed(1)} s`;
          showBanner(`${detail.attempt === 0 ? 'Lost the connection' : 'Still no connection'}: ${detail.reason}. `
            + `Reconnecting with backoff; next try in ${left.toFixed(1)} s (try ${detail.attempt + 1}).`);
        };
        tick();
        countdown = setInterval(tick, 200);
        if (detail.attempt === 0) log.note(`connection lost: ${detail.reason}`);
      }
      break;
    default:
      text.textContent = 'Offline';
      showBanner(`Not connected: ${detail.reason ?? 'no transport'}.`);
  }
  updateButtons();
});

let reconnectedText = null;
connection.addEventListener('resume', ({ detail }) => {
  const head = detail.reconnected && reconnectedText ? reconnectedText : `Resumed over ${connection.transportLabel}`;
  if (detail.recovered) {
    const count = `${detail.missed} ${detail.missed === 1 ? 'message' : 'messages'}`;
    showBanner(`${head}, ${count} recovered.`, 'ok', 8000);
    log.note(`resumed from seq ${detail.asked.since}: ${count} recovered`);
  } else {
    showBanner(`${head}, could not recover: reloaded files. Output published while it was away is not shown.`, 'info', 10000);
    log.note(`could not resume from seq ${detail.asked.since} (epoch ${detail.asked.epoch}, server at ${detail.epoch}/${detail.seq}): files reloaded`);
    refreshFiles();
    refreshPresence();
  }
  $('banner').dataset.recovered = String(detail.recovered);
});

connection.addEventListener('problem', ({ detail }) => {
  toast('Connection problem', detail.text, 'error');
  log.note(detail.text);
});

connection.addEventListener('latency', ({ detail }) => {
  $('stat-ping').textContent = `${detail.millis < 10 ? detail.millis.toFixed(1) : Math.round(detail.millis)} ms`;
});

connection.addEventListener('sent', ({ detail }) => log.sentCommand(detail.command));

connection.addEventListener('envelope', ({ detail }) => {
  const { envelope, channel } = detail;
  log.receivedEnvelope(envelope, channel);
  if (envelope.seq != null) trackSeq(envelope.seq);
  const data = envelope.data ?? {};
  switch (envelope.type) {
    case 'execution_start':
      answered('execute_code');
      ranFromHere = editor.value.startsWith(String(data.code_preview ?? '').slice(0, 100));
      output.start(data);
      break;
    case 'execution_output':
      output.append(data);
      break;
    case 'execution_input':
      output.input(data);
      break;
    case 'execution_complete':
      answered('execute_code');
      output.complete(data);
      markErrorLine(data.result);
      break;
    case 'execution_error':
      answered('execute_code');
      output.error(data);
      break;
    case 'ai_typing':
      answered('ghost_chat');
      chat.setTyping(data.is_typing === true);
      break;
    case 'ai_response_chunk':
      answered('ghost_chat');
      chat.chunk(data);
      break;
    case 'ai_response':
      answered('ghost_chat');
      chat.response(data);
      markGhostLine(data);
      break;
    case 'ai_error':
      answered('ghost_chat');
      chat.error(data);
      break;
    case 'hook_triggered':
      output.hook(data);
      break;
    case 'file_saved':
      answered('save_file');
      files.saved(data);
      fileSavedElsewhere(data);
      toast('Saved', `${data.file_name}${data.language ? ` (${data.language})` : ''} is stored in the session.`, 'ok', 3500);
      break;
    case 'session_update':
      sessionUpdated(data);
      break;
    case 'presence_join':
      presence.joined(data);
      break;
    case 'presence_leave':
      presence.left(data);
      break;
    case 'error':
      serverError(data, channel);
      break;
    default:
      // connect, disconnect and pong are handled by the connection; unknown types are only logged
  }
  updateButtons();
});

// the line a failed run names, in this editor's code
function markErrorLine(result = {}) {
  if (!ranFromHere || result.status === 'ok') return;
  const found = errorLineIn(result.stderr, languageSelect.value);
  if (found) editor.markLine(found.line, found.why);
}

// the line Ghost's advice names (its context), when Ghost speaks of the code in this editor
function markGhostLine({ message = {}, context }) {
  const about = message.context ?? context ?? {};
  const line = Number(about.line);
  if (!Number.isInteger(line) || line < 1) return;
  if (about.file && about.file !== fileNameInput.value.trim() && !ranFromHere) return;
  editor.markLine(line, `Ghost: ${String(message.content ?? '').split('\n')[0].slice(0, 120)}`);
}

// the file named here is edited with the others (and stored as it is edited)
function editsShared() {
  return sharing.shared && sharing.fileName === fileNameInput.value.trim();
}

function isDirty() {
  if (editsShared()) return false;
  return savedText === null ? !editor.holdsSample : editor.value !== savedText;
}

// another tab saved the file open here: load it, unless this tab has edits of its own
async function fileSavedElsewhere({ file_name: name }) {
  if (name !== fileNameInput.value.trim()) return;
  if (sharing.fileName === name) {
    // the document brought the saved text already (a doc_update by the saver)
    savedRequested = null;
  } else if (savedRequested === editor.value) {
    // our own save came back
    savedText = savedRequested;
    savedRequested = null;
  } else if (!isDirty()) {
    await openFile({ name });
    return;
  }
  files.setDirty(isDirty());
}

function trackSeq(seq) {
  if (lastSeq !== null && seq > lastSeq + 1) {
    log.note(`seq jumped from ${lastSeq} to ${seq}: ${seq - lastSeq - 1} message(s) published while this page was not subscribed`);
  } else if (lastSeq !== null && seq <= lastSeq) {
    log.note(`seq restarted at ${seq} (the server restarted or forgot the session)`);
  }
  lastSeq = seq;
  $('stat-seq').textContent = String(seq);
}

function answered(type) {
  if (pending?.type === type) pending = null;
}

const FRIENDLY = {
  400: 'The server did not accept the message',
  413: 'That is too large for the server',
  429: 'The server is busy',
  500: 'The server hit an error',
  501: 'This server does not do that yet',
};

function serverError({ error, detail, code }, channel) {
  const title = FRIENDLY[code] ?? error ?? 'Error';
  const text = `${detail || error || 'no detail'}${code ? ` (${code})` : ''}`;
  const about = channel === 'reply' && pending && performance.now() - pending.at < ANSWER_WAIT_MS ? pending.type : null;
  pending = null;
  // an answer to a run or a question shows where the answer was expected; anything else as a toast
  if (about === 'execute_code') output.problem(`${title}: ${text}`);
  else if (about === 'ghost_chat') chat.problem(`${title}: ${text}`);
  else toast(about ? `${title} (${about})` : title, text, 'error');
}

function sessionUpdated({ update_type: type, details = {} }) {
  if (type === 'file_deleted') files.removed(details.file_name ?? details.name);
  else if (typeof type === 'string' && type.startsWith('file_')) refreshFilesSoon();
}

function updateButtons() {
  const live = connection.live;
  const waitingForRun = pending?.type === 'execute_code';
  runButton.disabled = !live || output.running || waitingForRun;
  runButton.textContent = output.running || waitingForRun ? 'Running…' : '▶ Run';
  stopButton.hidden = !output.running;
  stopButton.disabled = !live;
  const typing = output.running && output.interactive;
  if (stdinForm.hidden === typing) {
    stdinForm.hidden = !typing;
    if (typing && ranFromHere) stdinInput.focus();
  }
  saveButton.disabled = !live;
  chatSend.disabled = !live;
  const why = live ? '' : 'Not connected';
  for (const button of [runButton, saveButton, chatSend]) button.title = why || button.dataset.title || '';
}
runButton.dataset.title = 'Run (Ctrl+Enter)';
saveButton.dataset.title = 'Save (Ctrl+S)';

// ---- commands

// sends a command, or tells the user it could not go
function sendOrTell(type, data) {
  if (connection.send(type, data)) return true;
  toast('Not connected', 'Wait until the connection is live again, then try once more.', 'error');
  return false;
}

function sendCommand(type, data) {
  if (!sendOrTell(type, data)) return false;
  pending = { type, at: performance.now() };
  setTimeout(() => {
    if (pending?.type === type && performance.now() - pending.at >= ANSWER_WAIT_MS - 50) {
      pending = null;
      toast('No answer', `The server did not answer ${type} within ${ANSWER_WAIT_MS / 1000} s.`, 'error');
      updateButtons();
    }
  }, ANSWER_WAIT_MS);
  updateButtons();
  return true;
}

function run() {
  if (runButton.disabled) return;
  // interactive: the program may ask for input, typed in the line under the output
  sendCommand('execute_code', { code: editor.value, language: languageSelect.value, interactive: true,
    request_id: crypto.randomUUID() });
}

// stop and input have no answer of their own: the session hears the run end, or the input echoed
function stopRun() {
  if (!output.running || !output.executionId) return;
  sendOrTell('execution_stop', { execution_id: output.executionId });
}

function sendInput(data, eof = false) {
  if (!output.running || !output.executionId) return;
  sendOrTell('execution_input', { execution_id: output.executionId, data, eof });
}

stopButton.addEventListener('click', stopRun);
document.addEventListener('keydown', (event) => {
  if ((event.ctrlKey || event.metaKey) && event.key === '.') {
    event.preventDefault();
    stopRun();
  }
});
stdinForm.addEventListener('submit', (event) => {
  event.preventDefault();
  sendInput(`${stdinInput.value}\n`);
  stdinInput.value = '';
});
$('stdin-eof').addEventListener('click', () => sendInput('', true));

function save() {
  const fileName = fileNameInput.value.trim();
  if (!fileName) {
    toast('No file name', 'Give the file a name before saving it.', 'error');
    fileNameInput.focus();
    return;
  }
  if (sendCommand('save_file', { file_name: fileName, content: editor.value, language: languageSelect.value })) {
    savedRequested = editor.value;
    // from now on the file is edited together (the save is stored before the document opens)
    if (sharing.fileName !== fileName) sharing.open(fileName).catch(() => {});
  }
}

$('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = $('chat-input');
  const message = input.value.trim();
  if (!message) return;
  const context = { code: editor.value, language: languageSelect.value, file_name: fileNameInput.value.trim() };
  if (sendCommand('ghost_chat', { message, context })) {
    chat.addYours(message);
    input.value = '';
  }
});
$('chat-input').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    $('chat-form').requestSubmit();
  }
});

runButton.addEventListener('click', run);
saveButton.addEventListener('click', save);
$('clear-output').addEventListener('click', () => output.clear());
$('clear-log').addEventListener('click', (event) => {
  event.preventDefault();
  log.clear();
});
document.querySelectorAll('.segment[data-transport]').forEach((button) => {
  button.addEventListener('click', () => {
    const name = button.dataset.transport;
    url.searchParams.set('transport', name);
    history.replaceState(null, '', url);
    log.note(`switching to ${TRANSPORTS[name].label}`);
    connection.switchTo(name);
  });
});
$('copy-link').addEventListener('click', async () => {
  const link = new URL(location.href);
  link.searchParams.delete('transport');
  try {
    await navigator.clipboard.writeText(link.href);
    toast('Link copied', 'Open it in another tab or browser to join this session.', 'ok', 3000);
  } catch {
    toast('Copy this link', link.href, 'info', 10000);
  }
});

// ---- languages and files (REST)

languageSelect.addEventListener('change', () => {
  const language = languageSelect.value;
  editor.setLanguage(language);
  if (!sharing.shared && editor.holdsSample && SAMPLES[language]) editor.value = SAMPLES[language];
  const current = fileNameInput.value.trim();
  if (!current || Object.keys(SAMPLES).some((id) => fileNameFor(id) === current)) fileNameInput.value = fileNameFor(language);
  unshareIfRenamed();
  files.setCurrent(fileNameInput.value.trim());
});
// a name other than the shared file's names a new file: sharing stops as the name changes, not
// when the field loses focus, so no edit made under the new name reaches the old file
function unshareIfRenamed() {
  if (sharing.fileName && fileNameInput.value.trim() !== sharing.fileName) sharing.close();
}
fileNameInput.addEventListener('input', unshareIfRenamed);
fileNameInput.addEventListener('change', () => {
  sharing.close(); // a new name is a new file: not shared until it is saved
  files.setCurrent(fileNameInput.value.trim());
  savedText = null; // a new name: nothing saved under it from here yet
  files.setDirty(false);
});

let languagesFromServer = false;
async function fillLanguages() {
  const { languages, fromServer, why } = await loadLanguages();
  languagesFromServer = fromServer;
  const previous = languageSelect.value || 'python';
  languageSelect.replaceChildren(...languages.map((language) =>
    h('option', { value: language.id }, languageLabel(language))));
  languageSelect.value = languages.some((language) => language.id === previous) ? previous : languages[0].id;
  languageSelect.dispatchEvent(new Event('change'));
  const note = $('language-note');
  note.textContent = fromServer ? '' : 'default list';
  note.title = fromServer ? '' : `The server did not list its languages (${why}); these are the contract's defaults.`;
}

let filesTimer = null;
function refreshFilesSoon() {
  clearTimeout(filesTimer);
  filesTimer = setTimeout(refreshFiles, 150);
}

async function refreshFiles() {
  try {
    files.setFiles(await loadFiles(sessionId));
    files.setNote('');
  } catch (error) {
    files.setNote(`Could not load the file list: ${error.message}.`);
  }
}

async function refreshPresence() {
  presence.snapshotRequested();
  try {
    presence.setSnapshot(await loadPresence(sessionId));
  } catch (error) {
    presence.snapshotFailed();
    presence.setNote(error.status === 404
      ? 'This server does not list who is here (no presence endpoint).'
      : `Could not load who is here: ${error.message}.`);
  }
}

let opening = null; // the openFile under way: {name, done}

// a click on the file open and shared here already, or a second click while it opens, changes
// nothing: loading it again would overwrite what is typed meanwhile and open its document anew
function openFile(file) {
  if (opening?.name === file.name) return opening.done;
  if (editsShared() && sharing.fileName === file.name) return Promise.resolve();
  const attempt = { name: file.name };
  attempt.done = loadAndShare(file, attempt).finally(() => {
    if (opening === attempt) opening = null;
  });
  opening = attempt;
  return attempt.done;
}

async function loadAndShare(file, attempt) {
  try {
    const { content, language } = await loadFile(sessionId, file.name);
    if (opening !== attempt) return; // another file was chosen meanwhile
    editor.value = content;
    savedText = content;
    fileNameInput.value = file.name;
    const chosen = language ?? file.language ?? languageOf(file.name);
    if ([...languageSelect.options].some((option) => option.value === chosen)) languageSelect.value = chosen;
    editor.setLanguage(languageSelect.value);
    files.setCurrent(file.name);
    await sharing.open(file.name);
    files.setDirty(false);
  } catch (error) {
    toast(`Could not open ${file.name}`, error.message, 'error');
  }
}
$('refresh-files').addEventListener('click', refreshFiles);

// ---- connection stats

async function refreshStats() {
  try {
    const stats = await loadStats(sessionId);
    $('stat-total').textContent = String(stats.total ?? '–');
    $('stat-sessions').textContent = String(stats.sessions ?? '–');
    $('stat-here').textContent = String(stats.here ?? '–');
    $('stats').dataset.state = 'ok';
  } catch {
    for (const id of ['stat-total', 'stat-sessions', 'stat-here', 'stat-ping']) $(id).textContent = '–';
    $('stats').dataset.state = 'unavailable';
  }
}
setInterval(() => document.visibilityState === 'visible' && refreshStats(), STATS_EVERY_MS);

// ---- who this page is: name and token

const identityForm = $('identity-form');
function showIdentity() {
  $('identity-name').value = identity.name ?? '';
  $('identity-token').value = identity.token ?? '';
  const name = shownName();
  $('identity-summary').textContent = identity.token ? `Signed in${name ? ` · ${name}` : ''}` : name ? `Name · ${name}` : 'Sign in';
  presence.setYou(name);
}
identityForm.addEventListener('submit', (event) => {
  event.preventDefault();
  setIdentity({ token: $('identity-token').value, name: $('identity-name').value });
  showIdentity();
  $('identity').open = false;
  log.note(identity.token ? 'connecting again with the new token' : 'connecting again');
  connection.restart();
});
$('identity-clear').addEventListener('click', () => {
  setIdentity({ token: null, name: null });
  showIdentity();
  $('identity').open = false;
  connection.restart();
});

// ---- start

if (sessionNote) showBanner(sessionNote, 'info', 8000);
showIdentity();
updateButtons();
fillLanguages();
refreshFiles();
refreshStats();
connection.start();
window.addEventListener('pagehide', () => connection.stopTransport());
document.title = `GhostIDE Realtime · ${sessionId}`;
// for scripts and tests (the browser tests cut the connection through it)
window.ghostide = { connection, editor, sharing };

/** "Python 3.11.2" from a name and a version that may already start with the name. */
function languageLabel({ name, version }) {
  if (!version) return name;
  return version.toLowerCase().startsWith(name.toLowerCase()) ? version : `${name} ${version}`;
}
