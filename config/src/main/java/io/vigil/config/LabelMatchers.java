package io.vigil.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one label matching of Vigil, shared by rules (which samples a rule selects), routes (which
 * notifications a route takes), silences, maintenance windows and inhibition: every matcher must
 * hold. An empty list matches everything.
 */
public final class LabelMatchers {

    private LabelMatchers() {
    }

    /** Equality matchers from a map: each label must equal its value; a missing label never equals. */
    public static boolean matches(Map<String, String> matchers, Map<String, String> labels) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            if (!m.getValue().equals(labels.get(m.getKey()))) {
                return false;
            }
        }
        return true;
    }

    public static boolean matches(List<LabelMatcher> matchers, Map<String, String> labels) {
        for (int i = 0; i < matchers.size(); i++) {
            if (!matchers.get(i).matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The equality map as matchers, followed by {@code more}. */
    public static List<LabelMatcher> of(Map<String, String> equal, List<LabelMatcher> more) {
        List<LabelMatcher> all = new ArrayList<>(equal.size() + more.size());
        equal.forEach((k, v) -> all.add(LabelMatcher.equal(k, v)));
        all.addAll(more);
        return List.copyOf(all);
    }
}
