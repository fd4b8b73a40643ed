// Boots the dashboard: login, the live socket, the header, and the hash router over pages/*.
import './app.css';
import { api, setUnauthorizedHandler } from './api.js';
import { completeOidcLogin, logout, saveToken, session, startOidcLogin, takeTokenFromFragment, token } from './auth.js';
import { h, mount, note, panel } from './dom.js';
import { Live } from './live.js';
import { store } from './store.js';
import * as overview from './pages/overview.js';
import * as alerts from './pages/alerts.js';
import * as alert from './pages/alert.js';
import * as hosts from './pages/hosts.js';
import * as host from './pages/host.js';
import * as checks from './pages/checks.js';
import * as domains from './pages/domains.js';

const root = document.getElementById('app');
const userBox = document.getElementById('user');
const logoutButton = document.getElementById('logout');
const live = new Live(document.getElementById('connection'), () => token());
const alertListeners = new Set();
const pointListeners = new Set();
let config = null;
let page = null;
let expiryTimer = null;

/** Route table: a pattern over the hash path and the page that renders it. */
const ROUTES = [
    [/^\/$/, overview, 'overview'],
    [/^\/alerts$/, alerts, 'alerts'],
    [/^\/alerts\/(.+)$/, alert, 'alerts'],
    [/^\/hosts$/, hosts, 'hosts'],
    [/^\/hosts\/(.+)$/, host, 'hosts'],
    [/^\/checks$/, checks, 'checks'],
    [/^\/domains$/, domains, 'domains'],
];

live.on('hello', (f) => { userBox.title = `server time ${f.serverTime}`; })
    .on('snapshot', (f) => store.replaceAll(f.alerts))
    .on('alert', (f) => {
        if (!f.alert) return;
        store.upsert(f.alert);
        alertListeners.forEach((fn) => fn(f.alert));
    })
    .on('points', (f) => pointListeners.forEach((fn) => fn(f)))
    .on('error', (f) => toast(f.message || 'the server reported an error'))
    .on('closed', () => {
        const s = session();
        if (!s || s.expired) {
            showLogin(s && s.expired);
            return false;
        }
        return true;
    });

// A 401 means the token is gone, expired, or refused (another signing key, a revoked session): log in again.
setUnauthorizedHandler(() => {
    if (document.getElementById('login')) return; // a page's other requests fail the same way: the first one told
    const s = session();
    if (s && !s.expired) {
        logout();
        showLogin(false, 'the server refused this token — run ./vigil open again');
    } else {
        showLogin(!!s);
    }
});

function toast(text) {
    const t = h('div', { class: 'toast', role: 'status' }, text);
    document.body.append(t);
    setTimeout(() => t.remove(), 6000);
}

function route() {
    if (page) page.dispose();
    const path = (location.hash.replace(/^#/, '') || '/').split('?')[0];
    const [pattern, module, nav] = ROUTES.find(([p]) => p.test(path)) || [];
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.nav === nav));
    page = context();
    if (!module) {
        mount(root, panel('Not found', note(`No page at #${path}.`), h('a', { href: '#/' }, 'Overview')));
        return;
    }
    const params = pattern.exec(path).slice(1).map(decodeURIComponent);
    try {
        module.render(page, ...params);
    } catch (e) {
        mount(root, panel('Error', note(e.message, 'error')));
        console.error(e);
    }
}

/** What a page gets: where to draw, what it may do, and hooks that end when the page does. */
function context() {
    const cleanups = [];
    let alive = true;
    const listen = (set, fn) => {
        set.add(fn);
        cleanups.push(() => set.delete(fn));
    };
    return {
        root,
        config,
        session: session(),
        alive: () => alive,
        onCleanup: (fn) => cleanups.push(fn),
        onAlert: (fn) => listen(alertListeners, fn),
        onPoints: (fn) => listen(pointListeners, fn),
        watch: (hostNames) => {
            live.watch(hostNames);
            cleanups.push(() => live.watch([]));
        },
        dispose: () => {
            alive = false;
            cleanups.splice(0).forEach((fn) => fn());
        },
    };
}

function showUser(s) {
    mount(userBox, s ? [h('strong', null, s.user), ' ', s.roles.map((r) => h('span', { class: 'role' }, r))] : '');
    userBox.dataset.roles = s ? s.roles.join(',') : '';
    logoutButton.hidden = !s;
}

/** The login panel (#login): how to get a token, or the Keycloak button. */
function showLogin(expired = false, problem = null) {
    if (page) page.dispose();
    page = null;
    live.stop(expired ? 'session expired' : 'offline');
    window.removeEventListener('hashchange', route);
    if (expired) logout();
    showUser(null);
    const oidc = config && config.login === 'oidc';
    const error = h('p', { class: 'error' }, problem || '');
    const input = h('input', { id: 'token-input', type: 'password', autocomplete: 'off', placeholder: 'paste a token', size: 60 });
    const content = oidc
        ? [h('p', null, 'Log in with your Vigil account.'),
            h('button', { type: 'button', dataset: { action: 'oidc-login' }, onclick: () => startOidcLogin(config).catch((e) => mount(error, e.message)) }, 'Log in')]
        : [h('p', null, 'Run ', h('code', null, './vigil open'), ' on the Vigil machine and open the link it prints.'),
            h('form', { class: 'inline-form', onsubmit: (e) => {
                e.preventDefault();
                if (!input.value.trim()) return;
                saveToken(input.value);
                start();
            } }, h('label', { for: 'token-input' }, 'Or paste a token from ', h('code', null, './vigil token --role viewer'), ': '),
            input, h('button', { type: 'submit', dataset: { action: 'login' } }, 'Log in'))];
    mount(root, h('section', { id: 'login', class: `panel login${expired ? ' expired' : ''}` },
        h('h2', null, expired ? 'Session expired' : 'Log in'),
        expired ? h('p', { class: 'warning' }, oidc ? 'session expired — log in again' : 'session expired — run ./vigil open again') : null,
        error, ...content));
}

async function loadConfig() {
    try {
        const c = await api.config();
        return { login: c.login || 'token', authServerUrl: c.authServerUrl, clientId: c.clientId,
            sources: { health: !!(c.sources && c.sources.health), domains: !!(c.sources && c.sources.domains) } };
    } catch (e) {
        return { failed: e.message };
    }
}

async function start() {
    mount(root, note('Loading…'));
    const loaded = await loadConfig();
    if (loaded.failed) {
        // Without the config we cannot know the login kind: say what failed, offer a retry and the token login.
        config = { login: 'token', sources: { health: false, domains: false } };
        showLogin(false);
        document.getElementById('login').before(h('section', { id: 'config-error', class: 'panel error-panel' },
            h('h2', null, 'Cannot reach the Vigil API'),
            h('p', null, `Loading the dashboard settings failed: ${loaded.failed}.`),
            h('button', { type: 'button', dataset: { action: 'retry' }, onclick: start }, 'Retry')));
        return;
    }
    config = loaded;
    if (config.login === 'oidc') {
        try {
            await completeOidcLogin(config);
        } catch (e) {
            showLogin(false, e.message);
            return;
        }
    }
    const s = session();
    if (!s || s.expired) {
        showLogin(!!s);
        return;
    }
    showUser(s);
    clearTimeout(expiryTimer);
    if (s.exp) {
        // setTimeout overflows past ~24.8 days: such a token outlives the tab anyway.
        const left = s.exp * 1000 - Date.now();
        if (left < 2 ** 31 - 1) expiryTimer = setTimeout(() => showLogin(true), left);
    }
    document.querySelectorAll('#nav a[data-nav="checks"]').forEach((a) => a.classList.toggle('disabled', !config.sources.health));
    document.querySelectorAll('#nav a[data-nav="domains"]').forEach((a) => a.classList.toggle('disabled', !config.sources.domains));
    live.start();
    window.removeEventListener('hashchange', route);
    window.addEventListener('hashchange', route);
    route();
}

logoutButton.addEventListener('click', () => {
    logout();
    showLogin(false);
});

takeTokenFromFragment();
start();
