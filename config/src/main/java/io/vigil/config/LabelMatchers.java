package io.vigil.config;

import java.util.Map;

/**
 * The one label matching of Vigil, shared by rules (which samples a rule selects) and routes (which
 * notifications a route takes): every matcher must equal the label of the same name; a missing
 * label never equals. An empty set of matchers matches everything.
 */
public final class LabelMatchers {

    private LabelMatchers() {
    }

    public static boolean matches(Map<String, String> matchers, Map<String, String> labels) {
        for (Map.Entry<String, String> m : matchers.entrySet()) {
            if (!m.getValue().equals(labels.get(m.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
