/** Resolves once `check()` is true, polling; rejects after `timeout` ms naming `what`. */
export async function until(check, what, timeout = 30000) {
  const deadline = Date.now() + timeout;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
