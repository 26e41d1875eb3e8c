-- Public views (contract §4): the combined current state of contract §2.
-- Re-created whenever this file changes. Extra columns beyond the contract are fine.

CREATE OR REPLACE VIEW v_units AS
SELECT unit_code, unit_name,
       (valid_to IS NULL OR valid_to >= current_date) AS active,
       aliases, valid_from, valid_to, successor_code, current_unit_code, reports, sort_order
FROM units;

CREATE OR REPLACE VIEW v_submissions AS
SELECT s.submission_id, s.unit_code, s.period_code, s.period_start, s.period_end,
       s.file_name, s.file_sha256, s.uploaded_by, s.uploaded_at,
       s.status = 'active' AS is_active,
       s.status, s.period_kind, s.year, s.file_size, s.file_format, s.reporter, s.report_date,
       s.n_warnings, s.dropped_columns, s.status_changed_at, s.status_changed_by,
       coalesce(u.current_unit_code, s.unit_code) AS current_unit_code
FROM submissions s LEFT JOIN units u USING (unit_code);

-- Active submissions only; "newest state" order: latest period end, then the later upload.
CREATE OR REPLACE VIEW _active AS
SELECT s.submission_id, s.unit_code, s.period_code, s.period_kind, s.year, s.period_start, s.period_end,
       s.uploaded_at, coalesce(u.current_unit_code, s.unit_code) AS current_unit_code
FROM submissions s LEFT JOIN units u USING (unit_code)
WHERE s.status = 'active';

-- The entity views read the current-state tables (migration 003), which etl/load.py refreshes in
-- the transaction of every load, restore and withdrawal: per entity key, the row of the active
-- submission with the latest period end (ties: the later upload). current_unit_code comes from
-- the catalogue at query time, so a change of merges needs no refresh. A row a successor unit's
-- newer row repeats (taken_over, migration 004) is the same entity and is left out.
CREATE OR REPLACE VIEW v_petitions AS
SELECT c.unit_code, petition_ref, received_date, kind, within_competence, attempt, complexity,
       remote_area, accepted_date, due_date, resolved_date, status, result,
       (resolved_date IS NOT NULL AND status NOT IN ('chua_xu_ly', 'dang_giai_quyet')) AS is_resolved,
       CAST(CASE WHEN resolved_date IS NOT NULL
                 THEN date_diff('day', coalesce(accepted_date, received_date), resolved_date) END AS INTEGER)
           AS resolution_days,
       CASE WHEN resolved_date IS NOT NULL AND status NOT IN ('chua_xu_ly', 'dang_giai_quyet')
                 AND due_date IS NOT NULL
            THEN resolved_date <= due_date END AS on_time,
       field, source, extension_days, due_rule, due_basis, summary, note,
       coalesce(u.current_unit_code, c.unit_code) AS current_unit_code, submission_id, last_period_code, excel_row
FROM current_petitions c LEFT JOIN units u USING (unit_code)
WHERE NOT c.taken_over;

CREATE OR REPLACE VIEW v_reception_sessions AS
SELECT c.unit_code, session_date, form, host_role, on_schedule, visits, people, cases, delegations,
       note, coalesce(u.current_unit_code, c.unit_code) AS current_unit_code, submission_id, last_period_code
FROM current_reception c LEFT JOIN units u USING (unit_code)
WHERE NOT c.taken_over;

CREATE OR REPLACE VIEW v_models AS
SELECT c.unit_code, model_name, model_type, field, registered_date, status, recognition_level,
       start_date, end_date, decision_no, highlights, model_key,
       coalesce(u.current_unit_code, c.unit_code) AS current_unit_code, submission_id, last_period_code
FROM current_models c LEFT JOIN units u USING (unit_code)
WHERE NOT c.taken_over;

CREATE OR REPLACE VIEW v_training_courses AS
SELECT c.unit_code, course_name, course_date, topic, assigned, attended,
       coalesce(u.current_unit_code, c.unit_code) AS current_unit_code, submission_id
FROM current_training c LEFT JOIN units u USING (unit_code)
WHERE NOT c.taken_over;

CREATE OR REPLACE VIEW v_dissemination AS
SELECT c.unit_code, content, activity_date, c.form, participants,
       coalesce(u.current_unit_code, c.unit_code) AS current_unit_code, submission_id
FROM current_dissemination c LEFT JOIN units u USING (unit_code)
WHERE NOT c.taken_over;

-- The catalogue year that applies to a return's year: its own, else the latest earlier one.
CREATE OR REPLACE VIEW _indicator_catalog AS
-- Its texts name their year ("Kế hoạch ... năm 2025"): a later year that uses it reads its own.
SELECT y.year AS report_year,
       i.* REPLACE (replace(i.name, 'năm ' || i.year, 'năm ' || y.year) AS name,
                    replace(i.short_name, 'năm ' || i.year, 'năm ' || y.year) AS short_name)
FROM (SELECT DISTINCT year FROM submissions) y
JOIN indicators i ON i.year = (SELECT max(year) FROM indicators WHERE year <= y.year);

-- Indicator values per (unit, year, period): typed rows, plus the derived ones.
CREATE OR REPLACE VIEW v_indicator_values AS
WITH typed AS (
    SELECT a.unit_code, a.current_unit_code, a.year, a.period_code, a.period_kind, a.period_end,
           a.submission_id, r.indicator_code, r.kind, r.direction,
           coalesce(r.plan, c.target) AS target, r.actual, r.denominator, r.actual_label, c.scope
    FROM indicator_rows r
    JOIN _active a USING (submission_id)
    JOIN _indicator_catalog c ON c.report_year = a.year AND c.indicator_code = r.indicator_code
),
reception AS (   -- CT05-like: scheduled (Định kỳ) sessions held as scheduled, within the period
    SELECT a.unit_code, a.current_unit_code, a.year, a.period_code, a.period_kind, a.period_end,
           a.submission_id, c.indicator_code, c.kind, c.direction, c.target,
           CAST(count(*) FILTER (WHERE s.on_schedule) AS DOUBLE) AS actual,
           CAST(count(*) AS DOUBLE) AS denominator, NULL AS actual_label, c.scope
    FROM _active a
    JOIN _indicator_catalog c ON c.report_year = a.year AND c.source = 'reception'
    JOIN v_reception_sessions s
      ON s.unit_code = a.unit_code AND s.session_date BETWEEN a.period_start AND a.period_end
     AND s.form = 'dinh_ky'
    GROUP BY ALL
),
models AS (      -- CT03-like: models registered within the period (counted once)
    SELECT a.unit_code, a.current_unit_code, a.year, a.period_code, a.period_kind, a.period_end,
           a.submission_id, c.indicator_code, c.kind, c.direction, c.target,
           CAST(count(m.model_key) AS DOUBLE) AS actual, NULL::DOUBLE AS denominator,
           NULL AS actual_label, c.scope
    FROM _active a
    JOIN _indicator_catalog c ON c.report_year = a.year AND c.source = 'models'
    LEFT JOIN v_models m
      ON m.unit_code = a.unit_code AND m.registered_date BETWEEN a.period_start AND a.period_end
    GROUP BY ALL
),
everything AS (
    SELECT * FROM typed UNION ALL BY NAME SELECT * FROM reception UNION ALL BY NAME SELECT * FROM models
)
SELECT unit_code, year, period_code, indicator_code, target, actual, denominator,
       CASE WHEN scope = 'department' THEN NULL
            WHEN kind = 'ratio' THEN
                CASE WHEN denominator > 0 THEN
                    CASE WHEN direction = '<=' THEN 100.0 * actual / denominator <= target
                         ELSE 100.0 * actual / denominator >= target END END
            WHEN direction = '<=' THEN actual <= target
            ELSE actual >= target END AS attained,
       CASE WHEN kind = 'ratio' AND denominator > 0 THEN round(100.0 * actual / denominator, 1) END AS rate,
       kind, scope, actual_label, period_kind, period_end, current_unit_code, submission_id
FROM everything;
