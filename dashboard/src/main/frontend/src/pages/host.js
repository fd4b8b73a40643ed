// #/hosts/<host> : the host's metric history as charts, the last hour kept live by `points` frames.
import { api } from '../api.js';
import { Chart } from '../charts.js';
import { h, mount, panel } from '../dom.js';
import { matcher } from '../format.js';

/** Each chart: its metrics (several draw side by side), a unit and a factor (ratios are drawn as percent). */
const CHARTS = [
    { name: 'cpu', title: 'CPU', unit: 'percent', factor: 100, metrics: { host_cpu_usage_ratio: 'cpu' } },
    { name: 'memory', title: 'Memory used', unit: 'percent', factor: 100, metrics: { host_memory_used_ratio: 'memory' } },
    { name: 'filesystem', title: 'Filesystems used', unit: 'percent', factor: 100, metrics: { host_filesystem_used_ratio: '' } },
    { name: 'disk', title: 'Disk I/O', unit: 'bytesPerSecond', factor: 1,
        metrics: { host_disk_read_bytes_per_second: 'read', host_disk_write_bytes_per_second: 'write' } },
    { name: 'network', title: 'Network', unit: 'bytesPerSecond', factor: 1,
        metrics: { host_network_receive_bytes_per_second: 'receive', host_network_transmit_bytes_per_second: 'transmit' } },
    { name: 'load', title: 'Load (1 min)', unit: 'plain', factor: 1, metrics: { host_load1: 'load1' } },
];

const RANGES = {
    '1h': { label: 'last hour', ms: 3600e3, step: '1m' },
    '1d': { label: 'last day', ms: 86400e3, step: '5m' },
    '15d': { label: 'last 15 days', ms: 15 * 86400e3, step: '1h' },
};

/** The series key and legend name of a label set: the host is the page, so it is left out of both. */
function series(metric, labels, prefix) {
    const rest = Object.keys(labels || {}).filter((k) => k !== 'host').sort();
    const key = `${metric}{${rest.map((k) => `${k}=${labels[k]}`).join(',')}}`;
    const name = [prefix, ...rest.map((k) => labels[k])].filter(Boolean).join(' ') || metric;
    return { key, name };
}

export function render(ctx, host) {
    let range = '1h';
    let generation = 0;
    const buttons = Object.entries(RANGES).map(([id, r]) => h('button', {
        type: 'button', dataset: { range: id }, onclick: () => { range = id; load(); },
    }, r.label));
    const status = h('span', { class: 'muted small' });
    const grid = h('div', { class: 'charts' });
    mount(ctx.root,
        panel(null, h('div', { class: 'toolbar' }, h('h2', { class: 'inline' }, host), buttons, status), grid));
    const charts = CHARTS.map((def) => {
        const box = h('div');
        grid.append(box);
        return { def, chart: new Chart(box, def.name, def.title, def.unit) };
    });
    ctx.onCleanup(() => charts.forEach((c) => c.chart.destroy()));

    async function load() {
        const mine = ++generation;
        buttons.forEach((b) => b.classList.toggle('active', b.dataset.range === range));
        const r = RANGES[range];
        const to = new Date();
        const from = new Date(to.getTime() - r.ms);
        mount(status, 'loading…');
        const errors = [];
        await Promise.all(charts.map(async ({ def, chart }) => {
            const list = [];
            await Promise.all(Object.entries(def.metrics).map(async ([metric, prefix]) => {
                try {
                    const answer = await api.metric(metric, [matcher('host', host)], from.toISOString(), to.toISOString(), r.step);
                    for (const s of answer.series) {
                        list.push({ ...series(metric, s.labels, prefix),
                            points: s.points.filter((p) => p.avg !== null && p.avg !== undefined)
                                .map((p) => [Date.parse(p.t) / 1000, p.avg * def.factor]) });
                    }
                } catch (e) {
                    errors.push(`${metric}: ${e.message}`);
                }
            }));
            if (mine === generation && ctx.alive()) chart.setSeries(list);
        }));
        if (mine === generation && ctx.alive()) mount(status, errors.length ? h('span', { class: 'error' }, errors[0]) : '');
    }

    // Live samples join the hour view only: the day and 15-day views are step averages.
    ctx.onPoints((frame) => {
        if (frame.host !== host || range !== '1h') return;
        const since = Date.now() / 1000 - 3600;
        const touched = new Set();
        for (const p of frame.points || []) {
            for (const { def, chart } of charts) {
                const prefix = def.metrics[p.metric];
                if (prefix === undefined) continue;
                const s = series(p.metric, p.labels, prefix);
                chart.append(s.key, s.name, p.t / 1000, p.v * def.factor, since);
                touched.add(chart);
            }
        }
        touched.forEach((c) => c.draw());
    });
    ctx.watch([host]);
    load();
}
