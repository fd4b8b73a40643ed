package io.vigil.notifier.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.EventSource;
import io.vigil.events.GroupedAlert;
import io.vigil.events.Notification;
import io.vigil.events.NotificationGroup;
import io.vigil.events.NotificationKind;
import io.vigil.events.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationServiceTest {

    @Test
    void postsOfOneGroupKeepTheirOrderWhateverAlertComesFirst() {
        Notification first = grouped("fp-disk", "ops/host=web-1");
        Notification next = grouped("fp-cpu", "ops/host=web-1");

        assertThat(NotificationService.orderKey(first)).isEqualTo("ops/host=web-1")
                .isEqualTo(NotificationService.orderKey(next));
    }

    @Test
    void anUngroupedNotificationKeepsItsAlertsOrder() {
        Notification n = new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "a"), 1,
                NotificationKind.FIRING, UUID.randomUUID(), "fp-cpu", 1, "high-cpu", Severity.WARNING, null, "s",
                Map.of(), 1.0, Instant.now());

        assertThat(NotificationService.orderKey(n)).isEqualTo("fp-cpu");
    }

    private static Notification grouped(String fingerprint, String key) {
        GroupedAlert a = new GroupedAlert(UUID.randomUUID(), fingerprint, 1, NotificationKind.FIRING, "r",
                Severity.WARNING, "s", Map.of(), 1.0, Instant.now(), Instant.now(), null, null);
        return new Notification(UUID.randomUUID(), Instant.now(), new EventSource("alert-service", "a"), 1,
                NotificationKind.FIRING, a.alertId(), fingerprint, 1, "r", Severity.WARNING, null, "s", Map.of(), 1.0,
                Instant.now(), "first", "ops", new NotificationGroup(key, Map.of("host", "web-1"), List.of(a), 1), null,
                null);
    }
}
