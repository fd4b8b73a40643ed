// The alert table shared by the overview and #/alerts, with the operator's Ack and Silence forms.
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { ago, dateTime, labelPairs, matcher } from '../format.js';
import { store } from '../store.js';

const DURATIONS = { '1h': 3600e3, '4h': 4 * 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3 };

/** Silences match the alert's labels plus `rule` and `severity` (alert-service AlertRef); severity is left out so both levels stay quiet. */
export function silenceMatchers(alert) {
    const labels = { ...alert.labels };
    delete labels.rule;
    delete labels.severity;
    return [matcher('rule', alert.rule), ...Object.keys(labels).sort().map((k) => matcher(k, labels[k]))];
}

export function stateBadge(state) {
    return h('span', { class: `badge state-${state}` }, state);
}

export function severityBadge(severity) {
    return severity ? h('span', { class: `badge sev-${severity}` }, severity) : '';
}

export function labelList(labels) {
    return h('span', { class: 'labels' }, labelPairs(labels).map((p) => h('code', { class: 'label' }, p)));
}

/** A table of alerts; `ctx.session.canOperate` adds the actions column. */
export function alertTable(ctx, alerts) {
    const canOperate = ctx.session && ctx.session.canOperate;
    const cols = canOperate ? 7 : 6;
    const body = h('tbody');
    for (const a of alerts) {
        const since = a.firedAt || a.startsAt;
        const row = h('tr', { dataset: { alertId: a.id, state: a.state }, class: `sev-row-${a.severity || 'none'}` },
            h('td', null, stateBadge(a.state), a.flapping ? h('span', { class: 'badge flapping' }, 'flapping') : null),
            h('td', null, severityBadge(a.severity)),
            h('td', null, h('a', { href: `#/alerts/${encodeURIComponent(a.id)}` }, a.rule)),
            h('td', null, labelList(a.labels)),
            h('td', { class: 'summary' }, a.summary || '',
                a.mutedReason ? h('span', { class: 'muted small' }, ` (${a.mutedReason})`) : null),
            h('td', { title: dateTime(since), class: 'nowrap' }, ago(since)),
            canOperate ? h('td', { class: 'actions nowrap' },
                a.state === 'firing' && !a.acknowledgement
                    ? h('button', { type: 'button', dataset: { action: 'ack' }, onclick: () => openForm(row, ackForm(a, cols)) }, 'Ack')
                    : null,
                a.state !== 'resolved'
                    ? h('button', { type: 'button', dataset: { action: 'silence' }, onclick: () => openForm(row, silenceForm(a, cols)) }, 'Silence')
                    : null) : null);
        body.append(row);
    }
    if (alerts.length === 0) body.append(h('tr', null, h('td', { colspan: cols, class: 'muted' }, 'No alerts.')));
    return h('table', { class: 'grid alerts' },
        h('thead', null, h('tr', null, ['State', 'Severity', 'Rule', 'Labels', 'Summary', 'Since'].map((t) => h('th', null, t)),
            canOperate ? h('th', null, '') : null)),
        body);
}

/** Shows a form row under the alert's row (one at a time). */
function openForm(row, formRow) {
    const next = row.nextElementSibling;
    if (next && next.classList.contains('form-row')) next.remove();
    row.after(formRow);
    const first = formRow.querySelector('input, select, textarea');
    if (first) first.focus();
}

function formRow(cols, kind, form) {
    return h('tr', { class: 'form-row', dataset: { form: kind } }, h('td', { colspan: cols }, form));
}

function ackForm(alert, cols) {
    const status = h('span', { class: 'form-status' });
    const comment = h('input', { name: 'comment', type: 'text', maxlength: 1000, placeholder: 'comment (optional)', size: 50 });
    const form = h('form', { class: 'inline-form' }, comment,
        h('button', { type: 'submit', dataset: { action: 'ack-submit' } }, 'Acknowledge'),
        h('button', { type: 'button', class: 'btn-link', onclick: () => form.closest('tr').remove() }, 'Cancel'), status);
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        mount(status, 'acknowledging…');
        try {
            const updated = await api.ack(alert.id, comment.value.trim());
            store.upsert(updated);
            mount(status, 'acknowledged');
        } catch (err) {
            mount(status, h('span', { class: 'error' }, err.message));
        }
    });
    return formRow(cols, 'ack', form);
}

function silenceForm(alert, cols) {
    const status = h('span', { class: 'form-status' });
    const matchers = silenceMatchers(alert);
    const boxes = matchers.map((m) => h('label', { class: 'matcher' },
        h('input', { type: 'checkbox', name: 'matcher', value: m, checked: true }), h('code', null, m)));
    const duration = h('select', { name: 'duration' }, Object.keys(DURATIONS).map((d) => h('option', { value: d }, d)));
    const comment = h('input', { name: 'comment', type: 'text', required: true, maxlength: 1000, placeholder: 'why (required)', size: 40 });
    const form = h('form', { class: 'inline-form silence-form' },
        h('div', { class: 'matchers' }, 'Silence alerts matching ', boxes),
        h('div', null, 'for ', duration, ' ', comment,
            h('button', { type: 'submit', dataset: { action: 'silence-submit' } }, 'Create silence'),
            h('button', { type: 'button', class: 'btn-link', onclick: () => form.closest('tr').remove() }, 'Cancel'), status));
    form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const chosen = boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
        if (chosen.length === 0) {
            mount(status, h('span', { class: 'error' }, 'choose at least one matcher'));
            return;
        }
        if (!comment.value.trim()) {
            mount(status, h('span', { class: 'error' }, 'a comment is required'));
            return;
        }
        const endsAt = new Date(Date.now() + DURATIONS[duration.value]).toISOString();
        mount(status, 'creating…');
        try {
            await api.silence(chosen, endsAt, comment.value.trim());
            mount(status, `silenced until ${dateTime(endsAt)}`);
        } catch (err) {
            mount(status, h('span', { class: 'error' }, err.message));
        }
    });
    return formRow(cols, 'silence', form);
}
