package io.vigil.alert.rule;

import io.vigil.alert.lifecycle.Transition;
import java.util.ArrayList;
import java.util.List;

/**
 * What one evaluation step decided: transitions to store (in order), and absence bookkeeping (series
 * seen for the first time or again after a while, series forgotten) to store with them.
 */
public final class Output {

    public final List<Transition> transitions = new ArrayList<>();
    public final List<SeenSeries> seen = new ArrayList<>();
    public final List<SeenSeries> forgotten = new ArrayList<>();

    public boolean isEmpty() {
        return transitions.isEmpty() && seen.isEmpty() && forgotten.isEmpty();
    }

    void add(Transition t) {
        transitions.add(t);
    }

    /** Appends everything {@code other} holds, after what this one holds. */
    public void addAll(Output other) {
        transitions.addAll(other.transitions);
        seen.addAll(other.seen);
        forgotten.addAll(other.forgotten);
    }
}
