// #/domains : the domain-service's domains with their status, and the certificate inventory by expiry.
import { api } from '../api.js';
import { h, mount, note, panel } from '../dom.js';
import { ago, dateTime } from '../format.js';
import { daysClass } from './overview.js';

export function render(ctx) {
    if (!ctx.config.sources.domains) {
        mount(ctx.root, panel('Domains', note('Domain checks are not configured: this alert-service has no domains source.', 'muted not-configured')));
        return;
    }
    const domainsBox = h('div', null, note('loading…'));
    const certsBox = h('div', null, note('loading…'));
    mount(ctx.root, panel('Domains', domainsBox), panel('Certificates by expiry', certsBox));

    const load = () => {
        api.domains().then((domains) => {
            if (!ctx.alive()) return;
            mount(domainsBox, domains.length === 0 ? note('No domains defined.') : h('table', { class: 'grid' },
                h('thead', null, h('tr', null, ['Domain', 'Status', 'Problems', 'Checked'].map((t) => h('th', null, t)))),
                h('tbody', null, [...domains].sort((a, b) => a.name.localeCompare(b.name)).map((d) => {
                    const status = d.status || 'unknown';
                    return h('tr', { dataset: { domain: d.name, status } },
                        h('td', null, d.name), h('td', null, h('span', { class: `badge status-${status}` }, status)),
                        h('td', { class: 'num' }, d.problems === undefined || d.problems === null ? '' : String(d.problems)),
                        h('td', { title: dateTime(d.checked_at) }, d.checked_at ? ago(d.checked_at) : 'never'));
                }))));
        }).catch((e) => ctx.alive() && mount(domainsBox, note(e.message, 'error')));
        api.certificates().then((certs) => {
            if (!ctx.alive()) return;
            const sorted = [...certs].sort((a, b) => Date.parse(a.not_after) - Date.parse(b.not_after));
            mount(certsBox, sorted.length === 0 ? note('No certificates seen yet.') : h('table', { class: 'grid' },
                h('thead', null, h('tr', null, ['Days left', 'Subject', 'Domain', 'Seen at', 'Issuer', 'Expires'].map((t) => h('th', null, t)))),
                h('tbody', null, sorted.map((c) => h('tr', { dataset: { cert: c.sha256, daysLeft: c.days_left } },
                    h('td', { class: `num ${daysClass(c.days_left)}` }, String(c.days_left)),
                    h('td', null, c.subject, c.position > 0 ? h('span', { class: 'muted small' }, ` (chain #${c.position})`) : null),
                    h('td', null, c.domain), h('td', null, c.seen_at), h('td', { class: 'summary' }, c.issuer),
                    h('td', { title: dateTime(c.not_after) }, dateTime(c.not_after)))))));
        }).catch((e) => ctx.alive() && mount(certsBox, note(e.message, 'error')));
    };
    load();
    let timer = null;
    ctx.onAlert((a) => {
        if (a && (a.rule === 'domain-problem' || (a.labels && a.labels.domain))) {
            clearTimeout(timer);
            timer = setTimeout(load, 500);
        }
    });
    ctx.onCleanup(() => clearTimeout(timer));
}
