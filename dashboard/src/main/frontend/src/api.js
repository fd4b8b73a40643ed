// The alert-service API (same origin): every call carries the bearer token; errors become ApiError
// with the problem body's detail, so pages can show the server's own words.
import { token } from './auth.js';

export class ApiError extends Error {
    constructor(status, message) {
        super(message);
        this.status = status;
    }
}

let onUnauthorized = () => {};
/** Called on any 401: the token is missing, expired or refused. */
export function setUnauthorizedHandler(fn) {
    onUnauthorized = fn;
}

async function request(path, { method = 'GET', body, auth = true } = {}) {
    const headers = { Accept: 'application/json' };
    if (auth && token()) headers.Authorization = `Bearer ${token()}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let res;
    try {
        res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
        throw new ApiError(0, `cannot reach the server (${e.message})`);
    }
    const text = await res.text();
    let json = null;
    try {
        json = text ? JSON.parse(text) : null;
    } catch {
        // not JSON: a proxy's error page, or a static server without the API
    }
    if (!res.ok) {
        if (res.status === 401 && auth) onUnauthorized();
        const detail = json && (json.detail || json.message || json.title);
        const field = json && json.field ? ` (${json.field})` : '';
        throw new ApiError(res.status, detail ? `${detail}${field}` : `${method} ${path} answered HTTP ${res.status}`);
    }
    if (json === null && text) throw new ApiError(res.status, `${method} ${path} did not answer JSON`);
    return json;
}

function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
        if (v === undefined || v === null || v === '') continue;
        for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
    }
    const s = q.toString();
    return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

export const api = {
    config: () => request('/api/dashboard/config', { auth: false }),
    /** {items, next, limit}; without state: the open alerts. */
    alerts: (params = {}) => request(`/api/alerts${query(params)}`),
    /** {alert, history} */
    alert: (id) => request(`/api/alerts/${enc(id)}`),
    ack: (id, comment) => request(`/api/alerts/${enc(id)}/ack`, { method: 'POST', body: comment ? { comment } : {} }),
    silence: (matchers, endsAt, comment) => request('/api/silences', { method: 'POST', body: { matchers, endsAt, comment } }),
    /** {metric, from, to, step, series: [{labels, points: [{t, min, avg, max, last, count}]}]} */
    metric: (metric, labels, from, to, step) => request(`/api/metrics/query${query({ metric, labels, from, to, step })}`),
    hosts: () => request('/api/hosts'),
    checks: () => request('/api/sources/health/checks'),
    checkResults: (name, limit = 50) => request(`/api/sources/health/checks/${enc(name)}/results${query({ limit })}`),
    domains: () => request('/api/sources/domains/domains'),
    certificates: () => request('/api/sources/domains/certificates'),
};
