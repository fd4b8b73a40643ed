// #/checks : the health-service's checks and their latest result; a check's latency over its last 50 results.
import { api } from '../api.js';
import { Chart } from '../charts.js';
import { h, mount, note, panel } from '../dom.js';
import { ago, dateTime } from '../format.js';

export function render(ctx) {
    if (!ctx.config.sources.health) {
        mount(ctx.root, panel('Checks', note('Health checks are not configured: this alert-service has no health source.', 'muted not-configured')));
        return;
    }
    const body = h('div', null, note('loading…'));
    const detail = h('div');
    mount(ctx.root, panel('Checks', body), detail);
    let selected = null;
    let chart = null;
    ctx.onCleanup(() => chart && chart.destroy());

    const load = () => api.checks().then((checks) => {
        if (!ctx.alive()) return;
        const sorted = [...checks].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
        mount(body, sorted.length === 0 ? note('No checks defined.') : h('table', { class: 'grid clickable' },
            h('thead', null, h('tr', null, ['Name', 'Type', 'Status', 'Latency', 'Checked', 'Message'].map((t) => h('th', null, t)))),
            h('tbody', null, sorted.map((c) => {
                const status = c.last ? c.last.status : 'unknown';
                return h('tr', { dataset: { check: c.name, status }, class: c.name === selected ? 'selected' : null, onclick: () => open(c.name) },
                    h('td', null, c.name), h('td', null, c.type),
                    h('td', null, h('span', { class: `badge status-${status}` }, status)),
                    h('td', { class: 'num' }, c.last ? `${c.last.latency_ms} ms` : ''),
                    h('td', { title: c.last ? dateTime(c.last.checked_at) : '' }, c.last ? ago(c.last.checked_at) : 'never'),
                    h('td', { class: 'summary' }, c.last && c.last.message ? c.last.message : ''));
            }))));
    }).catch((e) => ctx.alive() && mount(body, note(e.message, 'error')));

    function open(name) {
        selected = name;
        body.querySelectorAll('tr[data-check]').forEach((tr) => tr.classList.toggle('selected', tr.dataset.check === name));
        if (chart) chart.destroy();
        const box = h('div');
        const list = h('div', null, note('loading results…'));
        mount(detail, panel(`${name}: last 50 results`, box, list));
        chart = new Chart(box, 'latency', 'Latency', 'ms');
        api.checkResults(name, 50).then((results) => {
            if (!ctx.alive() || selected !== name) return;
            const pts = results.map((r) => [Date.parse(r.checked_at) / 1000, r.latency_ms]);
            chart.setSeries([{ key: name, name: 'latency', points: pts }]);
            mount(list, h('table', { class: 'grid' },
                h('thead', null, h('tr', null, ['Checked', 'Status', 'Latency', 'Message'].map((t) => h('th', null, t)))),
                h('tbody', null, results.map((r) => h('tr', { dataset: { status: r.status } },
                    h('td', null, dateTime(r.checked_at)), h('td', null, h('span', { class: `badge status-${r.status}` }, r.status)),
                    h('td', { class: 'num' }, `${r.latency_ms} ms`), h('td', { class: 'summary' }, r.message || ''))))));
        }).catch((e) => ctx.alive() && mount(list, note(e.message, 'error')));
    }

    load();
    // No polling: a health alert changing is the sign that a check's status changed.
    let timer = null;
    ctx.onAlert((a) => {
        if (a && (a.rule === 'check-down' || (a.labels && a.labels.check))) {
            clearTimeout(timer);
            timer = setTimeout(() => { load(); if (selected) open(selected); }, 500);
        }
    });
    ctx.onCleanup(() => clearTimeout(timer));
}

const RANK = { down: 0, degraded: 1, unknown: 2, up: 3 };
function rank(c) {
    return RANK[c.last ? c.last.status : 'unknown'] ?? 2;
}
