// HS256 tokens for a server in jwt mode, signed with the secret it was given
// (GHOSTIDE_JWT_SECRET, set by the Maven build's JsClientLibraryJwtTests).
import { createHmac } from 'node:crypto';

const secret = process.env.GHOSTIDE_JWT_SECRET;
if (!secret) throw new Error('GHOSTIDE_JWT_SECRET is not set: these tests need a server in jwt mode (the Maven build starts one)');

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A token of `sub` with `role` for `sessions`, valid for `seconds` (negative: expired). */
export function token(sub, role, sessions, { seconds = 3600, key = secret } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ sub, role, sessions, iat: now, exp: now + seconds })}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
}
