package io.vigil.notifier.delivery;

import io.smallrye.mutiny.Uni;

/** Sends one request to Mattermost, once, and says whether a failure is worth retrying. */
public interface MattermostSender {

    /**
     * Makes one request. The returned {@link Uni} never fails: every problem becomes a
     * {@link SendResult} whose detail contains neither the URL nor the token.
     */
    Uni<SendResult> send(Outgoing request);
}
