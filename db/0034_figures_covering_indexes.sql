-- What the newsletter's visit and visitor blocks read, so that a quarter (the dashboard's running one above all) is
-- counted from the indexes alone: a quarter's visits are spread over as many heap pages as there are visits, and
-- joining their visitors read the whole visitor table. The blocks name the visitor's plein (the same as the visit's,
-- by visit_visitor_same_plein), so the plein's visitors are one range of visitor_figures.
CREATE INDEX visit_figures ON visit (plein_id, visited_on) INCLUDE (visitor_id, kind, helped_by, spreekuur_id)
    WHERE withdrawn_at IS NULL;
CREATE INDEX visitor_figures ON visitor (plein_id, id) INCLUDE (first_visit_on, birth_year, gender, postcode, wijk_id);
