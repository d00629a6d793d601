-- 数据来源: the document each admission row and 一分一段表 came from (model::sources), and the
-- 一分一段表 a derived rank was read from. NULL for data loaded before provenance (or none).
ALTER TABLE score_lines ADD COLUMN source INTEGER;
ALTER TABLE score_lines ADD COLUMN rank_source INTEGER;
ALTER TABLE score_lines ADD COLUMN control_source INTEGER;
ALTER TABLE major_lines ADD COLUMN source INTEGER;
ALTER TABLE major_lines ADD COLUMN rank_source INTEGER;
ALTER TABLE plans ADD COLUMN source INTEGER;
ALTER TABLE score_tables ADD COLUMN source INTEGER;
