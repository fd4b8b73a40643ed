package io.vigil.alert.pipeline;

import io.vigil.alert.rule.Output;
import io.vigil.alert.rule.RuleEngine;
import io.vigil.events.DomainFinding;
import io.vigil.events.HealthResult;
import io.vigil.events.MetricBatch;
import java.time.Instant;

/** A record's event as the stages need it: when it happened (for the age limit) and how the engine takes it. */
public interface Event {

    /** When the event happened, by its producer's clock. */
    Instant occurredAt();

    /** Feeds the event to the engine of its partition. */
    void evaluate(RuleEngine engine, Instant receivedAt, Output out);

    /** The batch of a {@code metrics} record (for the rollups); null for other events. */
    default MetricBatch metricBatch() {
        return null;
    }

    /** A {@code metrics} record: one host's batch of samples. */
    static Event of(MetricBatch batch) {
        return new Event() {
            @Override
            public Instant occurredAt() {
                return batch.occurredAt();
            }

            @Override
            public void evaluate(RuleEngine engine, Instant receivedAt, Output out) {
                engine.evaluate(batch, receivedAt, out);
            }

            @Override
            public MetricBatch metricBatch() {
                return batch;
            }
        };
    }

    /** A {@code health-results} record: one run of one check. */
    static Event of(HealthResult result) {
        return new Event() {
            @Override
            public Instant occurredAt() {
                return result.occurredAt();
            }

            @Override
            public void evaluate(RuleEngine engine, Instant receivedAt, Output out) {
                engine.evaluate(result, receivedAt, out);
            }
        };
    }

    /** A {@code domain-findings} record: what one run found about one subject of one domain. */
    static Event of(DomainFinding finding) {
        return new Event() {
            @Override
            public Instant occurredAt() {
                return finding.occurredAt();
            }

            @Override
            public void evaluate(RuleEngine engine, Instant receivedAt, Output out) {
                engine.evaluate(finding, receivedAt, out);
            }
        };
    }
}
