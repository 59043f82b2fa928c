PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "document_contents" (
    "DocumentId" TEXT NOT NULL CONSTRAINT "PK_document_contents" PRIMARY KEY,
    "DossierId" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Content" BLOB NOT NULL
);
INSERT INTO document_contents VALUES('02801E11-70E7-429C-8E2C-A94BB0CA78C9','C3C3C3C3-0000-4000-8000-000000000001','2c6ed1182b4176016ebb10fdc541e61c92c45c8d37e04ec8481a5d398b6e460e',X'70726f6772616d6d65');
INSERT INTO document_contents VALUES('7EB6C099-4A31-4466-9AC5-7E8E1B3FEC18','A1A1A1A1-0000-4000-8000-000000000001','729eef8e2453096d8d81ffd61ba559bac9e6c0d544dd868007cb2f9fa0f868ca',X'4d4954206164766963652074657874');
INSERT INTO document_contents VALUES('8A1080CA-19A1-4372-A31B-C1F83CC0D7FA','A1A1A1A1-0000-4000-8000-000000000001','9e748f9a5177f5e69e0af6a6f08c5bb2059600c493c25429de79f89381be3921',X'4f4d54206164766963652074657874');
CREATE TABLE IF NOT EXISTS "dossiers" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_dossiers" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "CreatedAtTicks" INTEGER NOT NULL,
    "Revision" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);
INSERT INTO dossiers VALUES('A1A1A1A1-0000-4000-8000-000000000001','JointAdvice',639307566000000000,1,'{"Id":"a1a1a1a1-0000-4000-8000-000000000001","Kind":"JointAdvice","RequestId":"a1a1a1a1-0000-4000-8000-000000000001","Title":"Reizigers uit het getroffen gebied","RequestVersion":1,"RequestDigest":"cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc","ReleasedAt":"2026-11-20T07:30:00+00:00","CreatedAt":"2026-11-20T07:30:00+00:00","Documents":[{"Id":"7eb6c099-4a31-4466-9ac5-7e8e1b3fec18","Type":"Advice","Committee":"MIT","Title":"Advice of the MIT","State":"Published","MediaType":"text/plain","SizeBytes":15,"Sha256":"729eef8e2453096d8d81ffd61ba559bac9e6c0d544dd868007cb2f9fa0f868ca","Version":1,"Supersedes":null,"SupersededBy":null,"Summary":"MIT summary","AdoptedAt":"2026-11-20T08:30:00+00:00","UploadedBy":"secretariat","SentToPrincipalAt":"2026-11-20T08:40:00+00:00","Principal":"SG SZW","SentToPrincipalBy":"chair","KamerbriefReference":"Kamerstuk 25295, nr. 2001","SentToParliamentAt":"2026-11-20T08:50:00+00:00","SentToParliamentRecordedBy":"szw-publication","PublishedAt":"2026-11-20T09:00:00+00:00","PublishedBy":"szw-publication","WithdrawnAt":null,"WithdrawalReason":null,"WithdrawnBy":null,"CorrectionNote":null,"IsPublic":true,"NeedsParliament":true},{"Id":"8a1080ca-19a1-4372-a31b-c1f83cc0d7fa","Type":"Advice","Committee":"OMT","Title":"Advice of the OMT","State":"Published","MediaType":"text/plain","SizeBytes":15,"Sha256":"9e748f9a5177f5e69e0af6a6f08c5bb2059600c493c25429de79f89381be3921","Version":1,"Supersedes":null,"SupersededBy":null,"Summary":"OMT summary","AdoptedAt":"2026-11-20T08:30:00+00:00","UploadedBy":"secretariat","SentToPrincipalAt":"2026-11-20T08:40:00+00:00","Principal":"VWS","SentToPrincipalBy":"chair","KamerbriefReference":"Kamerstuk 25295, nr. 2001","SentToParliamentAt":"2026-11-20T08:50:00+00:00","SentToParliamentRecordedBy":"szw-publication","PublishedAt":"2026-11-20T09:00:00+00:00","PublishedBy":"szw-publication","WithdrawnAt":null,"WithdrawalReason":null,"WithdrawnBy":null,"CorrectionNote":null,"IsPublic":true,"NeedsParliament":true}],"NoAdvice":[],"Revealed":["MIT","OMT"],"PublishedAt":"2026-11-20T09:00:00+00:00"}');
INSERT INTO dossiers VALUES('C3C3C3C3-0000-4000-8000-000000000001','WorkProgramme',639307626000000000,1,'{"Id":"c3c3c3c3-0000-4000-8000-000000000001","Kind":"WorkProgramme","RequestId":null,"Title":"Werkprogramma 2027","RequestVersion":0,"RequestDigest":null,"ReleasedAt":null,"CreatedAt":"2026-11-20T09:10:00+00:00","Documents":[{"Id":"02801e11-70e7-429c-8e2c-a94bb0ca78c9","Type":"WorkProgramme","Committee":"MIT","Title":"Werkprogramma 2027","State":"Draft","MediaType":"text/plain","SizeBytes":9,"Sha256":"2c6ed1182b4176016ebb10fdc541e61c92c45c8d37e04ec8481a5d398b6e460e","Version":1,"Supersedes":null,"SupersededBy":null,"Summary":"","AdoptedAt":null,"UploadedBy":"mit-secretariat","SentToPrincipalAt":null,"Principal":null,"SentToPrincipalBy":null,"KamerbriefReference":null,"SentToParliamentAt":null,"SentToParliamentRecordedBy":null,"PublishedAt":null,"PublishedBy":null,"WithdrawnAt":null,"WithdrawalReason":null,"WithdrawnBy":null,"CorrectionNote":null,"IsPublic":false,"NeedsParliament":true}],"NoAdvice":[],"Revealed":[],"PublishedAt":null}');
CREATE TABLE IF NOT EXISTS "idempotency_records" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_idempotency_records" PRIMARY KEY,
    "RequestHash" TEXT NOT NULL,
    "Response" BLOB NOT NULL,
    "CreatedAt" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "inbox_records" (
    "MessageId" TEXT NOT NULL,
    "Consumer" TEXT NOT NULL,
    "ProcessedAt" TEXT NOT NULL,
    CONSTRAINT "PK_inbox_records" PRIMARY KEY ("MessageId", "Consumer")
);
INSERT INTO inbox_records VALUES('D4D4D4D4-0000-4000-8000-000000000001','PublicationInboxConsumer','2026-11-20 07:30:00+00:00');
CREATE TABLE IF NOT EXISTS "outbox_messages" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "MessageId" TEXT NOT NULL,
    "MessageType" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "OccurredAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "published_documents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_published_documents" PRIMARY KEY,
    "DossierId" TEXT NOT NULL,
    "RequestId" TEXT NULL,
    "Type" TEXT NOT NULL,
    "Committee" TEXT NULL,
    "Title" TEXT NOT NULL,
    "Summary" TEXT NOT NULL,
    "MediaType" TEXT NOT NULL,
    "SizeBytes" INTEGER NOT NULL,
    "Sha256" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Supersedes" TEXT NULL,
    "SupersededBy" TEXT NULL,
    "PublishedAtTicks" INTEGER NOT NULL,
    "KamerbriefReference" TEXT NULL,
    "SentToParliamentAtTicks" INTEGER NULL,
    "WithdrawnAtTicks" INTEGER NULL,
    "WithdrawalReason" TEXT NULL
);
INSERT INTO published_documents VALUES('7EB6C099-4A31-4466-9AC5-7E8E1B3FEC18','A1A1A1A1-0000-4000-8000-000000000001','A1A1A1A1-0000-4000-8000-000000000001','Advice','MIT','Advice of the MIT','MIT summary','text/plain',15,'729eef8e2453096d8d81ffd61ba559bac9e6c0d544dd868007cb2f9fa0f868ca',1,NULL,NULL,639307620000000000,'Kamerstuk 25295, nr. 2001',639307614000000000,NULL,NULL);
INSERT INTO published_documents VALUES('8A1080CA-19A1-4372-A31B-C1F83CC0D7FA','A1A1A1A1-0000-4000-8000-000000000001','A1A1A1A1-0000-4000-8000-000000000001','Advice','OMT','Advice of the OMT','OMT summary','text/plain',15,'9e748f9a5177f5e69e0af6a6f08c5bb2059600c493c25429de79f89381be3921',1,NULL,NULL,639307620000000000,'Kamerstuk 25295, nr. 2001',639307614000000000,NULL,NULL);
DELETE FROM sqlite_sequence;
CREATE INDEX "IX_dossiers_CreatedAtTicks_Id" ON "dossiers" ("CreatedAtTicks", "Id");
CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");
CREATE INDEX "IX_outbox_messages_SentAt" ON "outbox_messages" ("SentAt");
CREATE INDEX "IX_published_documents_DossierId" ON "published_documents" ("DossierId");
CREATE INDEX "IX_published_documents_PublishedAtTicks_Id" ON "published_documents" ("PublishedAtTicks", "Id");
CREATE INDEX "IX_published_documents_RequestId" ON "published_documents" ("RequestId");
COMMIT;
