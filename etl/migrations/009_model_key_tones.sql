-- 009: a model's key (model_rows.model_key, contract §2) has the tone of a closing "oa", "oe", "uy" on
-- its first vowel, as keyboards set to the new style write it: 'văn hoá' and 'văn hóa', 'hoà' and
-- 'hòa', 'khoẻ' and 'khỏe' are one model, counted once (etl.text.model_key / modern_tones: the same
-- pairs, OLD_TONES; after 'q' the 'u' is the consonant's). The current-state tables are then
-- recomputed from the rows (etl.db.migrate).
UPDATE model_rows
SET model_key = regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(model_key, '(^|[^q])oà([^\p{L}]|$)', '\1òa\2', 'g'), '(^|[^q])oá([^\p{L}]|$)', '\1óa\2', 'g'), '(^|[^q])oả([^\p{L}]|$)', '\1ỏa\2', 'g'), '(^|[^q])oã([^\p{L}]|$)', '\1õa\2', 'g'), '(^|[^q])oạ([^\p{L}]|$)', '\1ọa\2', 'g'), '(^|[^q])oè([^\p{L}]|$)', '\1òe\2', 'g'), '(^|[^q])oé([^\p{L}]|$)', '\1óe\2', 'g'), '(^|[^q])oẻ([^\p{L}]|$)', '\1ỏe\2', 'g'), '(^|[^q])oẽ([^\p{L}]|$)', '\1õe\2', 'g'), '(^|[^q])oẹ([^\p{L}]|$)', '\1ọe\2', 'g'), '(^|[^q])uỳ([^\p{L}]|$)', '\1ùy\2', 'g'), '(^|[^q])uý([^\p{L}]|$)', '\1úy\2', 'g'), '(^|[^q])uỷ([^\p{L}]|$)', '\1ủy\2', 'g'), '(^|[^q])uỹ([^\p{L}]|$)', '\1ũy\2', 'g'), '(^|[^q])uỵ([^\p{L}]|$)', '\1ụy\2', 'g')
WHERE regexp_matches(model_key, 'oà|oá|oả|oã|oạ|oè|oé|oẻ|oẽ|oẹ|uỳ|uý|uỷ|uỹ|uỵ');
