package io.vigil.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MetricBatchReaderTest {

    private static final String ID = "7b0c1f5e-8a6f-4d33-9a57-2f7f2f1f6a01";
    private static final String HEAD = "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\","
            + "\"source\":{\"service\":\"collector-service\",\"host\":\"web-1\"},\"schemaVersion\":1,\"host\":\"web-1\",";

    private final MetricBatchReader reader = new MetricBatchReader();

    @Test
    void readsWhatTheWriterWrites() {
        MetricBatch batch = MetricBatch.of(new EventSource("collector-service", "web-1"), "web-1",
                Instant.parse("2026-11-21T10:00:00.123Z"), List.of(
                        MetricSample.of("host_cpu_usage_ratio", 0.5372839012345678),
                        MetricSample.of("host_filesystem_used_ratio", 0.7, "mount", "/"),
                        new MetricSample("host_network_receive_bytes_per_second", Map.of("interface", "eth0",
                                "host", "other"), 1.2e6),
                        MetricSample.of("host_processes", 412),
                        MetricSample.of("odd", Double.NaN),
                        MetricSample.of("neg", -0.0)), 10_000);

        assertThat(reader.read(Json.write(batch))).isEqualTo(batch);
        assertThat(reader.read(Json.write(batch))).isEqualTo(Json.read(Json.write(batch), MetricBatch.class));
        // NaN is written as the text "NaN", which only Json.read takes.
        assertThat(reader.handedOver()).isEqualTo(2);
    }

    @Test
    void readsTheWritersShapeWithoutJsonRead() {
        MetricBatch batch = MetricBatch.of(new EventSource("collector-service", "web-1"), "web-1",
                Instant.parse("2026-11-21T10:00:00Z"), List.of(MetricSample.of("m", 0.25, "a", "b")), 10_000);

        assertThat(reader.read(Json.write(batch))).isEqualTo(batch);
        assertThat(reader.handedOver()).isZero();
    }

    @Test
    void sharesNamesAndLabelMapsBetweenBatches() {
        String json = HEAD + "\"samples\":[{\"name\":\"host_filesystem_used_ratio\",\"labels\":{\"mount\":\"/\"},\"value\":0.5}]}";

        MetricSample first = reader.read(json).samples().get(0);
        MetricSample second = reader.read(json).samples().get(0);

        assertThat(second.name()).isSameAs(first.name());
        assertThat(second.labels()).isSameAs(first.labels());
    }

    @Test
    void agreesWithJsonReadOnManyDistinctLabelSetsAndValues() {
        Random random = new Random(42);
        for (int round = 0; round < 2_000; round++) {
            List<MetricSample> samples = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                samples.add(new MetricSample("m_" + random.nextInt(3_000), Map.of("device", "d" + random.nextInt(5_000),
                        "mount", "/mnt/" + random.nextInt(50)), random.nextDouble() * Math.pow(10, random.nextInt(20) - 10)));
            }
            MetricBatch batch = MetricBatch.of(new EventSource("collector-service", "h" + round % 7), "h" + round % 300,
                    Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1_000_000), random.nextInt(1_000_000_000)),
                    samples, random.nextInt(3) * 5_000L);
            assertThat(reader.read(Json.write(batch))).isEqualTo(batch);
        }
        assertThat(reader.handedOver()).isZero();
    }

    /** Every shape the fast path leaves to Json.read comes out the same: the same batch, or the same error. */
    @ParameterizedTest
    @ValueSource(strings = {
        // field order, unknown fields anywhere, fields older writers leave out
        "{\"host\":\"web-1\",\"samples\":[{\"value\":2,\"labels\":{},\"name\":\"m\"}],\"source\":{\"host\":\"a\",\"service\":\"s\"},"
                + "\"occurredAt\":\"2026-11-21T10:00:00Z\",\"eventId\":\"" + ID + "\"}",
        HEAD + "\"extra\":{\"a\":[1,{\"b\":null}]},\"samples\":[{\"name\":\"m\",\"unit\":\"x\",\"labels\":{},\"value\":1,\"t\":[]}],\"more\":3}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"value\":1}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{}}]}",
        HEAD + "\"samples\":[]}",
        HEAD + "\"samples\":null}",
        HEAD + "\"intervalMillis\":5000}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":null,\"value\":1}]}",
        // values and text in other types
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{},\"value\":\"NaN\"}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{},\"value\":\"1.5\"}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{},\"value\":null}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{},\"value\":1e400}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{},\"value\":123456789012345678901234567890}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{\"a\":1},\"value\":1}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{\"a\":null},\"value\":1}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{\"a\":{\"b\":1}},\"value\":1}]}",
        HEAD + "\"samples\":[{\"name\":7,\"labels\":{},\"value\":1}]}",
        HEAD + "\"samples\":[{\"name\":null,\"labels\":{},\"value\":1}]}",
        HEAD + "\"samples\":[null]}",
        HEAD + "\"samples\":{\"name\":\"m\"}}",
        HEAD + "\"samples\":[{\"name\":\"ünïcødé_\\u00e9\",\"labels\":{\"ключ\":\"значение\"},\"value\":1}]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},"
                + "\"host\":123,\"schemaVersion\":\"2\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},"
                + "\"host\":\"h\",\"schemaVersion\":99999999999,\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},"
                + "\"host\":\"h\",\"schemaVersion\":1.5,\"intervalMillis\":2.5,\"samples\":[]}",
        // duplicates
        HEAD + "\"host\":\"web-2\",\"samples\":[]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{\"a\":\"1\",\"a\":\"2\"},\"value\":1}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"name\":\"n\",\"labels\":{},\"value\":1}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{},\"value\":1,\"value\":2}]}",
        // missing required fields, wrong shapes
        "{\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":\"s\",\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"samples\":[]}",
        // event ids
        "{\"eventId\":\"7B0C1F5E-8A6F-4D33-9A57-2F7F2F1F6A01\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"7b0c1f5e-8a6f-4d33-9a57-2f7f2f1f6aZZ\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"7b0c1f5e-8a6f-4d33-9a57\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"7b0c1f5e08a6f04d3309a5702f7f2f1f6a01\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"ewwfXoZvTTOaVy9/Lx9qAQ==\",\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":42,\"occurredAt\":\"2026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        // times
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00.1Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00.123456789Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00.1234567891Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00.Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00:00+01:00\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21t10:00:00z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\" 2026-11-21T10:00:00Z \",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T10:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-02-29T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2028-02-29T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-04-31T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-11-21T24:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-12-31T23:59:60Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"2026-13-01T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"0000-01-01T00:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"+12026-11-21T10:00:00Z\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"1763719200\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":1763719200.5,\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":1763719200,\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        "{\"eventId\":\"" + ID + "\",\"occurredAt\":\"\",\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}",
        // not JSON, not an object, trailing content
        "not json",
        "   ",
        "null",
        "[]",
        "{}",
        "42",
        "{\"eventId\":\"" + ID + "\"",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{},\"value\":1}",
        HEAD + "\"samples\":[]} trailing",
        HEAD + "\"samples\":[]}{\"again\":1}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{},\"value\":01}]}",
        HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{},\"value\":NaN}]}",
    })
    void answersAsJsonReadDoes(String json) {
        assertThat(outcome(() -> reader.read(json))).isEqualTo(outcome(() -> Json.read(json, MetricBatch.class)));
    }

    @Test
    void answersAsJsonReadDoesForNullAndEmpty() {
        assertThat(outcome(() -> reader.read(null))).isEqualTo(outcome(() -> Json.read(null, MetricBatch.class)));
        assertThat(outcome(() -> reader.read(""))).isEqualTo(outcome(() -> Json.read("", MetricBatch.class)));
    }

    @Test
    void aRejectedRecordDoesNotSpoilTheNext() {
        String good = Json.write(MetricBatch.of(new EventSource("s", "h"), "h", Instant.parse("2026-11-21T10:00:00Z"),
                List.of(MetricSample.of("m", 1, "a", "b"))));

        outcome(() -> reader.read(HEAD + "\"samples\":[{\"name\":\"m\",\"labels\":{\"a\":\"b\",\"a\":\"c\"},\"value\":1}]}"));

        assertThat(reader.read(good)).isEqualTo(Json.read(good, MetricBatch.class));
    }

    /** The batch read, or the message of the EventFormatException (any other exception fails the test). */
    private static Object outcome(java.util.function.Supplier<MetricBatch> read) {
        try {
            return read.get();
        } catch (Json.EventFormatException e) {
            return "rejected: " + e.getMessage();
        }
    }

    @Test
    void uuidsReadAsJacksonReadsThem() {
        UUID id = UUID.randomUUID();
        String json = "{\"eventId\":\"" + id.toString().toUpperCase() + "\",\"occurredAt\":\"2026-11-21T10:00:00Z\","
                + "\"source\":{\"service\":\"s\",\"host\":\"h\"},\"host\":\"h\",\"samples\":[]}";

        assertThat(reader.read(json).eventId()).isEqualTo(id);
    }
}
