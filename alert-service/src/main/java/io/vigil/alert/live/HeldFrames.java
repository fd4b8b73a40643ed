package io.vigil.alert.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Frames kept back from connections whose snapshot is in flight, by connection id. A frame is
 * either kept ({@link #offer} says so) and handed back by {@link #release}, or left to the caller
 * to send: never both, never neither, whatever the threads.
 */
final class HeldFrames {

    private final Map<String, Held> held = new ConcurrentHashMap<>();

    /** Starts keeping frames for this connection. */
    void hold(String id) {
        held.put(id, new Held());
    }

    /** Keeps the frame if the connection is held; false: the caller sends it. */
    boolean offer(String id, String frame) {
        Held h = held.get(id);
        if (h == null) {
            return false;
        }
        synchronized (h) {
            if (h.released) {
                return false;
            }
            h.frames.add(frame);
            return true;
        }
    }

    /** Stops keeping frames for this connection and returns those kept, oldest first. */
    List<String> release(String id) {
        Held h = held.remove(id);
        if (h == null) {
            return List.of();
        }
        synchronized (h) {
            h.released = true;
            return List.copyOf(h.frames);
        }
    }

    /** The connection went away: what was kept for it goes too. */
    void forget(String id) {
        Held h = held.remove(id);
        if (h != null) {
            synchronized (h) {
                h.released = true;
            }
        }
    }

    /** Frames kept back from one connection; released once, under its own lock. */
    private static final class Held {
        final List<String> frames = new ArrayList<>();
        boolean released;
    }
}
