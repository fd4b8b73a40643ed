// uPlot line charts fed with [t (epoch s), value] points per series. The container carries
// data-points: how many points the chart currently draws over all its series (a browser test reads it).
import uPlot from 'uplot';
import { h, mount } from './dom.js';
import { bytes, number } from './format.js';

const COLORS = ['#4e9af1', '#f1a94e', '#6fcf73', '#e066d8', '#e05d5d', '#5fd0d0', '#c7c45a', '#9b8cf2'];
const HEIGHT = 190;

/** How the y axis and the legend write a value. */
export const UNITS = {
    percent: (v) => (v === null || v === undefined ? '' : `${number(v, 1)}%`),
    bytesPerSecond: (v) => (v === null || v === undefined ? '' : `${bytes(v)}/s`),
    ms: (v) => (v === null || v === undefined ? '' : `${number(v, 0)} ms`),
    plain: (v) => (v === null || v === undefined ? '' : number(v, 2)),
};

const live = new Set();
let resizeTimer = null;
window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => live.forEach((c) => c.resize()), 100);
});

export class Chart {
    /**
     * @param box the element that becomes <div class="chart" data-chart=name data-points=N>
     * @param unit one of UNITS' keys
     */
    constructor(box, name, title, unit = 'plain') {
        this.box = box;
        this.title = title;
        this.format = UNITS[unit] || UNITS.plain;
        this.series = new Map(); // key -> {name, points: Map<tSec, v>}
        this.plot = null;
        this.plotKeys = '';
        box.className = 'chart';
        box.dataset.chart = name;
        box.dataset.points = '0';
        this.body = h('div', { class: 'chart-body' });
        mount(box, h('h3', null, title), this.body);
        live.add(this);
    }

    /** Replaces every series: [{key, name, points: [[tSec, v], ...]}]. */
    setSeries(list) {
        this.series.clear();
        for (const s of list) this.series.set(s.key, { name: s.name, points: new Map(s.points) });
        this.draw();
    }

    /** Adds one point (a live sample); points older than sinceSec are dropped. Call draw() after a batch. */
    append(key, name, tSec, v, sinceSec) {
        let s = this.series.get(key);
        if (!s) {
            s = { name, points: new Map() };
            this.series.set(key, s);
        }
        s.points.set(tSec, v);
        if (sinceSec !== undefined) {
            for (const t of s.points.keys()) if (t < sinceSec) s.points.delete(t);
        }
    }

    draw() {
        const keys = [...this.series.keys()].sort();
        const xs = [...new Set(keys.flatMap((k) => [...this.series.get(k).points.keys()]))].sort((a, b) => a - b);
        const data = [xs, ...keys.map((k) => {
            const pts = this.series.get(k).points;
            return xs.map((x) => (pts.has(x) ? pts.get(x) : null));
        })];
        let count = 0;
        for (const k of keys) count += this.series.get(k).points.size;
        this.box.dataset.points = String(count);
        if (xs.length === 0) {
            this.dropPlot();
            mount(this.body, h('p', { class: 'note muted' }, 'No data in this range.'));
            return;
        }
        const signature = keys.join('\u0000');
        if (this.plot && this.plotKeys === signature) {
            this.plot.setData(data);
            return;
        }
        this.dropPlot();
        this.body.replaceChildren();
        this.plotKeys = signature;
        const fmt = this.format;
        this.plot = new uPlot({
            width: this.width(),
            height: HEIGHT,
            series: [{}, ...keys.map((k, i) => ({
                label: this.series.get(k).name,
                stroke: COLORS[i % COLORS.length],
                width: 1.5,
                spanGaps: true,
                points: { show: false },
                value: (u, v) => fmt(v),
            }))],
            axes: [
                { stroke: '#9aa4b2', grid: { stroke: '#2a313c' }, ticks: { stroke: '#2a313c' } },
                { stroke: '#9aa4b2', grid: { stroke: '#2a313c' }, ticks: { stroke: '#2a313c' }, size: 70,
                    values: (u, vals) => vals.map(fmt) },
            ],
            scales: { y: { range: (u, min, max) => [Math.min(0, min), max > min ? max : min + 1] } },
            legend: { live: true },
        }, data, this.body);
    }

    width() {
        return Math.max(200, this.box.clientWidth - 16);
    }

    resize() {
        if (this.plot) this.plot.setSize({ width: this.width(), height: HEIGHT });
    }

    dropPlot() {
        if (this.plot) this.plot.destroy();
        this.plot = null;
        this.plotKeys = '';
    }

    destroy() {
        this.dropPlot();
        live.delete(this);
    }
}
