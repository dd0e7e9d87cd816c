// Polls GET /ws/status from a process of its own, so that the driver's own work (closing ten
// thousand sockets) does not delay the polls: node poll-zero.mjs BASE_URL TIMEOUT_MS POLL_MS.
// Prints "ready", then, once total_connections and session_count read zero, the monotonic
// clock in microseconds (the driver's clock too) as JSON.
const [base, timeoutMs, pollMs] = process.argv.slice(2);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// wait for the driver's go on stdin, so that polling starts with the drop
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
const deadline = Date.now() + Number(timeoutMs);
let polls = 0;
for (;;) {
  polls++;
  try {
    const response = await fetch(`${base}/ws/status`, { signal: AbortSignal.timeout(2000) });
    const status = await response.json();
    if (status.total_connections === 0 && (status.session_count ?? 0) === 0) {
      process.stdout.write(`${JSON.stringify({ zero_us: nowUs(), polls })}\n`);
      process.exit(0);
    }
  } catch {
    // not answering yet: keep polling
  }
  if (Date.now() > deadline) {
    process.stdout.write(`${JSON.stringify({ zero_us: null, polls })}\n`);
    process.exit(0);
  }
  await sleep(Number(pollMs));
}
