// Builds DOM nodes from data without innerHTML: every string becomes a text node or an attribute
// value, so text from the API (labels, summaries, messages) can never inject markup.

/**
 * h('td', {class: 'x', dataset: {alertId: id}, onclick: fn}, 'text', childNode, [more])
 * Attributes whose value is null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
        if (value === null || value === undefined || value === false) continue;
        if (key === 'dataset') {
            for (const [k, v] of Object.entries(value)) {
                if (v !== null && v !== undefined) el.dataset[k] = String(v);
            }
        } else if (key.startsWith('on') && typeof value === 'function') {
            el.addEventListener(key.slice(2), value);
        } else if (key === 'value') {
            el.value = value;
        } else {
            el.setAttribute(key, value === true ? '' : String(value));
        }
    }
    append(el, children);
    return el;
}

function append(el, children) {
    for (const child of children) {
        if (child === null || child === undefined || child === false) continue;
        if (Array.isArray(child)) append(el, child);
        else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

/** Replaces the children of el. */
export function mount(el, ...children) {
    el.replaceChildren();
    append(el, children);
    return el;
}

/** A panel with a title, for the cards of a page. */
export function panel(title, ...children) {
    return h('section', { class: 'panel' }, title ? h('h2', null, title) : null, ...children);
}

/** A message that replaces a page or a panel body: loading, empty, or an error. */
export function note(text, kind = 'muted') {
    return h('p', { class: `note ${kind}` }, text);
}

/**
 * fn at most once per `ms`: the first call schedules it, later calls until then ride along. For
 * reloads prompted by alert frames, so that a storm of frames costs one request a second.
 */
export function coalesce(fn, ms = 1000) {
    let timer = null;
    return () => {
        if (timer) return;
        timer = setTimeout(() => {
            timer = null;
            fn();
        }, ms);
    };
}
