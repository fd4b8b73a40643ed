package io.vigil.domain.service;

import io.vigil.config.DomainConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The domains this instance watches, by name: those of the config file and those added through the API. */
@ApplicationScoped
public class DomainRegistry {

    /** Where a domain is defined: the file's are read-only through the API. */
    public enum Source {
        FILE, API;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A domain, where it comes from, and (API domains) who changed it last. */
    public record Entry(DomainConfig domain, Source source, Instant createdAt, Instant updatedAt, String updatedBy) {
    }

    private final ConcurrentSkipListMap<String, Entry> entries = new ConcurrentSkipListMap<>();

    public Optional<Entry> get(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /** All domains, by name. */
    public List<Entry> all() {
        return List.copyOf(entries.values());
    }

    void put(Entry entry) {
        entries.put(entry.domain().name(), entry);
    }

    void remove(String name) {
        entries.remove(name);
    }

    public int size() {
        return entries.size();
    }
}
