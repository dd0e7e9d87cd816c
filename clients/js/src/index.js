export { RealtimeClient } from './client.js';
export { RunError } from './runs.js';
export { HttpError } from './rest.js';
export { SharedDocument } from './document.js';
export { collabState, collabExtension } from './codemirror.js';
export { CommandError } from './commands.js';
