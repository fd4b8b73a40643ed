// #/alerts/<id> : one alert, its details and its history.
import { api } from '../api.js';
import { h, mount, note, panel } from '../dom.js';
import { ago, dateTime, number } from '../format.js';
import { store } from '../store.js';
import { alertTable, labelList, severityBadge, stateBadge } from './alertTable.js';

export function render(ctx, id) {
    const body = h('div', null, note('loading…'));
    mount(ctx.root, h('p', null, h('a', { href: '#/alerts' }, '← all alerts')), body);

    const load = () => api.alert(id).then(({ alert, history }) => {
        if (!ctx.alive()) return;
        store.upsert(alert, false);
        const a = alert;
        const row = (k, v) => (v === null || v === undefined || v === '' ? null : h('tr', null, h('th', null, k), h('td', null, v)));
        mount(body,
            panel(`${a.rule}`,
                alertTable(ctx, [a]),
                h('table', { class: 'details', id: 'alert-details' }, h('tbody', null,
                    row('State', stateBadge(a.state)), row('Severity', severityBadge(a.severity)),
                    row('Labels', labelList(a.labels)), row('Summary', a.summary), row('Value', number(a.value, 4)),
                    row('Started', a.startsAt && `${dateTime(a.startsAt)} (${ago(a.startsAt)})`),
                    row('Fired', a.firedAt && dateTime(a.firedAt)), row('Resolved', a.resolvedAt && dateTime(a.resolvedAt)),
                    row('Acknowledged', a.acknowledgement && `${a.acknowledgement.by} at ${dateTime(a.acknowledgement.at)}${a.acknowledgement.comment ? ` — ${a.acknowledgement.comment}` : ''}`),
                    row('Flapping', a.flapping ? 'yes' : null), row('Muted', a.mutedReason),
                    row('Inhibited by', a.inhibitedBy && h('a', { href: `#/alerts/${encodeURIComponent(a.inhibitedBy)}` }, a.inhibitedBy)),
                    row('Route', a.route), row('Fingerprint', h('code', null, a.fingerprint)), row('Sequence', String(a.sequence))))),
            panel('History', h('ol', { class: 'timeline', id: 'history' }, history.map((e) =>
                h('li', { dataset: { sequence: e.sequence, to: e.to } },
                    h('span', { class: 'when', title: dateTime(e.at) }, dateTime(e.at)), ' ',
                    e.from ? [stateBadge(e.from), ' → '] : null, stateBadge(e.to), ' ', severityBadge(e.severity),
                    h('span', { class: 'muted' }, ` value ${number(e.value, 4)}`),
                    e.actor ? h('span', null, ` by ${e.actor}`) : null,
                    e.reason ? h('span', { class: 'reason' }, ` — ${e.reason}`) : null)))));
    }).catch((e) => ctx.alive() && mount(body, note(e.message, 'error')));
    load();
    // A change of this alert (a socket frame, or our own Ack) adds to its history.
    let timer = null;
    ctx.onCleanup(store.subscribe((a) => {
        if (a && a.id === id) {
            clearTimeout(timer);
            timer = setTimeout(load, 300);
        }
    }));
    ctx.onCleanup(() => clearTimeout(timer));
}
