-- A state file as sendwatch wrote it before the schema had versions
-- (user_version 0): the tables of state_store.c and report_store.c then,
-- one row in each of the main ones. Made with sqlite3 .dump.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE state ( key TEXT PRIMARY KEY, probe TEXT NOT NULL, target TEXT NOT NULL, known INTEGER NOT NULL, state INTEGER NOT NULL, state_detail TEXT NOT NULL, last_state INTEGER NOT NULL, summary TEXT NOT NULL, detail TEXT NOT NULL, pending_state INTEGER, pending_detail TEXT NOT NULL, pending_count INTEGER NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, unknown_since INTEGER NOT NULL, unknown_count INTEGER NOT NULL, unknown_reported INTEGER NOT NULL);
INSERT INTO state VALUES('dnsbl/bl.lab.test/192.0.2.10','dnsbl','192.0.2.10',1,2,'listed',2,'192.0.2.10 is listed on bl.lab.test','127.0.0.2',NULL,'',0,1764800000,1764850000,0,0,0);
CREATE TABLE history ( id INTEGER PRIMARY KEY, key TEXT NOT NULL, time INTEGER NOT NULL, state INTEGER NOT NULL, summary TEXT NOT NULL, detail TEXT NOT NULL);
CREATE TABLE cycles ( id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, findings INTEGER NOT NULL, events INTEGER NOT NULL);
INSERT INTO cycles VALUES(1,1764850000,1,1);
CREATE TABLE events ( id INTEGER PRIMARY KEY AUTOINCREMENT, cycle INTEGER NOT NULL REFERENCES cycles (id), time INTEGER NOT NULL, kind INTEGER NOT NULL, key TEXT NOT NULL, probe TEXT NOT NULL, target TEXT NOT NULL, from_state INTEGER, to_state INTEGER NOT NULL, summary TEXT NOT NULL, detail TEXT NOT NULL);
INSERT INTO events VALUES(1,1,1764850000,0,'dnsbl/bl.lab.test/192.0.2.10','dnsbl','192.0.2.10',0,2,'192.0.2.10 is listed on bl.lab.test','127.0.0.2');
CREATE TABLE outbox ( event INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE, sink TEXT NOT NULL, status INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, next_try INTEGER NOT NULL, sent_at INTEGER, last_error TEXT, PRIMARY KEY (sink, event));
INSERT INTO outbox VALUES(1,'ops',0,1,1764850100,NULL,'webhook: HTTP 503');
CREATE TABLE dnsbl_queries ( zone TEXT NOT NULL, day TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (zone, day));
INSERT INTO dnsbl_queries VALUES('bl.lab.test','2025-12-04',12);
CREATE TABLE reports ( id INTEGER PRIMARY KEY, org_name TEXT NOT NULL, report_id TEXT NOT NULL, date_begin INTEGER NOT NULL, date_end INTEGER NOT NULL, email TEXT, version TEXT, domain TEXT NOT NULL, adkim TEXT, aspf TEXT, p TEXT, sp TEXT, np TEXT, pct TEXT, fo TEXT, testing TEXT, discovery_method TEXT, records INTEGER NOT NULL DEFAULT 0, messages INTEGER NOT NULL DEFAULT 0, source TEXT, imported_at INTEGER NOT NULL, UNIQUE (org_name, report_id, date_begin, date_end));
INSERT INTO reports VALUES(1,'receiver.test','r-1',1764700000,1764786400,NULL,NULL,'example.test',NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1,5,NULL,1764800000);
CREATE TABLE report_records ( id INTEGER PRIMARY KEY, report INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE, source_ip TEXT, count INTEGER NOT NULL, disposition TEXT, dkim TEXT, spf TEXT, header_from TEXT, envelope_from TEXT, envelope_to TEXT);
INSERT INTO report_records VALUES(1,1,'192.0.2.10',5,'none','pass','pass','example.test',NULL,NULL);
CREATE TABLE report_dkim ( record INTEGER NOT NULL REFERENCES report_records (id) ON DELETE CASCADE, domain TEXT, selector TEXT, result TEXT, human_result TEXT);
CREATE TABLE report_spf ( record INTEGER NOT NULL REFERENCES report_records (id) ON DELETE CASCADE, domain TEXT, scope TEXT, result TEXT);
CREATE TABLE report_ptr ( ip TEXT PRIMARY KEY, name TEXT NOT NULL, resolved_at INTEGER NOT NULL);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('cycles',1);
INSERT INTO sqlite_sequence VALUES('events',1);
CREATE INDEX history_key ON history (key, time);
CREATE INDEX history_time ON history (time);
CREATE INDEX events_time ON events (time);
CREATE INDEX outbox_pending ON outbox (status, next_try);
CREATE INDEX report_records_report ON report_records (report);
COMMIT;
