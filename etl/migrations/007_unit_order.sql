-- 007: units keep the catalogue's order (the rows of data/catalog/units.csv: Văn phòng, Thanh tra,
-- the phòng, then the đơn vị), the order of the department's own documents. Lists and charts by
-- unit sorted by code put the units in an order that reads as random. etl.load.sync_catalog fills
-- the column at the next write; until then units without it sort last, by code.
ALTER TABLE units ADD COLUMN sort_order INTEGER;
