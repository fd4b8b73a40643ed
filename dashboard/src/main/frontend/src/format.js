// How times, sizes and labels read on the page: one place, so every page says them the same way.

export function ago(iso, now = Date.now()) {
    if (!iso) return '';
    const seconds = Math.round((now - Date.parse(iso)) / 1000);
    if (Number.isNaN(seconds)) return '';
    const abs = Math.abs(seconds);
    const text = abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.floor(abs / 60)}m`
        : abs < 86400 ? `${Math.floor(abs / 3600)}h ${Math.floor((abs % 3600) / 60)}m`
            : `${Math.floor(abs / 86400)}d ${Math.floor((abs % 86400) / 3600)}h`;
    return seconds >= 0 ? `${text} ago` : `in ${text}`;
}

export function dateTime(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

/** labels as name="value" pairs, sorted by name. */
export function labelPairs(labels) {
    return Object.keys(labels || {}).sort().map((k) => `${k}="${labels[k]}"`);
}

/** A Prometheus-style matcher, quoted as LabelMatcher reads it (\ and " escaped). */
export function matcher(name, value) {
    return `${name}="${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function bytes(n) {
    if (n === null || n === undefined || Number.isNaN(n)) return '';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    let i = 0;
    let v = Math.abs(n);
    while (v >= 1024 && i < units.length - 1) {
        v /= 1024;
        i++;
    }
    return `${(n < 0 ? -v : v).toFixed(v >= 100 || i === 0 ? 0 : 1)} ${units[i]}`;
}

export function number(n, digits = 2) {
    if (n === null || n === undefined || Number.isNaN(n)) return '';
    return Number(n).toLocaleString(undefined, { maximumFractionDigits: digits });
}
