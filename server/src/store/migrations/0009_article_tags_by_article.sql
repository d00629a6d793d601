-- An article's tags by article: search finds an article by its tags with a subquery per
-- article (store/catalogue/pages.rs), which without this index scanned every tag row on
-- SQLite (the primary key starts with the tag): 15 s for one search of the 10,000-article
-- synthetic set on a loaded 2-core machine.
CREATE INDEX IF NOT EXISTS article_tags_article ON article_tags(article_id);
