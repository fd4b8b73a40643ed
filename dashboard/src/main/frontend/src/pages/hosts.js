// #/hosts : every host that sent metrics, up or down.
import { api } from '../api.js';
import { coalesce, h, mount, note, panel } from '../dom.js';
import { ago, dateTime } from '../format.js';

export function render(ctx) {
    const body = h('div', null, note('loading…'));
    mount(ctx.root, panel('Hosts', body));
    const load = () => api.hosts().then((hosts) => {
        if (!ctx.alive()) return;
        const sorted = [...hosts].sort((a, b) => (a.up === b.up ? a.host.localeCompare(b.host) : a.up ? 1 : -1));
        mount(body, sorted.length === 0 ? note('No host has sent metrics yet.') : h('table', { class: 'grid' },
            h('thead', null, h('tr', null, ['Host', 'Status', 'Last seen'].map((t) => h('th', null, t)))),
            h('tbody', null, sorted.map((x) => h('tr', { dataset: { host: x.host, up: x.up } },
                h('td', null, h('a', { href: `#/hosts/${encodeURIComponent(x.host)}` }, x.host)),
                h('td', null, h('span', { class: `badge ${x.up ? 'status-up' : 'status-down'}` }, x.up ? 'up' : 'down')),
                h('td', { title: dateTime(x.lastSeen) }, ago(x.lastSeen)))))));
    }).catch((e) => ctx.alive() && mount(body, note(e.message, 'error')));
    load();
    const loadSoon = coalesce(load);
    ctx.onAlert((a) => {
        if (a && a.labels && a.labels.host) loadSoon();
    });
}
