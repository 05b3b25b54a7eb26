-- Read-side indexes for the web view (kroniek serve).
-- Filter menus list the distinct languages and sources without reading article rows.
CREATE INDEX IF NOT EXISTS articles_lang ON articles(lang);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
-- Co-occurring entities on the entity page: mentions of an article, by entity, from the index alone.
CREATE INDEX IF NOT EXISTS mentions_article_entity ON mentions(article_n, entity_id);
-- Quotes in date order and per article.
CREATE INDEX IF NOT EXISTS quotes_article ON quotes(article_n, idx);
