// The WebSocket /api/live: one connection for the whole page, reconnected by itself with exponential
// back-off and jitter, its state shown in #connection. Frames go to handlers by their `type`.

const FIRST_DELAY = 500;
const MAX_DELAY = 10_000;
/** A connection that stayed open this long was healthy: the next failure starts from FIRST_DELAY again. */
const STABLE_AFTER = 5_000;

export class Live {
    /**
     * @param badge the #connection element
     * @param tokenFn returns the current token, or null when there is none (then it stays offline)
     */
    constructor(badge, tokenFn) {
        this.badge = badge;
        this.tokenFn = tokenFn;
        this.handlers = new Map();
        this.hosts = new Set();
        this.socket = null;
        this.delay = FIRST_DELAY;
        this.timer = null;
        this.stopped = true;
        this.retrying = false;
    }

    on(type, fn) {
        this.handlers.set(type, fn);
        return this;
    }

    start() {
        this.stopped = false;
        this.connect();
    }

    stop(text = 'offline') {
        this.stopped = true;
        this.retrying = false;
        clearTimeout(this.timer);
        if (this.socket) {
            const s = this.socket;
            this.socket = null;
            s.onclose = null;
            s.close();
        }
        this.show('offline', text);
    }

    /** The hosts whose live points this page wants; sent now and after every reconnect. */
    watch(hosts) {
        this.hosts = new Set(hosts);
        this.sendWatch();
    }

    sendWatch() {
        if (this.socket && this.socket.readyState === WebSocket.OPEN) {
            this.socket.send(JSON.stringify({ type: 'watch', hosts: [...this.hosts] }));
        }
    }

    connect() {
        const token = this.tokenFn();
        if (!token) {
            this.stop();
            return;
        }
        const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/live`;
        // After a failure every attempt is part of the retrying: the badge keeps saying so.
        if (this.retrying) this.show('reconnecting', 'reconnecting…');
        else this.show('connecting', 'connecting…');
        let socket;
        try {
            // Browsers cannot set headers on a WebSocket: Quarkus reads the Authorization header from this sub-protocol.
            socket = new WebSocket(url, ['bearer-token-carrier',
                encodeURI(`quarkus-http-upgrade#Authorization#Bearer ${token}`)]);
        } catch (e) {
            this.retry();
            return;
        }
        this.socket = socket;
        let openedAt = 0;
        socket.onopen = () => {
            openedAt = Date.now();
            this.retrying = false;
            this.show('live', 'live');
            this.sendWatch();
        };
        socket.onmessage = (event) => {
            let frame;
            try {
                frame = JSON.parse(event.data);
            } catch {
                return;
            }
            const fn = this.handlers.get(frame.type);
            if (fn) fn(frame);
        };
        // error is always followed by close: reconnecting there alone avoids doing it twice.
        socket.onclose = () => {
            if (this.socket !== socket) return;
            this.socket = null;
            if (openedAt && Date.now() - openedAt > STABLE_AFTER) this.delay = FIRST_DELAY;
            if (!this.stopped) this.retry();
        };
    }

    retry() {
        const fn = this.handlers.get('closed');
        if (fn && fn() === false) return; // the page stopped it (an expired session, say)
        this.retrying = true;
        const wait = Math.min(MAX_DELAY, this.delay * (0.75 + Math.random() * 0.5));
        this.delay = Math.min(MAX_DELAY, this.delay * 2);
        this.show('reconnecting', `reconnecting in ${Math.max(1, Math.round(wait / 1000))}s…`);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.connect(), wait);
    }

    show(state, text) {
        this.badge.textContent = text;
        this.badge.className = `conn conn-${state}`;
        this.badge.dataset.state = state;
    }
}
