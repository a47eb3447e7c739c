-- What the newsletter's metingen block ("Helpt het?") reads, so that a plein's four quarters of metingen are counted
-- from one index range alone. At the region's busiest plein the block read 27,559 buffers: a meting's heap page per
-- meting (metingen of a plein are spread over the table as they come in), and for each meting its visit, only to
-- see that the visit was not withdrawn. Now the metingen come from meting_figures (every column the block reads,
-- so an index-only scan), and the withdrawn visits from visit_withdrawn, which holds the few withdrawn ones only:
-- the block asks whether a meting's visit is among them (79 buffers; docs/benchmarks.md, "Newsletter figures").
CREATE INDEX meting_figures ON meting (plein_id, measured_on) INCLUDE (visitor_id, leefgebied_id, step, id, visit_id);
-- The same keys as meting_figures, so every statement it served is served by that one.
DROP INDEX meting_plein_date;
CREATE INDEX visit_withdrawn ON visit (id) WHERE withdrawn_at IS NOT NULL;
