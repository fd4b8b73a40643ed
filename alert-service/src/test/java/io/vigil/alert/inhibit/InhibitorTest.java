package io.vigil.alert.inhibit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alert.silence.AlertRef;
import io.vigil.alert.silence.MuteReason;
import io.vigil.config.InhibitRule;
import io.vigil.config.LabelMatcher;
import io.vigil.events.Severity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class InhibitorTest {

    /** While a host is down, its other warning and critical alerts are noise. */
    private static final InhibitRule HOST_DOWN = new InhibitRule("host-down-mutes-host",
            List.of(LabelMatcher.equal("rule", "host-down")),
            List.of(LabelMatcher.parse("severity=~\"warning|critical\"")),
            List.of("host"));

    private final Inhibitor inhibitor = new Inhibitor(List.of(HOST_DOWN));

    private static AlertRef alert(String rule, Severity severity, String... labels) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return AlertRef.of(UUID.randomUUID(), rule, severity, map);
    }

    @Test
    void hostDownOnWeb1MutesTheOtherAlertsOfWeb1ButNotOfWeb2NorItself() {
        AlertRef hostDown = alert("host-down", Severity.CRITICAL, "host", "web-1");
        List<AlertRef> web1 = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            web1.add(alert("check-" + i, i % 2 == 0 ? Severity.WARNING : Severity.CRITICAL, "host", "web-1"));
        }
        List<AlertRef> web2 = List.of(alert("check-0", Severity.WARNING, "host", "web-2"),
                alert("check-1", Severity.CRITICAL, "host", "web-2"));
        List<AlertRef> firing = new ArrayList<>(web1);
        firing.add(hostDown);
        firing.addAll(web2);

        Inhibitor.Snapshot snapshot = inhibitor.snapshot(firing);

        assertThat(web1).allSatisfy(a -> {
            MuteReason reason = snapshot.inhibits(a).orElseThrow();
            assertThat(reason.kind()).isEqualTo(MuteReason.Kind.INHIBITED);
            assertThat(reason.id()).isEqualTo(hostDown.alertId().toString());
            assertThat(reason.inhibitingAlert()).contains(hostDown.alertId());
            assertThat(reason.text()).isEqualTo("inhibited by host-down on web-1 (alert "
                    + hostDown.alertId().toString().substring(0, 8) + ")");
        });
        assertThat(web2).allSatisfy(a -> assertThat(snapshot.inhibits(a)).isEmpty());
        assertThat(snapshot.inhibits(hostDown)).as("host-down matches both sides, yet never mutes itself").isEmpty();
    }

    @Test
    void onlyAlertsThatMatchTheTargetSideAreMuted() {
        AlertRef hostDown = alert("host-down", Severity.CRITICAL, "host", "web-1");
        AlertRef noSeverity =
                new AlertRef(UUID.randomUUID(), AlertRef.attributes("heartbeat", null, Map.of("host", "web-1")));

        assertThat(inhibitor.inhibits(noSeverity, List.of(hostDown))).isEmpty();
        assertThat(inhibitor.inhibits(alert("load", Severity.WARNING, "host", "web-1"), List.of(hostDown))).isPresent();
    }

    @Test
    void nothingIsMutedOnceTheSourceNoLongerFires() {
        AlertRef hostDown = alert("host-down", Severity.CRITICAL, "host", "web-1");
        AlertRef load = alert("load", Severity.WARNING, "host", "web-1");

        assertThat(inhibitor.inhibits(load, List.of(hostDown, load))).isPresent();
        assertThat(inhibitor.inhibits(load, List.of(load))).isEmpty();
        assertThat(new Inhibitor(List.of()).inhibits(load, List.of(hostDown, load))).isEmpty();
    }

    @Test
    void aLabelMissingOnBothSidesCountsAsEqualButNotAMissingOnOneSide() {
        Inhibitor byCluster = new Inhibitor(List.of(new InhibitRule("cluster-down",
                List.of(LabelMatcher.equal("rule", "cluster-down")), List.of(LabelMatcher.equal("rule", "pod-crash")),
                List.of("cluster", "zone"))));
        AlertRef clusterDown = alert("cluster-down", Severity.CRITICAL, "cluster", "eu-1");
        List<AlertRef> firing = List.of(clusterDown);

        assertThat(byCluster.inhibits(alert("pod-crash", Severity.WARNING, "cluster", "eu-1"), firing))
                .as("zone missing on both").map(MuteReason::description).contains("cluster-down on eu-1");
        assertThat(byCluster.inhibits(alert("pod-crash", Severity.WARNING, "cluster", "eu-1", "zone", ""), firing))
                .as("an empty value is a missing label").isPresent();
        assertThat(byCluster.inhibits(alert("pod-crash", Severity.WARNING, "cluster", "eu-1", "zone", "a"), firing))
                .as("zone only on the target").isEmpty();
        assertThat(byCluster.inhibits(alert("pod-crash", Severity.WARNING, "cluster", "eu-2"), firing)).isEmpty();
        assertThat(byCluster.inhibits(alert("pod-crash", Severity.WARNING), firing)).as("cluster only on the source")
                .isEmpty();
    }

    @Test
    void withoutEqualLabelsAnySourceMutesEveryTarget() {
        Inhibitor global = new Inhibitor(List.of(new InhibitRule("kafka-down",
                List.of(LabelMatcher.equal("rule", "kafka-down")), List.of(LabelMatcher.equal("rule", "consumer-lag")),
                List.of())));
        AlertRef kafkaDown = alert("kafka-down", Severity.CRITICAL, "host", "kafka-1");

        assertThat(global.inhibits(alert("consumer-lag", Severity.WARNING, "host", "app-7"), List.of(kafkaDown)))
                .map(MuteReason::text).contains("inhibited by kafka-down (alert "
                        + kafkaDown.alertId().toString().substring(0, 8) + ")");
    }

    /**
     * The mutual case. Rule: a critical alert mutes the db team's alerts of its host. A and B are
     * both critical db alerts (two-sided), C a db warning (target only), D a critical web alert
     * (source only).
     */
    @Test
    void twoSidedAlertsNeverMuteEachOtherButMuteTargetsAndYieldToPlainSources() {
        Inhibitor critical = new Inhibitor(List.of(new InhibitRule("critical-mutes-db",
                List.of(LabelMatcher.equal("severity", "critical")), List.of(LabelMatcher.equal("team", "db")),
                List.of("host"))));
        AlertRef a = alert("replication-broken", Severity.CRITICAL, "host", "db-1", "team", "db");
        AlertRef b = alert("disk-full", Severity.CRITICAL, "host", "db-1", "team", "db");
        AlertRef c = alert("slow-queries", Severity.WARNING, "host", "db-1", "team", "db");
        AlertRef d = alert("ping", Severity.CRITICAL, "host", "db-1", "team", "web");

        Inhibitor.Snapshot abc = critical.snapshot(List.of(a, b, c));
        assertThat(abc.inhibits(a)).as("a is not muted by b").isEmpty();
        assertThat(abc.inhibits(b)).as("b is not muted by a").isEmpty();
        assertThat(abc.inhibits(c)).map(MuteReason::id).as("c is muted by the first two-sided source")
                .contains(a.alertId().toString());

        Inhibitor.Snapshot abcd = critical.snapshot(List.of(a, b, c, d));
        assertThat(abcd.inhibits(a)).map(MuteReason::id).contains(d.alertId().toString());
        assertThat(abcd.inhibits(b)).map(MuteReason::id).contains(d.alertId().toString());
        assertThat(abcd.inhibits(c)).map(MuteReason::id).as("a plain source is named first")
                .contains(d.alertId().toString());
        assertThat(abcd.inhibits(d)).as("d is not a target").isEmpty();
    }

    @Test
    void aStaleCopyOfTheSameAlertNeverMutesIt() {
        // The firing set was read while the alert was critical; it has since dropped to a plain target.
        Inhibitor critical = new Inhibitor(List.of(new InhibitRule("critical-mutes-warning",
                List.of(LabelMatcher.equal("severity", "critical")), List.of(LabelMatcher.equal("severity", "warning")),
                List.of("host"))));
        UUID id = UUID.randomUUID();
        AlertRef wasCritical = AlertRef.of(id, "load", Severity.CRITICAL, Map.of("host", "web-1"));
        AlertRef nowWarning = AlertRef.of(id, "load", Severity.WARNING, Map.of("host", "web-1"));

        assertThat(critical.inhibits(nowWarning, List.of(wasCritical))).isEmpty();
        assertThat(critical.inhibits(new AlertRef(null, nowWarning.attributes()), List.of(wasCritical)))
                .as("a label-only question has no id to exclude").isPresent();
    }

    @Test
    void theFirstRuleInConfiguredOrderThatMutesIsNamed() {
        InhibitRule zoneDown = new InhibitRule("zone-down", List.of(LabelMatcher.equal("rule", "zone-down")),
                List.of(LabelMatcher.parse("severity=~\".+\"")), List.of("zone"));
        Inhibitor both = new Inhibitor(List.of(zoneDown, HOST_DOWN));
        AlertRef zone = alert("zone-down", Severity.CRITICAL, "zone", "a");
        AlertRef host = alert("host-down", Severity.CRITICAL, "host", "web-1", "zone", "a");
        AlertRef load = alert("load", Severity.WARNING, "host", "web-1", "zone", "a");

        assertThat(both.inhibits(load, List.of(host, zone))).map(MuteReason::description).contains("zone-down on a");
        assertThat(both.inhibits(host, List.of(host, zone))).map(MuteReason::description).contains("zone-down on a");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void checksManyTargetsAgainstManyFiringAlertsWithoutComparingEveryPair() {
        // 30,000 firing alerts checked against themselves: 9e8 pairs if compared pairwise.
        List<AlertRef> firing = new ArrayList<>();
        for (int h = 0; h < 6_000; h++) {
            String host = "host-" + h;
            firing.add(alert(h % 2 == 0 ? "host-down" : "ping", Severity.CRITICAL, "host", host));
            for (int i = 0; i < 4; i++) {
                firing.add(alert("check-" + i, Severity.WARNING, "host", host));
            }
        }

        Inhibitor.Snapshot snapshot = inhibitor.snapshot(firing);
        long muted = firing.stream().filter(a -> snapshot.inhibits(a).isPresent()).count();

        assertThat(muted).as("the four checks of each host that is down").isEqualTo(3_000 * 4);
    }
}
