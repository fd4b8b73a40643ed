-- A claim names the process that holds it and until when (DESIGN §7, crash safety). A row left
-- 'pending' by a process that died is taken over by another one only after lease_until, so two
-- live processes never post the same notification; the holder renews the lease before each attempt.
-- Rows written before this migration have no owner and are taken over at once, as before.
ALTER TABLE notifier.delivery_log
    ADD COLUMN owner       text,
    ADD COLUMN lease_until timestamptz;

-- The retention clean-up deletes finished rows by age.
CREATE INDEX delivery_log_finished_at_idx ON notifier.delivery_log (finished_at) WHERE finished_at IS NOT NULL;
