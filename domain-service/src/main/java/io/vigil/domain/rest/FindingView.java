package io.vigil.domain.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.vigil.domain.store.FindingStore.StoredFinding;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** A finding as the API shows it: the latest about one subject, and since when its status holds. */
public record FindingView(String domain, String kind, String subject, String status, String code, String message,
        @JsonProperty("checked_at") Instant checkedAt, Instant since, Map<String, String> details) {

    static FindingView of(StoredFinding f) {
        return new FindingView(f.domain(), f.kind(), f.subject(), f.status().toLowerCase(Locale.ROOT), f.code(),
                f.message(), f.checkedAt(), f.since(), f.details());
    }
}
