-- Metric history (issue 11): one row per series and minute with min, max, sum, count and the last
-- value (last_at says which sample was last, so that two writes of one minute combine right).
-- A series is the metric name plus its labels (host included), kept in the row: no series table
-- to keep in step, and the primary key (metric, minute, labels) serves the charts' query (one
-- metric over a time range) as well as the writer's upsert.
--
-- Partitioned by day so that retention drops whole partitions (no vacuum debt, no long deletes).
-- The service creates each day's partition, named metric_rollups_YYYYMMDD (UTC), before writing
-- into it, and drops the ones past history.retention. No default partition: a row it held would
-- stop that day's partition from being created.
CREATE TABLE metric_rollups (
    metric   text             NOT NULL,
    labels   jsonb            NOT NULL,
    minute   timestamptz      NOT NULL,
    min      double precision NOT NULL,
    max      double precision NOT NULL,
    sum      double precision NOT NULL,
    count    bigint           NOT NULL,
    last     double precision NOT NULL,
    last_at  timestamptz      NOT NULL,
    PRIMARY KEY (metric, minute, labels)
) PARTITION BY RANGE (minute);
