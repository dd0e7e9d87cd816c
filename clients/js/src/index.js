export { RealtimeClient } from './client.js';
export { RunError } from './runs.js';
export { HttpError } from './rest.js';
export { CommandError } from './commands.js';
