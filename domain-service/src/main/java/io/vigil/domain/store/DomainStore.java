package io.vigil.domain.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.config.ConfigException;
import io.vigil.config.ConfigLoader;
import io.vigil.config.ConfigWriter;
import io.vigil.config.DomainConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Domains added through the API ({@code domain.domains}), stored in the config file's shape as
 * {@link ConfigWriter#domain} writes it, so the one loader reads them back.
 */
@ApplicationScoped
public class DomainStore {

    /** A stored domain and who last changed it. */
    public record StoredDomain(DomainConfig domain, Instant createdAt, Instant updatedAt, String updatedBy) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final ConfigLoader LOADER = ConfigLoader.forSections(ConfigLoader.Section.DOMAINS);
    private static final String COLUMNS = "name, definition::text AS definition, created_at, updated_at, updated_by";

    private final Pool pool;

    public DomainStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Every stored domain. One this version no longer accepts (the format tightened since) is left
     * out with a warning, so one old domain cannot stop all the others.
     */
    public Uni<List<StoredDomain>> all() {
        return pool.query("SELECT " + COLUMNS + " FROM domain.domains ORDER BY name").execute().map(DomainStore::domains);
    }

    /** Stores a new domain; empty when the name is taken (the primary key decides, not a prior read). */
    public Uni<Optional<StoredDomain>> insert(DomainConfig domain, String actor, Instant now) {
        return pool.preparedQuery("INSERT INTO domain.domains (name, definition, created_at, updated_at, updated_by)"
                        + " VALUES ($1, $2::text::jsonb, $3, $3, $4) ON CONFLICT (name) DO NOTHING RETURNING " + COLUMNS)
                .execute(Tuple.of(domain.name(), ConfigWriter.domain(domain).toString(), time(now), actor))
                .map(rows -> domains(rows).stream().findFirst());
    }

    /** Replaces a stored domain; empty when none has its name. */
    public Uni<Optional<StoredDomain>> update(DomainConfig domain, String actor, Instant now) {
        return pool.preparedQuery("UPDATE domain.domains SET definition = $2::text::jsonb, updated_at = $3,"
                        + " updated_by = $4 WHERE name = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(domain.name(), ConfigWriter.domain(domain).toString(), time(now), actor))
                .map(rows -> domains(rows).stream().findFirst());
    }

    /** Deletes a stored domain with its findings and certificates, in one transaction; false when none has this name. */
    public Uni<Boolean> delete(String name) {
        return pool.withTransaction(c -> c.preparedQuery("DELETE FROM domain.domains WHERE name = $1")
                .execute(Tuple.of(name))
                .call(() -> c.preparedQuery("DELETE FROM domain.findings WHERE domain = $1").execute(Tuple.of(name)))
                .call(() -> c.preparedQuery("DELETE FROM domain.certificates WHERE domain = $1").execute(Tuple.of(name)))
                .map(rows -> rows.rowCount() > 0));
    }

    private static List<StoredDomain> domains(RowSet<Row> rows) {
        List<StoredDomain> out = new ArrayList<>();
        for (Row r : rows) {
            try {
                DomainConfig domain = LOADER.parseDomain(JSON.readTree(r.getString("definition")));
                out.add(new StoredDomain(domain, r.getOffsetDateTime("created_at").toInstant(),
                        r.getOffsetDateTime("updated_at").toInstant(), r.getString("updated_by")));
            } catch (ConfigException | JsonProcessingException e) {
                Log.warnf("stored domain skipped name=%s: %s", r.getString("name"), e.getMessage());
            }
        }
        return out;
    }

    static OffsetDateTime time(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
