// Who is logged in: the bearer token (sessionStorage "vigil.token"), taken from the #token= link that
// `./vigil open` prints, pasted by hand, or obtained from Keycloak with the authorization-code flow + PKCE.

export const TOKEN_KEY = 'vigil.token';
const OIDC_KEY = 'vigil.oidc';

export function token() {
    return sessionStorage.getItem(TOKEN_KEY);
}

export function saveToken(value) {
    sessionStorage.setItem(TOKEN_KEY, value.trim());
}

export function logout() {
    sessionStorage.removeItem(TOKEN_KEY);
}

/** The JWT's payload, or null when the text is not a readable JWT. Display only: the server checks the signature. */
export function decodeJwt(jwt) {
    const parts = (jwt || '').split('.');
    if (parts.length < 2) return null;
    try {
        const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
        const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
        const bin = atob(padded);
        const json = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
        return JSON.parse(json);
    } catch {
        return null;
    }
}

/** The current session: {token, user, roles, exp (epoch s), expired} or null when there is no token. */
export function session(now = Date.now()) {
    const t = token();
    if (!t) return null;
    const p = decodeJwt(t) || {};
    const roles = Array.isArray(p.groups) ? p.groups : [];
    const exp = typeof p.exp === 'number' ? p.exp : null;
    return {
        token: t,
        user: p.preferred_username || p.upn || p.sub || 'unknown',
        roles,
        exp,
        expired: exp !== null && exp * 1000 <= now,
        canOperate: roles.includes('operator') || roles.includes('admin'),
    };
}

/** Login "token": #token=<jwt> in the address bar logs in; the token leaves the address bar at once. */
export function takeTokenFromFragment() {
    const m = /^#token=([^&]+)/.exec(location.hash);
    if (!m) return false;
    saveToken(decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search + '#/');
    return true;
}

// ---- OIDC: authorization code + PKCE (S256) against Keycloak ----

function base64url(bytes) {
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(size = 32) {
    return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

async function discovery(authServerUrl) {
    const url = `${authServerUrl.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`OIDC discovery failed: ${url} answered ${res.status}`);
    return res.json();
}

function redirectUri() {
    return `${location.origin}/`;
}

/** Sends the browser to the login page of the issuer. */
export async function startOidcLogin(config) {
    if (!crypto.subtle) {
        throw new Error('PKCE needs a secure context: open the dashboard over https (or on localhost)');
    }
    const meta = await discovery(config.authServerUrl);
    const verifier = randomString(48);
    const state = randomString(16);
    const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    sessionStorage.setItem(OIDC_KEY, JSON.stringify({ verifier, state, back: location.hash || '#/' }));
    const q = new URLSearchParams({
        client_id: config.clientId,
        redirect_uri: redirectUri(),
        response_type: 'code',
        scope: 'openid',
        state,
        code_challenge: base64url(new Uint8Array(digest)),
        code_challenge_method: 'S256',
    });
    location.assign(`${meta.authorization_endpoint}?${q}`);
}

/**
 * On the return from the issuer (?code=&state=), exchanges the code for tokens and strips the
 * parameters from the address bar. Returns true when it logged in; throws when the exchange failed.
 */
export async function completeOidcLogin(config) {
    const params = new URLSearchParams(location.search);
    const code = params.get('code');
    const error = params.get('error');
    if (!code && !error) return false;
    const returnedState = params.get('state');
    const saved = JSON.parse(sessionStorage.getItem(OIDC_KEY) || 'null');
    sessionStorage.removeItem(OIDC_KEY);
    for (const k of ['code', 'state', 'session_state', 'iss', 'error', 'error_description']) params.delete(k);
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + (saved?.back || '#/'));
    if (error) throw new Error(`login refused by the issuer: ${error}`);
    return exchange(config, code, saved, returnedState);
}

async function exchange(config, code, saved, returnedState) {
    if (!saved || saved.state !== returnedState) {
        throw new Error('login answer does not match the request (state); log in again');
    }
    const meta = await discovery(config.authServerUrl);
    const res = await fetch(meta.token_endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: redirectUri(),
            client_id: config.clientId,
            code_verifier: saved.verifier,
        }),
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok || !body.access_token) {
        throw new Error(`token exchange failed: ${body.error_description || body.error || res.status}`);
    }
    saveToken(body.access_token);
    return true;
}
