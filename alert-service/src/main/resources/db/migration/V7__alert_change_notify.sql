-- Live dashboard feed (issue 11): every change of an alert row that the API shows is announced on
-- the channel vigil_alert_changes with the alert's id, so that every alert-service instance (each
-- LISTENs, live.AlertChanges) can push it to its browsers, whichever instance made the change.
-- Only the id travels: the listener reads the current row, which is always right (clients keep the
-- higher sequence), and a payload never nears NOTIFY's 8000-byte limit.
--
-- One NOTIFY per changed row is cheap here: alert rows change on transitions, acknowledgements and
-- the dispatcher's decisions, rare next to the samples. PostgreSQL folds identical notifications of
-- one transaction into one. Updates that touch only the dispatcher's bookkeeping (notified_*,
-- next_reminder_at, group_key) change nothing a viewer sees and are not announced.
CREATE FUNCTION notify_alert_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND (OLD.state, OLD.severity, OLD.labels, OLD.value, OLD.summary, OLD.starts_at,
            OLD.fired_at, OLD.resolved_at, OLD.updated_at, OLD.sequence, OLD.acknowledged_by,
            OLD.acknowledged_at, OLD.ack_comment, OLD.flapping, OLD.muted_reason, OLD.inhibited_by, OLD.route)
        IS NOT DISTINCT FROM (NEW.state, NEW.severity, NEW.labels, NEW.value, NEW.summary, NEW.starts_at,
            NEW.fired_at, NEW.resolved_at, NEW.updated_at, NEW.sequence, NEW.acknowledged_by,
            NEW.acknowledged_at, NEW.ack_comment, NEW.flapping, NEW.muted_reason, NEW.inhibited_by, NEW.route) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_notify('vigil_alert_changes', NEW.id::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER alerts_notify_change
    AFTER INSERT OR UPDATE ON alerts
    FOR EACH ROW EXECUTE FUNCTION notify_alert_change();
