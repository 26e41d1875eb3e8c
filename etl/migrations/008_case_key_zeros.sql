-- 008: a case number that is a number alone is keyed without its leading zeros (petition_rows.ref_key,
-- contract §2): '01' typed as text in one return and 01 typed as a number in the next (Excel keeps 1)
-- are one case, not a Quý I copy open for ever beside the resolved one (etl.text.case_key). The
-- current-state tables are then recomputed from the rows (etl.db.migrate).
UPDATE petition_rows
SET ref_key = CASE WHEN ltrim(ref_key, '0') = '' THEN '0' ELSE ltrim(ref_key, '0') END
WHERE regexp_full_match(ref_key, '0[0-9]*');
