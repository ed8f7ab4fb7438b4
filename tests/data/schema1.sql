-- A database of wikitrack's first release (schema 1, commit 69e6e11), made by that
-- release's own migrations: python tests/data/make_schema1.py. Used by tests/test_backup.py.
BEGIN TRANSACTION;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO "_sqlite_migrations" VALUES(1,'wikitrack','m001_initial','2026-11-25 21:43:40.020785+00:00');
CREATE TABLE "area_lemmas" (
   "area" TEXT REFERENCES "areas"("slug"),
   "page_id" INTEGER REFERENCES "lemmas"("page_id"),
   "listed_title" TEXT,
   "note" TEXT,
   "source" TEXT,
   PRIMARY KEY ("area", "page_id")
);
INSERT INTO "area_lemmas" VALUES('bestuur',11,'Almere','','list');
INSERT INTO "area_lemmas" VALUES('verkeer',21,'Station Almere Centrum','why we watch it','list');
CREATE TABLE "areas" (
   "slug" TEXT PRIMARY KEY,
   "name" TEXT,
   "description" TEXT,
   "contacts" TEXT,
   "path" TEXT
);
INSERT INTO "areas" VALUES('bestuur','Bestuur & organisatie','Gemeenteraad, college en stadsdelen.','["bestuur@almere.example"]','watchlists/bestuur.toml');
INSERT INTO "areas" VALUES('verkeer','Verkeer & vervoer','Spoor, wegen — en bruggen.','["verkeer@almere.example", "desk@almere.example"]','watchlists/verkeer.toml');
CREATE TABLE "changes" (
   "id" TEXT PRIMARY KEY,
   "revid" INTEGER,
   "log_id" INTEGER,
   "page_id" INTEGER,
   "seq" INTEGER,
   "kind" TEXT,
   "category" TEXT,
   "details" TEXT,
   "timestamp" TEXT,
   "run_id" INTEGER
);
INSERT INTO "changes" VALUES('1003:0',1003,NULL,11,0,'template_param_changed','fact','{"template": "Infobox plaats in Nederland", "param": "inwoners", "old": "220.000", "new": "226.786"}','2026-11-01T21:14:03Z',2);
INSERT INTO "changes" VALUES('1004:0',1004,NULL,12,0,'section_added','talk','{"section": "Inwonertal <script>"}','2026-11-01T22:40:00Z',2);
CREATE TABLE "check_runs" (
   "id" INTEGER PRIMARY KEY,
   "started" TEXT,
   "finished" TEXT,
   "status" TEXT,
   "method" TEXT,
   "area" TEXT,
   "since" TEXT,
   "lemmas" INTEGER,
   "revisions" INTEGER,
   "changes" INTEGER,
   "requests" INTEGER,
   "seconds" REAL,
   "errors" TEXT,
   "window_start" TEXT
);
INSERT INTO "check_runs" VALUES(1,'2026-11-01T05:30:00Z','2026-11-01T05:30:04Z','ok','batched',NULL,NULL,3,0,0,3,4.2,'[]',NULL);
INSERT INTO "check_runs" VALUES(2,'2026-11-02T05:30:00Z','2026-11-02T05:30:02Z','partial','watchlist',NULL,NULL,3,2,2,4,1.9,'["Station Almere Centrum: missing"]','2026-11-01T05:30:00Z');
CREATE TABLE "lemmas" (
   "page_id" INTEGER PRIMARY KEY,
   "title" TEXT,
   "namespace" INTEGER,
   "subject_id" INTEGER,
   "talk_id" INTEGER,
   "redirect_target" TEXT,
   "status" TEXT,
   "last_revid" INTEGER,
   "baseline_at" TEXT,
   "checked_at" TEXT,
   "last_error" TEXT
);
INSERT INTO "lemmas" VALUES(11,'Almere',0,NULL,12,NULL,'ok',1003,'2026-11-01T05:30:00Z','2026-11-02T05:30:00Z',NULL);
INSERT INTO "lemmas" VALUES(12,'Overleg:Almere',1,11,NULL,NULL,'ok',1004,'2026-11-01T05:30:00Z',NULL,NULL);
INSERT INTO "lemmas" VALUES(21,'Station Almere Centrum',0,NULL,NULL,NULL,'missing',NULL,NULL,NULL,'pagina ''Station Almere Centrum'' bestaat niet');
CREATE TABLE "revisions" (
   "revid" INTEGER PRIMARY KEY,
   "page_id" INTEGER,
   "parent_id" INTEGER,
   "timestamp" TEXT,
   "user" TEXT,
   "userid" INTEGER,
   "anon" INTEGER,
   "temp" INTEGER,
   "bot" INTEGER,
   "minor" INTEGER,
   "size" INTEGER,
   "size_delta" INTEGER,
   "comment" TEXT,
   "tags" TEXT,
   "sha1" TEXT,
   "is_team" INTEGER,
   "reverts" TEXT,
   "reverted_by" INTEGER,
   "run_id" INTEGER,
   "title" TEXT
);
INSERT INTO "revisions" VALUES(1003,11,1001,'2026-11-01T21:14:03Z','Pieter Bakker',4,0,0,0,0,18211,12,'inwoners: 220.000 → 226.786 (CBS)','[]','5b0c1d1f4a9f0c1e8d6c2b7a3e4f5a6b7c8d9e0f',0,NULL,NULL,2,'Almere');
INSERT INTO "revisions" VALUES(1004,12,1002,'2026-11-01T22:40:00Z','192.0.2.7',0,1,0,0,1,512,-3,'','["mobile edit"]','0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e',0,NULL,NULL,2,'Overleg:Almere');
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE INDEX "idx_revisions_page_id_revid"
    ON "revisions" ("page_id", "revid");
CREATE INDEX "idx_changes_page_id"
    ON "changes" ("page_id");
CREATE INDEX "idx_changes_timestamp"
    ON "changes" ("timestamp");
CREATE INDEX "idx_changes_kind"
    ON "changes" ("kind");
CREATE INDEX "idx_area_lemmas_page_id"
    ON "area_lemmas" ("page_id");
COMMIT;
