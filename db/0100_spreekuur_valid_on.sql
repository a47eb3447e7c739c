-- When a spreekuur counts, written once instead of in every query that lists spreekuren. It is held on a day when it
-- is active and the day lies within its validity (valid_until is the last day it is held; none: open-ended). "Not
-- ended" is the same without the start: the HSDS feed and a professional's own list also show the ones that begin
-- later. Plain SQL functions of the row, so the planner inlines them: a query reads as if the condition were typed
-- out, and plans the same.

CREATE FUNCTION spreekuur_not_ended(s spreekuur, day date) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN s.active AND (s.valid_until IS NULL OR s.valid_until >= day);

CREATE FUNCTION spreekuur_valid_on(s spreekuur, day date) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN spreekuur_not_ended(s, day) AND s.valid_from <= day;
