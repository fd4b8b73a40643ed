// #/alerts : every alert the page knows (the live map), filtered here in the browser.
import { api } from '../api.js';
import { h, mount, note, panel } from '../dom.js';
import { store } from '../store.js';
import { alertTable } from './alertTable.js';

const filters = { state: '', severity: '', text: '' }; // kept while the page is open again

export function render(ctx) {
    const table = h('div');
    const info = h('span', { class: 'muted small' });
    const select = (name, options) => h('select', { name, dataset: { filter: name }, onchange: (e) => { filters[name] = e.target.value; draw(); if (name === 'state' && e.target.value === 'resolved') loadResolved(); } },
        options.map(([v, t]) => h('option', { value: v, selected: filters[name] === v }, t)));
    const text = h('input', { type: 'search', name: 'q', dataset: { filter: 'text' }, placeholder: 'rule, label or summary', value: filters.text,
        oninput: (e) => { filters.text = e.target.value; draw(); } });
    mount(ctx.root, panel('Alerts',
        h('div', { class: 'toolbar' },
            select('state', [['', 'open (all but resolved)'], ['firing', 'firing'], ['pending', 'pending'], ['acknowledged', 'acknowledged'], ['resolved', 'resolved']]),
            select('severity', [['', 'any severity'], ['critical', 'critical'], ['warning', 'warning']]),
            text, info),
        table));

    function matches(a) {
        if (filters.state ? a.state !== filters.state : a.state === 'resolved') return false;
        if (filters.severity && a.severity !== filters.severity) return false;
        const q = filters.text.trim().toLowerCase();
        if (!q) return true;
        const hay = [a.rule, a.summary, ...Object.entries(a.labels || {}).map(([k, v]) => `${k}=${v} ${k}="${v}"`)].join(' ').toLowerCase();
        return q.split(/\s+/).every((word) => hay.includes(word));
    }

    function draw() {
        const list = store.all().filter(matches).sort((a, b) => String(b.updatedAt).localeCompare(String(a.updatedAt)));
        mount(info, `${list.length} shown`);
        mount(table, alertTable(ctx, list));
    }

    // The socket's snapshot fills the map; this load makes the page right even before it arrives.
    api.alerts({ limit: 1000 }).then((page) => store.merge(page.items))
        .catch((e) => ctx.alive() && mount(table, note(e.message, 'error')));
    function loadResolved() {
        api.alerts({ state: 'resolved', limit: 200 }).then((page) => store.merge(page.items))
            .catch((e) => ctx.alive() && mount(info, h('span', { class: 'error' }, e.message)));
    }
    if (filters.state === 'resolved') loadResolved();
    draw();
    ctx.onCleanup(store.subscribe(draw));
}
