package io.vigil.alert.inhibit;

import io.vigil.alert.silence.AlertRef;
import io.vigil.alert.silence.Inhibition;
import io.vigil.alert.silence.MuteReason;
import io.vigil.config.InhibitRule;
import io.vigil.config.LabelMatchers;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Inhibition as in Alertmanager: while a source alert of a rule fires, target alerts of that rule
 * with the same values of its {@code equal} labels are muted. Matchers see attributes (labels plus
 * {@code rule} and {@code severity}); a missing label counts as the empty string, so two alerts
 * that both lack an {@code equal} label agree on it.
 *
 * <p>Self and mutual inhibition, Alertmanager's rule: an alert that matches both the source and
 * the target side of a rule (two-sided) can only be inhibited, under that rule, by a source alert
 * that does not match the target side. So an alert never inhibits itself, two alerts of one rule
 * never inhibit each other into silence, and a two-sided alert still inhibits the plain targets
 * and is still inhibited by a plain source. As a guard against a stale copy of the same alert in
 * the firing set, an alert is also never inhibited by an alert with its own id. Cycles across
 * rules (rule A: critical mutes warning, rule B: warning mutes critical) are not detected, as in
 * Alertmanager: they are a mistake in the rules.
 */
public final class Inhibitor {

    private final List<InhibitRule> rules;

    public Inhibitor(List<InhibitRule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<InhibitRule> rules() {
        return rules;
    }

    /**
     * Indexes the firing alerts that can inhibit: per rule, its source alerts by their values of
     * the rule's {@code equal} labels. Built once per round; each target then costs one lookup per
     * rule instead of a pass over every firing alert. Firing alerts need an id.
     */
    public Snapshot snapshot(Collection<AlertRef> firing) {
        List<Map<List<String>, Sources>> index = new ArrayList<>(rules.size());
        for (InhibitRule rule : rules) {
            Map<List<String>, Sources> byEqual = new HashMap<>();
            for (AlertRef alert : firing) {
                Objects.requireNonNull(alert.alertId(), "a firing alert needs its id");
                if (LabelMatchers.matches(rule.source(), alert.attributes())) {
                    boolean twoSided = LabelMatchers.matches(rule.target(), alert.attributes());
                    byEqual.computeIfAbsent(key(rule, alert), k -> new Sources()).add(alert, twoSided);
                }
            }
            index.add(byEqual);
        }
        return new Snapshot(rules, index);
    }

    /** One-off check of {@code target} against {@code firing}; for many targets take a {@link #snapshot}. */
    public Optional<MuteReason> inhibits(AlertRef target, Collection<AlertRef> firing) {
        return snapshot(firing).inhibits(target);
    }

    private static List<String> key(InhibitRule rule, AlertRef alert) {
        List<String> equal = rule.equal();
        String[] values = new String[equal.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = alert.attributes().getOrDefault(equal.get(i), "");
        }
        return List.of(values);
    }

    /** The firing source alerts of one rule with the same equal values, in firing order. */
    private static final class Sources {
        final List<AlertRef> oneSided = new ArrayList<>(1);
        final List<AlertRef> twoSided = new ArrayList<>(0);

        void add(AlertRef alert, boolean alsoTarget) {
            (alsoTarget ? twoSided : oneSided).add(alert);
        }

        AlertRef inhibitorOf(AlertRef target, boolean targetIsTwoSided) {
            AlertRef found = first(oneSided, target.alertId());
            return found != null || targetIsTwoSided ? found : first(twoSided, target.alertId());
        }

        private static AlertRef first(List<AlertRef> alerts, UUID notId) {
            for (AlertRef a : alerts) {
                if (notId == null || !notId.equals(a.alertId())) {
                    return a;
                }
            }
            return null;
        }
    }

    /** The firing alerts indexed for one round; immutable, so it may be shared between threads. */
    public static final class Snapshot implements Inhibition {

        private final List<InhibitRule> rules;
        private final List<Map<List<String>, Sources>> index;

        private Snapshot(List<InhibitRule> rules, List<Map<List<String>, Sources>> index) {
            this.rules = rules;
            this.index = index;
        }

        /** The first rule, in configured order, under which a firing alert inhibits {@code target}. */
        @Override
        public Optional<MuteReason> inhibits(AlertRef target) {
            Map<String, String> attributes = target.attributes();
            for (int i = 0; i < rules.size(); i++) {
                Map<List<String>, Sources> byEqual = index.get(i);
                InhibitRule rule = rules.get(i);
                if (byEqual.isEmpty() || !LabelMatchers.matches(rule.target(), attributes)) {
                    continue;
                }
                Sources sources = byEqual.get(key(rule, target));
                if (sources == null) {
                    continue;
                }
                AlertRef source = sources.inhibitorOf(target, LabelMatchers.matches(rule.source(), attributes));
                if (source != null) {
                    return Optional.of(MuteReason.inhibited(source.alertId(), describe(rule, source)));
                }
            }
            return Optional.empty();
        }

        /** {@code host-down on web-1}: the inhibiting alert's rule and the values both alerts share. */
        private static String describe(InhibitRule rule, AlertRef source) {
            StringBuilder sb = new StringBuilder(source.attributes().getOrDefault(AlertRef.RULE, "an alert"));
            String sep = " on ";
            for (String label : rule.equal()) {
                String value = source.attributes().getOrDefault(label, "");
                if (!value.isEmpty()) {
                    sb.append(sep).append(value);
                    sep = ", ";
                }
            }
            return sb.toString();
        }
    }
}
