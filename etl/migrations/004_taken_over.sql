-- 004: a unit's entity repeated by the unit it was merged into (a case of CLCT that QLXD's 6-month
-- return repeats once CLCT became part of QLXD on 01/03/2025) is one entity, not two. The older
-- of the two current rows is marked taken over and the public views leave it out; etl/load.py
-- (mark_taken_over) sets the marks after every write and at `python -m etl init`, from the units'
-- successor chains.
ALTER TABLE current_petitions ADD COLUMN taken_over BOOLEAN DEFAULT FALSE;
ALTER TABLE current_reception ADD COLUMN taken_over BOOLEAN DEFAULT FALSE;
ALTER TABLE current_models ADD COLUMN taken_over BOOLEAN DEFAULT FALSE;
ALTER TABLE current_training ADD COLUMN taken_over BOOLEAN DEFAULT FALSE;
ALTER TABLE current_dissemination ADD COLUMN taken_over BOOLEAN DEFAULT FALSE;
