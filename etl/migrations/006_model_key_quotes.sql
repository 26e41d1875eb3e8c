-- 006: a model's key (model_rows.model_key, contract §2) reads curly quotes and dashes as the plain
-- ones and leaves out a full stop (or ; !) after the name: 'Mô hình “Dân vận khéo”.' and 'Mô hình
-- "Dân vận khéo"' are one model, counted once (etl.text.model_key, the same two strings). The
-- current-state tables are then recomputed from the rows (etl.db.migrate: refresh_current).
UPDATE model_rows
SET model_key = CASE
    WHEN rtrim(translate(model_key, '“”„‟«»‘’‚‛‐‑‒–—―−', '""""""''''''''-------'), ' .;!') = ''
        THEN translate(model_key, '“”„‟«»‘’‚‛‐‑‒–—―−', '""""""''''''''-------')
    ELSE rtrim(translate(model_key, '“”„‟«»‘’‚‛‐‑‒–—―−', '""""""''''''''-------'), ' .;!')
END
WHERE regexp_matches(model_key, '[“”„‟«»‘’‚‛‐‑‒–—―−]|[ .;!]$');
