import WebSocket from 'ws';
import { RealtimeClient } from '@ghostide/realtime-client';

const baseUrl = process.env.GHOSTIDE_URL ?? 'http://127.0.0.1:8000';
const client = new RealtimeClient({ baseUrl, sessionId: 'demo', WebSocket });
client.on('execution_output', (data) => process.stdout.write(data.output));
await client.connect();
const run = await client.run({ language: 'python', code: 'print("hello from the sandbox")' });
const result = await run.done;
console.log(`exit code ${result.exit_code}`);
client.close();
