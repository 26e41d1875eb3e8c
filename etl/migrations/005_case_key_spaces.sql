-- 005: a case number's matching key (petition_rows.ref_key, contract §2) drops the spaces around a
-- sign: '01/ ĐT' (a line break typed inside the cell) and '01 / ĐT' are the case '01/ĐT' of an
-- earlier return, not a second case open for ever (etl.text.case_key, the same pattern). The
-- current-state tables are then recomputed from the rows (etl.db.migrate: refresh_current).
UPDATE petition_rows
SET ref_key = regexp_replace(ref_key, ' ?([!-/:-@\[-`{-~]) ?', '\1', 'g')
WHERE contains(ref_key, ' ');
