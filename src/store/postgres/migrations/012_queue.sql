-- 012_queue (PostgreSQL): see src/store/sqlite/migrations/012_queue.sql.
--
-- One difference, for concurrent writers (several scans, servers and
-- reviewers at once, which SQLite's single writer never has): a counter
-- row updated by every writer as it goes would be locked by each
-- transaction in the order its findings come, and two transactions
-- touching two units in opposite orders would deadlock. So a writer's
-- changes go first to rows of its own (shard = its backend's pid, which
-- no other transaction touches and nobody else sees before commit), and
-- at commit a deferred trigger folds them into the shared rows (shard 0)
-- in one statement, in key order: every transaction takes the shared
-- rows' locks in the same order, so none waits in a cycle. Counts sum
-- every shard (after commit only shard 0 is left).
CREATE TABLE finding_counts (
  unit_id  BIGINT NOT NULL,
  state    TEXT NOT NULL,
  category TEXT NOT NULL,
  shard    BIGINT NOT NULL DEFAULT 0,
  n        BIGINT NOT NULL,
  PRIMARY KEY (unit_id, state, category, shard)
);
CREATE INDEX finding_counts_shard ON finding_counts(shard);
INSERT INTO finding_counts(unit_id, state, category, shard, n)
  SELECT unit_id, state, category, 0, COUNT(*) FROM findings
  GROUP BY unit_id, state, category;

CREATE FUNCTION netra_finding_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.unit_id = NEW.unit_id
     AND OLD.state = NEW.state AND OLD.category = NEW.category THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO finding_counts(unit_id, state, category, shard, n)
      VALUES (OLD.unit_id, OLD.state, OLD.category, pg_backend_pid(), -1)
      ON CONFLICT (unit_id, state, category, shard)
      DO UPDATE SET n = finding_counts.n - 1;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO finding_counts(unit_id, state, category, shard, n)
      VALUES (NEW.unit_id, NEW.state, NEW.category, pg_backend_pid(), 1)
      ON CONFLICT (unit_id, state, category, shard)
      DO UPDATE SET n = finding_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION netra_finding_counts_fold() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  WITH mine AS (
    DELETE FROM finding_counts WHERE shard = pg_backend_pid()
    RETURNING unit_id, state, category, n)
  INSERT INTO finding_counts(unit_id, state, category, shard, n)
    SELECT unit_id, state, category, 0, SUM(n) FROM mine
    GROUP BY unit_id, state, category
    ORDER BY unit_id, state, category
    ON CONFLICT (unit_id, state, category, shard)
    DO UPDATE SET n = finding_counts.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE TRIGGER findings_counts
  AFTER INSERT OR DELETE OR UPDATE OF unit_id, state, category ON findings
  FOR EACH ROW EXECUTE FUNCTION netra_finding_counts();
-- at commit; the first firing folds everything, the others find nothing
CREATE CONSTRAINT TRIGGER findings_counts_fold
  AFTER INSERT OR DELETE OR UPDATE OF unit_id, state, category ON findings
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION netra_finding_counts_fold();

CREATE INDEX findings_by_due ON findings(
  (COALESCE(due_at, 9223372036854775807)), id, unit_id, employee_id, state,
  category);
CREATE INDEX findings_by_created ON findings(created_at, id, unit_id,
  employee_id, state, category);
CREATE INDEX findings_by_severity ON findings(
  (CASE severity WHEN 'tinggi' THEN 3 WHEN 'sedang' THEN 2
    WHEN 'rendah' THEN 1 ELSE 0 END), id, unit_id, employee_id, state,
  category);
CREATE INDEX findings_by_state ON findings(state, id, unit_id, employee_id,
  category);
CREATE INDEX findings_by_unit ON findings(unit_id, id, employee_id, state,
  category);
CREATE INDEX findings_employee ON findings(employee_id, unit_id, state,
  category);
DROP INDEX findings_state;
DROP INDEX findings_unit;
