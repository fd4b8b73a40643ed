package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.OpenAlert;
import io.vigil.alert.lifecycle.SeriesLifecycle;
import io.vigil.alert.lifecycle.Transition;
import io.vigil.config.Flapping;
import io.vigil.config.RuleConfig;
import io.vigil.events.DomainFinding;
import io.vigil.events.HealthResult;
import io.vigil.events.MetricBatch;
import io.vigil.events.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates every rule against one partition's inputs (metric batches, health results or domain findings: each
 * pipeline's engines hold only the rules of its topic), in memory, and decides the transitions to
 * store. Rules are looked up by metric name (in practice by the name's position in
 * its host's last batch, see {@link Shape}), so a sample no rule reads costs an identity check; a
 * rule with nothing open and a value that breaches nothing costs a comparison.
 * Wall-clock work (absence, flapping series turning stable) happens in {@link #tick}. Not
 * thread-safe: one pipeline owns it (one engine per consumed partition, so a lost partition takes
 * its alerts with it).
 */
public final class RuleEngine {

    private static final RuleState[] NONE = new RuleState[0];

    private final Duration forgetAfter;
    private final SampleView view = new SampleView();
    private Map<String, RuleState> states = new LinkedHashMap<>();
    private Map<String, Candidate[]> byMetric = Map.of();
    private RuleState[] batchRules = NONE;
    /** Rules that read health results, the fallback ({@code check-down}) apart. */
    private RuleState[] resultRules = NONE;
    private RuleState fallback;
    /** Rules that read domain findings, the fallback ({@code domain-problem}) apart. */
    private RuleState[] findingRules = NONE;
    private RuleState findingFallback;
    private long version = -1;
    /** The names of each host's last batch and their rules, by position: see {@link Shape}. */
    private final Map<String, Shape> shapes = new HashMap<>();
    /** Beyond this many hosts the shapes are forgotten and rebuilt, so hosts that went away cost nothing for long. */
    private static final int MAX_SHAPES = 50_000;

    /**
     * A collector sends the same metric names in the same order every tick, and metrics readers
     * share equal name strings between batches: so the rules of the sample at position i are
     * usually those of the same name object at position i last time, found without hashing.
     * A different name there is looked up by name, as before, and remembered.
     */
    private static final class Shape {
        String[] names;
        Candidate[][] rules;

        Shape(int samples) {
            names = new String[samples];
            rules = new Candidate[samples][];
        }

        void fit(int samples) {
            if (names.length < samples) {
                names = java.util.Arrays.copyOf(names, samples);
                rules = java.util.Arrays.copyOf(rules, samples);
            }
        }
    }

    /**
     * A rule as the per-sample loop meets it: its state, and whether it selects a sample's series.
     * Metrics readers share equal label maps between samples and batches (MetricBatchReader), so for
     * matchers that read only the sample's own labels (not {@code host}) the last few answers are
     * kept by map identity: the regex or comparison runs once per distinct label set, not per sample.
     */
    private static final class Candidate {
        private static final int REMEMBERED = 4;

        final RuleState state;
        final boolean selectsAll;
        final boolean readsOnlyLabels;
        private final Map<?, ?>[] labels = new Map<?, ?>[REMEMBERED];
        private final boolean[] selected = new boolean[REMEMBERED];
        private int next;

        Candidate(RuleState state) {
            this.state = state;
            this.selectsAll = state.rule().matchers().isEmpty();
            this.readsOnlyLabels = state.rule().matchers().stream().noneMatch(m -> m.name().equals("host"));
        }

        boolean selects(String host, Map<String, String> sampleLabels, SampleView view) {
            if (selectsAll) {
                return true;
            }
            if (!readsOnlyLabels) {
                return state.rule().selects(view.of(host, sampleLabels));
            }
            for (int i = 0; i < REMEMBERED; i++) {
                if (labels[i] == sampleLabels) {
                    return selected[i];
                }
            }
            boolean answer = state.rule().selects(view.of(host, sampleLabels));
            labels[next] = sampleLabels;
            selected[next] = answer;
            next = (next + 1) % REMEMBERED;
            return answer;
        }
    }

    public RuleEngine(RuleBook book, Instant now, Duration forgetAfter) {
        this.forgetAfter = forgetAfter;
        rules(book, now);
    }

    /** An engine over these rules with default settings (tests). */
    public RuleEngine(List<RuleConfig> rules) {
        this(RuleBook.of(rules), Instant.now(), Duration.ofDays(7));
    }

    public long version() {
        return version;
    }

    /**
     * Switches to another version of the rule set. Rules that stay carry their state on; rules that
     * are gone, or changed beyond carrying on, resolve their open alerts with the reason (returned).
     */
    public List<Transition> rules(RuleBook book, Instant now) {
        List<Transition> closed = new ArrayList<>();
        Map<String, RuleState> next = new LinkedHashMap<>();
        for (RuleConfig rule : book.rules()) {
            Flapping flapping = rule.flapping() != null ? rule.flapping() : book.alerting().flapping();
            RuleState old = states.remove(rule.name());
            if (old != null && (old.rule().equals(rule) || old.redefine(rule))) {
                next.put(rule.name(), old);
                continue;
            }
            if (old != null) {
                closed.addAll(old.close("rule '" + rule.name() + "' was changed", now));
            }
            next.put(rule.name(), RuleTypes.create(rule, flapping, now, forgetAfter));
        }
        for (RuleState gone : states.values()) {
            closed.addAll(gone.close("rule '" + gone.rule().name() + "' was removed", now));
        }
        states = next;
        Map<String, List<RuleState>> index = new HashMap<>();
        List<RuleState> batches = new ArrayList<>();
        List<RuleState> results = new ArrayList<>();
        List<RuleState> findings = new ArrayList<>();
        RuleState newFallback = null;
        RuleState newFindingFallback = null;
        for (RuleState s : next.values()) {
            if (s.readsFindings()) {
                if (s.isFallback()) {
                    newFindingFallback = s;
                } else {
                    findings.add(s);
                }
            } else if (s.readsResults()) {
                if (s.isFallback()) {
                    newFallback = s;
                } else {
                    results.add(s);
                }
            } else if (s.readsBatches()) {
                batches.add(s);
            } else {
                index.computeIfAbsent(s.rule().metric(), m -> new ArrayList<>()).add(s);
            }
        }
        Map<String, Candidate[]> arrays = new HashMap<>();
        index.forEach((m, l) -> arrays.put(m, l.stream().map(Candidate::new).toArray(Candidate[]::new)));
        byMetric = arrays;
        shapes.clear();
        batchRules = batches.toArray(NONE);
        resultRules = results.toArray(NONE);
        fallback = newFallback;
        findingRules = findings.toArray(NONE);
        findingFallback = newFindingFallback;
        version = book.version();
        return closed;
    }

    /**
     * Carries on open alerts from the store. An alert whose rule is no longer configured cannot be
     * evaluated any more: it is resolved, with the reason, by the returned transitions.
     */
    public List<Transition> restore(List<OpenAlert> open, Instant now) {
        List<Transition> orphans = new ArrayList<>();
        for (OpenAlert alert : open) {
            RuleState state = states.get(alert.rule());
            if (state == null) {
                orphans.add(SeriesLifecycle.resolveOrphan(alert,
                        "rule '" + alert.rule() + "' is no longer configured", now));
                continue;
            }
            state.restore(alert);
        }
        return orphans;
    }

    /** Picks up the series absence rules watched before (from the store). */
    public void restoreSeen(List<SeenSeries> seen) {
        for (SeenSeries s : seen) {
            RuleState state = states.get(s.rule());
            if (state != null) {
                state.restoreSeen(s);
            }
        }
    }

    /** The transitions one batch causes, in sample order, with absence bookkeeping. */
    public void evaluate(MetricBatch batch, Instant receivedAt, Output out) {
        String host = batch.host();
        Instant at = batch.occurredAt();
        for (RuleState s : batchRules) {
            s.batch(batch, receivedAt, out);
        }
        List<MetricSample> samples = batch.samples();
        Shape shape = shapeOf(host, samples.size());
        for (int i = 0; i < samples.size(); i++) {
            MetricSample sample = samples.get(i);
            String name = sample.name();
            Candidate[] rules;
            if (shape.names[i] == name) {
                rules = shape.rules[i];
            } else {
                rules = byMetric.get(name);
                shape.names[i] = name;
                shape.rules[i] = rules;
            }
            if (rules == null || Double.isNaN(sample.value())) {
                continue;
            }
            for (Candidate c : rules) {
                if (c.selects(host, sample.labels(), view)) {
                    c.state.sample(host, sample, at, receivedAt, out);
                }
            }
        }
    }

    /**
     * The transitions one health result causes: every rule that selects its labels counts it; the
     * fallback rule ({@code check-down}) counts it only when no other rule did, so a check without
     * a rule of its own still alerts and one with a rule is not alerted on twice.
     */
    public void evaluate(HealthResult result, Instant receivedAt, Output out) {
        Map<String, String> labels = labelsOf(result);
        boolean selected = false;
        for (RuleState s : resultRules) {
            if (s.rule().selects(labels)) {
                s.result(result, labels, receivedAt, out);
                selected = true;
            }
        }
        if (!selected && fallback != null && fallback.rule().selects(labels)) {
            fallback.result(result, labels, receivedAt, out);
        }
    }

    /**
     * The labels a health result's alerts carry and rules match: the result's, which the
     * health-service fills with {@code check}, {@code type} and {@code host}; should a producer
     * leave them out, {@code check} and {@code host} fall back to the check id (a push check's host
     * is its name) and {@code type} to the result's type. Never the message: that changes per run.
     */
    static Map<String, String> labelsOf(HealthResult result) {
        Map<String, String> given = result.labels();
        if (given.containsKey("check") && given.containsKey("host")
                && (given.containsKey("type") || result.type().isEmpty())) {
            return given;
        }
        Map<String, String> labels = new HashMap<>(given);
        labels.putIfAbsent("check", result.checkId());
        labels.putIfAbsent("host", result.checkId());
        if (!result.type().isEmpty()) {
            labels.putIfAbsent("type", result.type());
        }
        return Map.copyOf(labels);
    }

    /**
     * The transitions one domain finding causes, chosen as for health results: every domain rule
     * that selects its labels judges it, the fallback ({@code domain-problem}) only when none did.
     */
    public void evaluate(DomainFinding finding, Instant receivedAt, Output out) {
        Map<String, String> labels = labelsOf(finding);
        boolean selected = false;
        for (RuleState s : findingRules) {
            if (s.rule().selects(labels)) {
                s.finding(finding, labels, receivedAt, out);
                selected = true;
            }
        }
        if (!selected && findingFallback != null && findingFallback.rule().selects(labels)) {
            findingFallback.finding(finding, labels, receivedAt, out);
        }
    }

    /**
     * The labels a domain finding's alerts carry and rules match: the finding's, which the
     * domain-service fills with the domain's labels plus {@code domain}, {@code kind} and
     * {@code subject}; should a producer leave those out, they come from the finding's fields. So
     * one alert per (rule, domain, kind, subject); never the code or message, which change per run.
     */
    static Map<String, String> labelsOf(DomainFinding finding) {
        Map<String, String> given = finding.labels();
        if (given.containsKey("domain") && given.containsKey("kind") && given.containsKey("subject")) {
            return given;
        }
        Map<String, String> labels = new HashMap<>(given);
        labels.putIfAbsent("domain", finding.domain());
        labels.putIfAbsent("kind", finding.kind());
        labels.putIfAbsent("subject", finding.subject());
        return Map.copyOf(labels);
    }

    private Shape shapeOf(String host, int samples) {
        Shape shape = shapes.get(host);
        if (shape == null) {
            if (shapes.size() >= MAX_SHAPES) {
                shapes.clear();
            }
            shape = new Shape(samples);
            shapes.put(host, shape);
        }
        shape.fit(samples);
        return shape;
    }

    /** The transitions one batch causes (tests and callers that need nothing else). */
    public List<Transition> evaluate(MetricBatch batch) {
        Output out = new Output();
        evaluate(batch, batch.occurredAt(), out);
        return out.transitions;
    }

    /** Wall-clock work: absence and flapping series that became stable. */
    public void tick(Instant now, Output out) {
        for (RuleState s : states.values()) {
            s.tick(now, out);
        }
    }

    /** Number of series with state (open alerts, flap history, fits, watched hosts). */
    public int trackedSeries() {
        int n = 0;
        for (RuleState s : states.values()) {
            n += s.trackedSeries();
        }
        return n;
    }
}
