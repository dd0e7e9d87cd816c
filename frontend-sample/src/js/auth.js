// Who this page is to the server: an access token (for a server in jwt mode) and, for a
// server without tokens, a display name. Both come from the address (?token=, ?name=) or the
// Sign-in form and are kept for this browser tab only (sessionStorage). The token is taken
// out of the address at once, so a copied link never carries it.

const TOKEN_KEY = 'ghostide.token';
const NAME_KEY = 'ghostide.name';

function stored(key) {
  try {
    return sessionStorage.getItem(key) || null;
  } catch {
    return null; // storage may be off; the values then last as long as the page
  }
}

function store(key, value) {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    // see stored()
  }
}

export const identity = { token: stored(TOKEN_KEY), name: stored(NAME_KEY) };

/** Takes ?token= and ?name= from the address (and the token out of it). */
export function readIdentityFrom(url) {
  const token = url.searchParams.get('token');
  const name = url.searchParams.get('name');
  if (token !== null) {
    setIdentity({ token, name: name ?? identity.name });
    url.searchParams.delete('token');
    history.replaceState(null, '', url);
  } else if (name !== null) {
    setIdentity({ token: identity.token, name });
  }
}

export function setIdentity({ token, name }) {
  identity.token = token?.trim() || null;
  identity.name = name?.trim() || null;
  store(TOKEN_KEY, identity.token);
  store(NAME_KEY, identity.name);
}

/** The Authorization header for REST calls (none without a token). */
export const authHeaders = () => (identity.token ? { Authorization: `Bearer ${identity.token}` } : {});

// the token's claims, read for the page's own words only (the server checks the token)
function claims(token = identity.token) {
  try {
    return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return {};
  }
}

/** The token's expiry as a Date, or null. */
export function tokenExpiry(token = identity.token) {
  const { exp } = claims(token);
  return typeof exp === 'number' ? new Date(exp * 1000) : null;
}

/** Who the server will take this page for: the token's subject, else the name given. */
export function shownName() {
  const { sub } = identity.token ? claims() : {};
  return typeof sub === 'string' ? sub : identity.name;
}

/**
 * Why the server refuses this page, asked over REST with the same token after a WebSocket
 * closed before it opened (a browser does not show the upgrade's status): a sentence, or null
 * when the server does not refuse (it is down, or the refusal was about something else).
 */
export async function refusalReason(sessionId) {
  let status;
  try {
    status = (await fetch(`/ws/sessions/${encodeURIComponent(sessionId)}/presence`, { headers: authHeaders() })).status;
  } catch {
    return null;
  }
  return describeRefusal(status);
}

export function describeRefusal(status) {
  if (status === 401) {
    if (!identity.token) return 'the server needs an access token (401): sign in with one';
    const expiry = tokenExpiry();
    if (expiry && expiry.getTime() <= Date.now()) return `the access token expired at ${expiry.toLocaleTimeString()} (401): sign in with a fresh one`;
    return 'the server did not accept the access token (401): sign in with a valid one';
  }
  if (status === 403) return 'the access token does not give access to this session (403)';
  return null;
}
