// #/ : what needs attention now: alert counts, hosts, checks, certificates, and the firing alerts.
import { api } from '../api.js';
import { coalesce, h, mount, note, panel } from '../dom.js';
import { ago } from '../format.js';
import { store } from '../store.js';
import { alertTable } from './alertTable.js';

const SEVERITY_ORDER = { critical: 0, warning: 1 };

function stat(label, value, kind, key) {
    return h('div', { class: `stat ${kind}`, dataset: { stat: key } },
        h('div', { class: 'stat-value' }, value === null ? '…' : String(value)), h('div', { class: 'stat-label' }, label));
}

export function render(ctx) {
    const counts = h('div', { class: 'stats' });
    const hostsBox = h('div', { class: 'stats' }, note('loading hosts…'));
    const checksBox = ctx.config.sources.health ? h('div', { class: 'stats' }, note('loading checks…')) : null;
    const certsBox = ctx.config.sources.domains ? h('div', null, note('loading certificates…')) : null;
    const firing = h('div');
    mount(ctx.root,
        h('div', { class: 'cards' },
            panel('Alerts', counts),
            panel('Hosts', hostsBox),
            checksBox ? panel('Checks', checksBox) : null),
        certsBox ? panel('Certificates expiring soonest', certsBox) : null,
        panel('Firing alerts', firing));

    const drawAlerts = () => {
        const all = store.all();
        const n = (pred) => all.filter(pred).length;
        mount(counts,
            stat('critical', n((a) => a.state === 'firing' && a.severity === 'critical'), 'critical', 'critical'),
            stat('warning', n((a) => a.state === 'firing' && a.severity === 'warning'), 'warning', 'warning'),
            stat('pending', n((a) => a.state === 'pending'), 'pending', 'pending'),
            stat('acknowledged', n((a) => a.state === 'acknowledged'), 'acknowledged', 'acknowledged'));
        const list = all.filter((a) => a.state === 'firing')
            .sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 2) - (SEVERITY_ORDER[b.severity] ?? 2)
                || String(b.firedAt).localeCompare(String(a.firedAt)));
        mount(firing, alertTable(ctx, list));
    };
    drawAlerts();
    ctx.onCleanup(store.subscribe(drawAlerts));
    // The socket's snapshot fills the map too; this load makes the page right before (or without) it.
    api.alerts({ limit: 1000 }).then((page) => store.merge(page.items))
        .catch((e) => ctx.alive() && mount(firing, note(e.message, 'error')));

    const loadHosts = () => api.hosts().then((hosts) => {
        if (!ctx.alive()) return;
        const up = hosts.filter((x) => x.up).length;
        mount(hostsBox, stat('up', up, 'ok', 'hosts-up'), stat('down', hosts.length - up, hosts.length - up ? 'critical' : 'ok', 'hosts-down'));
    }).catch((e) => ctx.alive() && mount(hostsBox, note(e.message, 'error')));
    const loadChecks = () => api.checks().then((checks) => {
        if (!ctx.alive()) return;
        const by = (s) => checks.filter((c) => c.last && c.last.status === s).length;
        mount(checksBox, stat('up', by('up'), 'ok', 'checks-up'), stat('degraded', by('degraded'), by('degraded') ? 'warning' : 'ok', 'checks-degraded'),
            stat('down', by('down'), by('down') ? 'critical' : 'ok', 'checks-down'));
    }).catch((e) => ctx.alive() && mount(checksBox, note(e.message, 'error')));
    loadHosts();
    if (checksBox) loadChecks();
    if (certsBox) {
        api.certificates().then((certs) => {
            if (!ctx.alive()) return;
            const soonest = [...certs].sort((a, b) => Date.parse(a.not_after) - Date.parse(b.not_after)).slice(0, 5);
            mount(certsBox, soonest.length === 0 ? note('No certificates seen yet.') : h('table', { class: 'grid' },
                h('thead', null, h('tr', null, ['Days left', 'Subject', 'Domain', 'Expires'].map((t) => h('th', null, t)))),
                h('tbody', null, soonest.map((c) => h('tr', { dataset: { cert: c.sha256 } },
                    h('td', { class: daysClass(c.days_left) }, String(c.days_left)), h('td', null, c.subject),
                    h('td', null, c.domain), h('td', null, ago(c.not_after)))))));
        }).catch((e) => ctx.alive() && mount(certsBox, note(e.message, 'error')));
    }
    // No polling: host and check counts follow the alerts that say something changed.
    // Coalesced: a storm of alert frames reloads each count once a second at most, not once per frame.
    const hostsSoon = coalesce(loadHosts);
    const checksSoon = coalesce(loadChecks);
    ctx.onAlert((a) => {
        if (a && (a.rule === 'check-down' || (a.labels && a.labels.check)) && checksBox) checksSoon();
        if (a && a.labels && a.labels.host) hostsSoon();
    });
}

export function daysClass(days) {
    return days < 0 || days <= 14 ? 'days critical' : days <= 30 ? 'days warning' : 'days ok';
}
