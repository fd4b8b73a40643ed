package io.vigil.alert.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.ConfigLoader;
import io.vigil.config.RuleConfig;
import io.vigil.events.AlertState;
import io.vigil.events.EventSource;
import io.vigil.events.Json;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricBatchReader;
import io.vigil.events.MetricSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine fed as the pipeline feeds it: batches read by {@link MetricBatchReader}, whose name
 * strings and label maps are the same objects from batch to batch. Whatever the engine remembers
 * by identity (rules by position in a host's batch, matcher answers by label map) must give the
 * answers of an engine that sees fresh objects every time.
 */
class RuleEngineSharedInputTest {

    private static final EventSource SOURCE = new EventSource("collector-service", "test");
    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final List<RuleConfig> RULES = ConfigLoader.forSections(ConfigLoader.Section.RULES).parse("""
            rules:
              - {name: cpu, metric: cpu_ratio, warning: {above: 0.9}}
              - {name: disk-root, metric: disk_ratio, labels: {mount: /}, critical: {above: 0.9}}
              - {name: disk-data, metric: disk_ratio, matchers: ['mount=~"/data.*"'], critical: {above: 0.8}}
              - {name: disk-not-web, metric: disk_ratio, matchers: ['host!~"web-.*"'], warning: {above: 0.7}}
              - {name: mem, metric: mem_ratio, warning: {above: 0.95}}
            """).rules();

    private final MetricBatchReader reader = new MetricBatchReader();

    private static MetricBatch batch(String host, int second, List<MetricSample> samples) {
        return MetricBatch.of(SOURCE, host, T0.plusSeconds(second), samples);
    }

    @Test
    void aHostWhoseNamesMoveBetweenBatchesIsJudgedByName() {
        RuleEngine engine = new RuleEngine(RULES);
        String first = Json.write(batch("db-1", 0, List.of(MetricSample.of("cpu_ratio", 0.5),
                MetricSample.of("mem_ratio", 0.5))));
        String swapped = Json.write(batch("db-1", 10, List.of(MetricSample.of("mem_ratio", 0.5),
                MetricSample.of("cpu_ratio", 0.99))));

        engine.evaluate(reader.read(first));
        List<Transition> t = engine.evaluate(reader.read(swapped));

        assertThat(t).singleElement().satisfies(tr -> {
            assertThat(tr.rule()).isEqualTo("cpu");
            assertThat(tr.to()).isEqualTo(AlertState.FIRING);
        });
    }

    @Test
    void theSameLabelMapOnAnotherHostIsMatchedAgainForRulesThatReadTheHost() {
        RuleEngine engine = new RuleEngine(RULES);
        // Both read as one shared {mount=/var} map; only the host decides disk-not-web.
        List<Transition> web = engine.evaluate(reader.read(Json.write(batch("web-1", 0,
                List.of(MetricSample.of("disk_ratio", 0.75, "mount", "/var"))))));
        List<Transition> db = engine.evaluate(reader.read(Json.write(batch("db-1", 0,
                List.of(MetricSample.of("disk_ratio", 0.75, "mount", "/var"))))));

        assertThat(web).isEmpty();
        assertThat(db).singleElement().extracting(Transition::rule).isEqualTo("disk-not-web");
    }

    @Test
    void aChangedRuleSetIsLookedUpAfresh() {
        RuleEngine engine = new RuleEngine(RULES);
        String json = Json.write(batch("db-1", 0, List.of(MetricSample.of("cpu_ratio", 0.99))));
        engine.evaluate(reader.read(json));

        RuleConfig other = ConfigLoader.forSections(ConfigLoader.Section.RULES)
                .parse("rules: [{name: cpu-low, metric: cpu_ratio, warning: {below: 0.5}}]").rules().get(0);
        engine.rules(new RuleBook(2, List.of(other), io.vigil.config.AlertingConfig.DEFAULTS), T0);
        List<Transition> t = engine.evaluate(reader.read(Json.write(batch("db-1", 10,
                List.of(MetricSample.of("cpu_ratio", 0.1))))));

        assertThat(t).singleElement().extracting(Transition::rule).isEqualTo("cpu-low");
    }

    /** Random fleets, ticks and label sets: shared objects and fresh ones give the same transitions. */
    @Test
    void sharedAndFreshInputGiveTheSameTransitions() {
        RuleEngine shared = new RuleEngine(RULES);
        RuleEngine fresh = new RuleEngine(RULES);
        Random random = new Random(7);
        String[] names = {"cpu_ratio", "disk_ratio", "mem_ratio", "net_bytes"};
        String[] mounts = {"/", "/data", "/data2", "/var", "/boot"};
        for (int tick = 0; tick < 200; tick++) {
            for (int h = 0; h < 12; h++) {
                String host = (h % 3 == 0 ? "web-" : "db-") + h;
                List<MetricSample> samples = new ArrayList<>();
                int n = 3 + random.nextInt(6);
                for (int i = 0; i < n; i++) {
                    String name = names[random.nextInt(names.length)];
                    Map<String, String> labels = name.equals("disk_ratio")
                            ? Map.of("mount", mounts[random.nextInt(mounts.length)]) : Map.of();
                    samples.add(new MetricSample(name, labels, random.nextDouble()));
                }
                String json = Json.write(batch(host, tick * 10, samples));
                List<Transition> a = shared.evaluate(reader.read(json));
                List<Transition> b = fresh.evaluate(Json.read(json, MetricBatch.class));
                assertThat(a).as("tick %d host %s", tick, host).usingRecursiveFieldByFieldElementComparatorIgnoringFields(
                        "alertId").isEqualTo(b);
            }
        }
    }
}
