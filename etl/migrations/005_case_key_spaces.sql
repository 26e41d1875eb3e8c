-- 005: a case number's matching key (petition_rows.ref_key, contract §2) is in ASCII width and drops
-- the spaces around a sign: '01/ ĐT' (a line break typed inside the cell), '01 / ĐT' and '０１／ĐT' (a
-- Vietnamese input method's full width) are the case '01/ĐT' of an earlier return, not a second case
-- open for ever (etl.text.case_key: the same two strings and pattern). The current-state tables are
-- then recomputed from the rows (etl.db.migrate: refresh_current).
UPDATE petition_rows
SET ref_key = regexp_replace(
    translate(ref_key,
              '！＂＃＄％＆＇（）＊＋，－．／０１２３４５６７８９：；＜＝＞？＠ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ［＼］＾＿｀ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ｛｜｝～',
              '!"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\]^_`abcdefghijklmnopqrstuvwxyz{|}~'),
    ' ?([!-/:-@\[-`{-~]) ?', '\1', 'g')
WHERE contains(ref_key, ' ') OR regexp_matches(ref_key, '[\x{FF01}-\x{FF5E}]');
