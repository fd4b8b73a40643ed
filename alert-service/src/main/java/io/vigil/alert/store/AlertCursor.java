package io.vigil.alert.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of alerts ended, in the list's order (most recently changed first, then id): the next
 * page starts after it. Opaque to clients ({@link #encode()}), so its form may change.
 */
public record AlertCursor(Instant updatedAt, UUID id) {

    public static AlertCursor after(AlertView alert) {
        return new AlertCursor(alert.updatedAt(), alert.id());
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((updatedAt + "/" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a cursor made by {@link #encode()}; throws {@link IllegalArgumentException} for anything else. */
    public static AlertCursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8);
            int slash = plain.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("no separator");
            }
            return new AlertCursor(Instant.parse(plain.substring(0, slash)), UUID.fromString(plain.substring(slash + 1)));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a cursor: pass the 'next' of the previous page", e);
        }
    }
}
