package io.vigil.alert.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.config.LabelMatcher;
import io.vigil.support.rest.BadRequestException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of {@code POST /api/silences} and {@code PUT /api/silences/{id}}, checked: every refusal
 * is a {@link BadRequestException} naming the property. Plain Java.
 *
 * @param startsAt null: now (on create) or unchanged (on update)
 */
@Schema(name = "SilenceRequest", description = "matchers (required, at least one), startsAt (default now), "
        + "endsAt (required, after startsAt and now), comment (required)")
public record SilenceRequest(
        @Schema(description = "matchers on the alert's labels (and rule, severity), all of which must hold, "
                + "e.g. host=\"web-1\"", required = true)
        List<String> matchers,
        @Schema(description = "ISO-8601 instant; default now") String startsAt,
        @Schema(description = "ISO-8601 instant, after startsAt and in the future", required = true) String endsAt,
        @Schema(description = "why (at most 1000 characters)", required = true) String comment) {

    static final int MAX_COMMENT = 1000;
    private static final Set<String> KEYS = Set.of("matchers", "startsAt", "endsAt", "comment");

    /** A checked request: parsed matchers and instants. */
    public record Checked(List<LabelMatcher> matchers, Instant startsAt, Instant endsAt, String comment) {
    }

    /**
     * Reads and checks a body.
     *
     * @param defaultStart where the silence starts when the body names no start: now for a new
     *     silence, the stored start for an update (so its end is checked against the right start)
     */
    public static Checked parse(JsonNode body, Instant now, Instant defaultStart) {
        ObjectNode fields = JsonBody.object(body, KEYS);
        List<String> texts = JsonBody.strings(fields, "matchers");
        if (texts.isEmpty()) {
            throw new BadRequestException("matchers", "needs at least one matcher, such as host=\"web-1\"");
        }
        List<LabelMatcher> matchers = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            try {
                matchers.add(LabelMatcher.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("matchers[" + i + "]", e.getMessage());
            }
        }
        // As in Alertmanager: a silence whose every matcher also matches a missing label silences everything.
        if (matchers.stream().allMatch(m -> m.matches(Map.of()))) {
            throw new BadRequestException("matchers", "at least one matcher must require a label value "
                    + "(these would match every alert)");
        }
        Instant startsAt = JsonBody.instant(fields, "startsAt", false);
        Instant endsAt = JsonBody.instant(fields, "endsAt", true);
        Instant start = startsAt != null ? startsAt : defaultStart;
        if (!endsAt.isAfter(start)) {
            throw new BadRequestException("endsAt", "must be after startsAt (" + start + ")");
        }
        if (!endsAt.isAfter(now)) {
            throw new BadRequestException("endsAt", endsAt + " is in the past");
        }
        String comment = JsonBody.text(fields, "comment", true, MAX_COMMENT);
        return new Checked(matchers, startsAt, endsAt, comment);
    }
}
