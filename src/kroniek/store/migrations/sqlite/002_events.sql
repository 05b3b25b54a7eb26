-- kroniek store: events (kroniek.events.store).
-- events: one row per real-world event, merged across articles; reports = articles that report it,
-- mentions = event mentions in all those articles, sources = distinct outlets (the article id when no
-- source is known). earliest/latest: the event's time interval (ISO dates); window_start/window_end:
-- the days it may fall on, used to find merge candidates.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    modality TEXT NOT NULL,
    trigger_text TEXT NOT NULL,
    sentence TEXT NOT NULL,
    content TEXT,
    time_value TEXT,
    time_anchor TEXT NOT NULL,
    earliest TEXT,
    latest TEXT,
    window_start TEXT,
    window_end TEXT,
    duration TEXT,
    place TEXT,
    place_entity_id INTEGER REFERENCES entities(id),
    reports INTEGER NOT NULL DEFAULT 0,
    mentions INTEGER NOT NULL DEFAULT 0,
    sources INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX events_type_window ON events(type, window_start, window_end);
CREATE INDEX events_place ON events(place_entity_id, type);
CREATE INDEX events_earliest ON events(earliest, latest);

-- one row per mention in one article (trigger offsets into the article text)
CREATE TABLE event_mentions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    article_n INTEGER NOT NULL REFERENCES articles(n),
    idx INTEGER NOT NULL,
    type TEXT NOT NULL,
    modality TEXT NOT NULL,
    trigger_text TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    sentence TEXT NOT NULL,
    sentence_start INTEGER NOT NULL,
    time_anchor TEXT NOT NULL,
    time_value TEXT,
    time_start INTEGER,
    earliest TEXT,
    latest TEXT,
    duration TEXT,
    place TEXT,
    place_start INTEGER
);
CREATE INDEX event_mentions_event ON event_mentions(event_id);
CREATE INDEX event_mentions_article ON event_mentions(article_n);

-- participants of each mention, linked to archive entities where known
CREATE TABLE event_participants (
    event_id INTEGER NOT NULL REFERENCES events(id),
    mention_id INTEGER NOT NULL REFERENCES event_mentions(id),
    entity_id INTEGER REFERENCES entities(id),
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX event_participants_entity ON event_participants(entity_id, event_id);
CREATE INDEX event_participants_event ON event_participants(event_id);

-- the merge-candidate index: one row per (event, participant entity) with the event's type and
-- match window, so that candidates are found by participant + type + time window in short index
-- ranges; span is 's' for windows of at most 31 days, 'l' for longer ones (at most 400 days)
CREATE TABLE event_index (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    type TEXT NOT NULL,
    span TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events(id),
    PRIMARY KEY (entity_id, type, span, window_start, event_id)
);
CREATE INDEX event_index_event ON event_index(event_id);
