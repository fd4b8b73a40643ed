package io.vigil.health.service;

import io.vigil.config.CheckConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The checks this instance runs, by name: those of the config file and those added through the API. */
@ApplicationScoped
public class CheckRegistry {

    /** Where a check is defined: the file's are read-only through the API. */
    public enum Source {
        FILE, API;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A check, where it comes from, and (API checks) who changed it last. */
    public record Entry(CheckConfig check, Source source, Instant createdAt, Instant updatedAt, String updatedBy) {
    }

    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();

    public Optional<Entry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** All checks, by name. */
    public List<Entry> all() {
        return List.copyOf(entries.values());
    }

    void put(Entry entry) {
        entries.put(entry.check().name(), entry);
    }

    void remove(String name) {
        entries.remove(name);
    }

    public int size() {
        return entries.size();
    }
}
