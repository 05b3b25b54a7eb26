-- kroniek store, initial schema (SQLite)
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    added INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0,
    words INTEGER NOT NULL DEFAULT 0,
    seconds REAL
);

CREATE TABLE articles (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    title TEXT,
    text TEXT NOT NULL,
    lang TEXT,
    url TEXT,
    source TEXT,
    published_as_given TEXT,
    granularity TEXT,
    earliest TEXT,
    latest TEXT,
    inferred_value TEXT,
    inferred_earliest TEXT,
    inferred_latest TEXT,
    words INTEGER NOT NULL DEFAULT 0,
    record TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    added_at TEXT NOT NULL
);
CREATE INDEX articles_earliest ON articles(earliest);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='n', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.n, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.n, coalesce(old.title, ''), old.text);
END;

CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    label TEXT NOT NULL,
    wikidata TEXT
);

CREATE TABLE aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL,
    norm TEXT NOT NULL,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX aliases_norm ON aliases(norm);

CREATE TABLE mentions (
    article_n INTEGER NOT NULL REFERENCES articles(n),
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL
);
CREATE INDEX mentions_entity ON mentions(entity_id, article_n);
CREATE INDEX mentions_article ON mentions(article_n);

CREATE TABLE quotes (
    article_n INTEGER NOT NULL REFERENCES articles(n),
    idx INTEGER NOT NULL,
    kind TEXT NOT NULL,
    content TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    cue TEXT,
    cue_start INTEGER,
    speaker TEXT,
    speaker_start INTEGER,
    speaker_canonical TEXT,
    speaker_entity_id INTEGER REFERENCES entities(id),
    PRIMARY KEY (article_n, idx)
);
CREATE INDEX quotes_speaker ON quotes(speaker_entity_id);

CREATE TABLE timexes (
    article_n INTEGER NOT NULL REFERENCES articles(n),
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT NOT NULL,
    earliest TEXT,
    latest TEXT
);
CREATE INDEX timexes_article ON timexes(article_n);

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id),
    "where" TEXT,
    reason TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
);
