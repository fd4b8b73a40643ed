package io.vigil.notifier.delivery;

import io.smallrye.mutiny.Uni;
import io.vigil.config.MattermostTarget;

/** Sends one prepared post to one Mattermost target, once, and says whether a failure is worth retrying. */
public interface MattermostSender {

    /**
     * Makes one request. The returned {@link Uni} never fails: every problem becomes a
     * {@link SendResult} whose detail does not contain the webhook URL.
     */
    Uni<SendResult> send(MattermostTarget target, String jsonBody);
}
