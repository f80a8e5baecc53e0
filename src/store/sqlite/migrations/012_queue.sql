-- 012_queue: the queue (wf_finding_list: `netra finding list`, the web's
-- Antrean and GET /api/v1/findings) answers from indexes, whatever the
-- number of findings (docs/web.md, "Performance").
--
-- Counts: finding_counts holds the number of findings per unit, state
-- and category, kept by triggers in the transaction that inserts,
-- deletes or changes a finding, so a count over a scope sums a few
-- hundred rows instead of reading every finding. (The viewer's own
-- findings, never shown, are counted apart through findings_employee.)
CREATE TABLE finding_counts (
  unit_id  INTEGER NOT NULL,
  state    TEXT NOT NULL,
  category TEXT NOT NULL,
  n        INTEGER NOT NULL,
  PRIMARY KEY (unit_id, state, category)
);
INSERT INTO finding_counts(unit_id, state, category, n)
  SELECT unit_id, state, category, COUNT(*) FROM findings
  GROUP BY unit_id, state, category;

CREATE TRIGGER finding_counts_insert AFTER INSERT ON findings
BEGIN
  INSERT INTO finding_counts(unit_id, state, category, n)
    VALUES (NEW.unit_id, NEW.state, NEW.category, 1)
    ON CONFLICT(unit_id, state, category) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER finding_counts_delete AFTER DELETE ON findings
BEGIN
  UPDATE finding_counts SET n = n - 1 WHERE unit_id = OLD.unit_id
    AND state = OLD.state AND category = OLD.category;
END;
CREATE TRIGGER finding_counts_update AFTER UPDATE OF unit_id, state, category
  ON findings
  WHEN OLD.unit_id <> NEW.unit_id OR OLD.state <> NEW.state
    OR OLD.category <> NEW.category
BEGIN
  UPDATE finding_counts SET n = n - 1 WHERE unit_id = OLD.unit_id
    AND state = OLD.state AND category = OLD.category;
  INSERT INTO finding_counts(unit_id, state, category, n)
    VALUES (NEW.unit_id, NEW.state, NEW.category, 1)
    ON CONFLICT(unit_id, state, category) DO UPDATE SET n = n + 1;
END;

-- Pages: one index per sort order the queue offers, led by the sort key
-- and the id (the tie-break) and holding the columns the scope and the
-- filters test, so a page walks the index in order and stops after its
-- rows, reading the table for those rows only. The expressions are the
-- ORDER BY keys of workflow/view.c, written the same way.
CREATE INDEX findings_by_due ON findings(
  COALESCE(due_at, 9223372036854775807), id, unit_id, employee_id, state,
  category);
CREATE INDEX findings_by_created ON findings(created_at, id, unit_id,
  employee_id, state, category);
CREATE INDEX findings_by_severity ON findings(
  CASE severity WHEN 'tinggi' THEN 3 WHEN 'sedang' THEN 2
    WHEN 'rendah' THEN 1 ELSE 0 END, id, unit_id, employee_id, state,
  category);
CREATE INDEX findings_by_state ON findings(state, id, unit_id, employee_id,
  category);
-- per unit in id order: the unit sort (units by code, then their
-- findings) and a small scope's findings
CREATE INDEX findings_by_unit ON findings(unit_id, id, employee_id, state,
  category);
CREATE INDEX findings_employee ON findings(employee_id, unit_id, state,
  category);
-- superseded by findings_by_state and findings_by_unit
DROP INDEX findings_state;
DROP INDEX findings_unit;
