// The alerts the page knows, by id: replaced by a `snapshot` frame, upserted by `alert` frames and by
// REST answers. A held alert with a higher sequence is newer than what arrived, so it stays.

const alerts = new Map();
const listeners = new Set();

function emit(changed) {
    for (const fn of listeners) fn(changed);
}

export const store = {
    all: () => [...alerts.values()],
    get: (id) => alerts.get(id),
    /** The catch-up after a (re)connect: the server's open alerts, nothing else. */
    replaceAll(list) {
        alerts.clear();
        for (const a of list || []) alerts.set(a.id, a);
        emit(null);
    },
    /** Returns true when the alert was taken. */
    upsert(a, notify = true) {
        const held = alerts.get(a.id);
        if (held && held.sequence > a.sequence) return false;
        alerts.set(a.id, a);
        if (notify) emit(a);
        return true;
    },
    merge(list) {
        let any = false;
        for (const a of list || []) any = this.upsert(a, false) || any;
        if (any) emit(null);
    },
    /** fn(changedAlert | null for many); returns the unsubscribe function. */
    subscribe(fn) {
        listeners.add(fn);
        return () => listeners.delete(fn);
    },
};
