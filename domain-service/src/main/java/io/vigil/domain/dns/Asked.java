package io.vigil.domain.dns;

/** One question's result: which server, and what it answered (nothing, when the target was unusable). */
record Asked(Target target, Answer answer) {

    /** A definite answer about the name from a usable server: what agreement compares. */
    boolean answered() {
        return target.problem() == null && answer != null && answer.answered();
    }
}
