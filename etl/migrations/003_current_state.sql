-- 003: the current state of every entity (contract §2) kept in tables, for speed at province scale.
-- Until now the public views found it on every query with a window over every stored row (each
-- cumulative return repeats its cases: ~3.5 million rows for 1 million cases, about 2 s a query).
-- From now on etl/load.py (refresh_current) recomputes these rows for the units a write touches,
-- inside the same transaction (load, restore, withdraw); views.sql reads them. Rule: per entity
-- key, the row of the active submission with the latest period end (ties: the later upload).
-- Built here once from what is already stored.
CREATE TABLE current_petitions AS
SELECT s.unit_code, s.period_code AS last_period_code, s.submission_id, r.* EXCLUDE (submission_id)
FROM petition_rows r JOIN submissions s USING (submission_id)
WHERE s.status = 'active'
QUALIFY row_number() OVER (PARTITION BY s.unit_code, r.ref_key
                           ORDER BY s.period_end DESC, s.uploaded_at DESC, s.submission_id DESC) = 1;

CREATE TABLE current_reception AS
SELECT s.unit_code, s.period_code AS last_period_code, s.submission_id, r.* EXCLUDE (submission_id)
FROM reception_rows r JOIN submissions s USING (submission_id)
WHERE s.status = 'active'
QUALIFY row_number() OVER (PARTITION BY s.unit_code, r.session_date, r.form, r.host_role
                           ORDER BY s.period_end DESC, s.uploaded_at DESC, s.submission_id DESC) = 1;

CREATE TABLE current_models AS
SELECT s.unit_code, s.period_code AS last_period_code, s.submission_id, r.* EXCLUDE (submission_id)
FROM model_rows r JOIN submissions s USING (submission_id)
WHERE s.status = 'active'
QUALIFY row_number() OVER (PARTITION BY s.unit_code, r.model_key
                           ORDER BY s.period_end DESC, s.uploaded_at DESC, s.submission_id DESC) = 1;

CREATE TABLE current_training AS
SELECT s.unit_code, s.period_code AS last_period_code, s.submission_id, r.* EXCLUDE (submission_id)
FROM training_rows r JOIN submissions s USING (submission_id)
WHERE s.status = 'active'
QUALIFY row_number() OVER (PARTITION BY s.unit_code, r.course_date, r.course_key
                           ORDER BY s.period_end DESC, s.uploaded_at DESC, s.submission_id DESC) = 1;

CREATE TABLE current_dissemination AS
SELECT s.unit_code, s.period_code AS last_period_code, s.submission_id, r.* EXCLUDE (submission_id)
FROM dissemination_rows r JOIN submissions s USING (submission_id)
WHERE s.status = 'active'
QUALIFY row_number() OVER (PARTITION BY s.unit_code, r.activity_date, r.content_key
                           ORDER BY s.period_end DESC, s.uploaded_at DESC, s.submission_id DESC) = 1;
