// Idle memory per connection of a server that is already running (any launch: spring-boot:run,
// java -jar, ...): opens N raw connections (20 per session) with clients that offer
// permessage-deflate as browsers do (or nothing, with --no-deflate), and reports the resident
// memory of process PID before and after, per connection.
//   node bench/driver/idle-memory.mjs PID PORT [N] [--no-deflate]
import { openClient, openMany, setOfferDeflate } from './clients.mjs';
import { rssKib, sleep, round } from './util.mjs';

const [pid, port, n = '5000'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
setOfferDeflate(!process.argv.includes('--no-deflate'));
const server = { ws: `ws://127.0.0.1:${port}` };
const count = Number(n);
const before = rssKib(pid);
const { clients, errors } = await openMany(count, 100, (i) => openClient(server, 'raw', `idle${Math.floor(i / 20)}`),
  Date.now() + 120_000);
await sleep(3000);
const after = rssKib(pid);
console.log(JSON.stringify({ opened: clients.length, failed: errors.length, extensions: clients[0]?.extensions || 'none',
  rss_before_kib: before, rss_after_kib: after, rss_per_connection_kib: round((after - before) / clients.length, 1) }));
for (const c of clients) c.terminate();
await sleep(500);
process.exit(0);
