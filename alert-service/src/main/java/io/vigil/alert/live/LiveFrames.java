package io.vigil.alert.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alert.store.AlertView;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of each server → client frame. Alerts are written by the application's ObjectMapper,
 * the one {@code GET /api/alerts} answers with, so a frame's alert is the API's alert to the byte
 * (field names, state labels, ISO instants).
 */
@Singleton
public class LiveFrames {

    static final String HELLO = "hello";
    static final String SNAPSHOT = "snapshot";
    static final String ALERT = "alert";
    static final String POINTS = "points";
    static final String ERROR = "error";

    private final ObjectMapper mapper;

    public LiveFrames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code {"type":"hello","user":…,"roles":[…],"serverTime":"<ISO instant>"}} */
    String hello(String user, List<String> roles, Instant now) {
        Map<String, Object> frame = frame(HELLO);
        frame.put("user", user);
        frame.put("roles", roles);
        frame.put("serverTime", now.toString());
        return write(frame);
    }

    /** {@code {"type":"snapshot","alerts":[AlertView…]}} */
    String snapshot(List<AlertView> alerts) {
        Map<String, Object> frame = frame(SNAPSHOT);
        frame.put("alerts", alerts);
        return write(frame);
    }

    /** {@code {"type":"alert","alert":AlertView}} */
    String alert(AlertView alert) {
        Map<String, Object> frame = frame(ALERT);
        frame.put("alert", alert);
        return write(frame);
    }

    /** {@code {"type":"points","host":…,"points":[{"metric","labels","t","v"}…]}} */
    String points(String host, List<LivePoint> points) {
        Map<String, Object> frame = frame(POINTS);
        frame.put("host", host);
        frame.put("points", points);
        return write(frame);
    }

    /** {@code {"type":"error","message":…}}: the message starts with the field at fault. */
    String error(String message) {
        Map<String, Object> frame = frame(ERROR);
        frame.put("message", message);
        return write(frame);
    }

    ObjectMapper mapper() {
        return mapper;
    }

    private static Map<String, Object> frame(String type) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", type);
        return frame;
    }

    private String write(Map<String, Object> frame) {
        try {
            return mapper.writeValueAsString(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a " + frame.get("type") + " frame", e);
        }
    }
}
