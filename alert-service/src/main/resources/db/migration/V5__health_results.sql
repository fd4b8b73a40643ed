-- Health-check results (issue 7): alerts now come from two topics, `metrics` and `health-results`,
-- each with partitions of its own. An instance that claims partition 0 of one topic must load the
-- open alerts (and watched series) of that topic's partition 0 only, never the other's: a health
-- alert loaded by the metrics pipeline would be resolved there as the alert of an unknown rule.
-- Everything stored before this version came from `metrics`.
ALTER TABLE alerts ADD COLUMN source_topic text NOT NULL DEFAULT 'metrics';
DROP INDEX alerts_open_partition;
CREATE INDEX alerts_open_partition ON alerts (source_topic, source_partition) WHERE state <> 'RESOLVED';

ALTER TABLE series_seen ADD COLUMN topic text NOT NULL DEFAULT 'metrics';
DROP INDEX series_seen_partition;
CREATE INDEX series_seen_partition ON series_seen (topic, partition);
