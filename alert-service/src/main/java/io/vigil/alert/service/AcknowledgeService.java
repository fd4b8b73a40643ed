package io.vigil.alert.service;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vigil.alert.store.AckOutcome;
import io.vigil.alert.store.Acknowledgements;
import io.vigil.alert.store.AlertView;
import io.vigil.support.rest.ConflictException;
import io.vigil.support.rest.NotFoundException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Operators taking a firing alert: reminders stop and the channel hears who took it. */
@ApplicationScoped
public class AcknowledgeService {

    private final Acknowledgements acknowledgements;

    public AcknowledgeService(Acknowledgements acknowledgements) {
        this.acknowledgements = acknowledgements;
    }

    /**
     * Acknowledges a firing alert, or returns it unchanged when it already was (idempotent).
     * {@link NotFoundException} for an unknown id, {@link ConflictException} when it is not firing.
     */
    public Uni<AlertView> acknowledge(UUID id, String actor, String comment) {
        return acknowledgements.acknowledge(id, actor, comment).map(outcome -> {
            if (outcome instanceof AckOutcome.Acknowledged a) {
                Log.infof("alert acknowledged id=%s rule=%s by=%s sequence=%d", id, a.alert().rule(), actor,
                        a.alert().sequence());
                return a.alert();
            }
            if (outcome instanceof AckOutcome.AlreadyAcknowledged a) {
                return a.alert();
            }
            if (outcome instanceof AckOutcome.NotFiring n) {
                throw new ConflictException("id", "alert " + id + " is " + n.state().label()
                        + ": only a firing alert can be acknowledged");
            }
            throw new NotFoundException("id", "no alert has the id " + id);
        });
    }
}
