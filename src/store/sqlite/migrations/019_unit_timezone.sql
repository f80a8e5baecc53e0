-- 019_unit_timezone: a unit's own time zone (docs/registry.md), for
-- regions that span Indonesia's zones (a province's offices in WITA and
-- WIT, BKN for the whole country). A name civil_zone_parse() reads (WIB,
-- WITA, WIT, Asia/Jayapura, ...), checked by the registry import; NULL: the
-- nearest unit above with one, else the region's zone (the profile's
-- timezone, settings 'region.timezone'). Deadlines and working days of a
-- finding count in the zone of the unit that reviews it.
ALTER TABLE units ADD COLUMN timezone TEXT;
