PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "audit_head" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_head" PRIMARY KEY,
    "Sequence" INTEGER NOT NULL,
    "Hash" TEXT NOT NULL
);
INSERT INTO audit_head VALUES(1,5,'cd3c8e5d59c06d578caefef1be1a68949791ce5f75ccdb3fedc361f3bd64ede8');
CREATE TABLE IF NOT EXISTS "audit_records" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_audit_records" PRIMARY KEY,
    "AtTicks" INTEGER NOT NULL,
    "Actor" TEXT NOT NULL,
    "ActorRoles" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "RequestId" TEXT NOT NULL,
    "BriefingId" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "Detail" TEXT NOT NULL,
    "WatermarkId" TEXT NOT NULL,
    "PreviousHash" TEXT NOT NULL,
    "Hash" TEXT NOT NULL
);
INSERT INTO audit_records VALUES(1,639307638000000000,'omt-chair','omt-chair','AddBriefing','a1a1a1a1-0000-4000-8000-000000000001','b2b2b2b2-0000-4000-8000-000000000001','allowed','','','0000000000000000000000000000000000000000000000000000000000000000','6c9ad181e96fec5996484415c87fb4a2cdba029e6f148d3fd4d3cf259683c0ab');
INSERT INTO audit_records VALUES(2,639307638000000000,'omt-chair','omt-chair','ProposeSharing','a1a1a1a1-0000-4000-8000-000000000001','','allowed','audience WithSecretariat','','6c9ad181e96fec5996484415c87fb4a2cdba029e6f148d3fd4d3cf259683c0ab','d035e45f3fd853837bc6cfa1338a530d79d6b4ad3124265d383010c46629cc2c');
INSERT INTO audit_records VALUES(3,639307638000000000,'vws-minister','vws-minister','GrantConsent','a1a1a1a1-0000-4000-8000-000000000001','','allowed','','','d035e45f3fd853837bc6cfa1338a530d79d6b4ad3124265d383010c46629cc2c','e179b27ca7d7b06f92f6a0375b7d6735fa704f87e17b5b2972779878b7ab3485');
INSERT INTO audit_records VALUES(4,639307638000000000,'mit-secretariat','mit-secretariat','ReadBriefing','a1a1a1a1-0000-4000-8000-000000000001','b2b2b2b2-0000-4000-8000-000000000001','allowed','','wm-0001','e179b27ca7d7b06f92f6a0375b7d6735fa704f87e17b5b2972779878b7ab3485','a8bf0cc85fe0ea0b71c9ffc26c778a6bb1857deb0676f4cda72d38d1c016b591');
INSERT INTO audit_records VALUES(5,639307638000000000,'someone','requester','ReadBriefing','a1a1a1a1-0000-4000-8000-000000000001','b2b2b2b2-0000-4000-8000-000000000001','denied','not an MIT member','','a8bf0cc85fe0ea0b71c9ffc26c778a6bb1857deb0676f4cda72d38d1c016b591','cd3c8e5d59c06d578caefef1be1a68949791ce5f75ccdb3fedc361f3bd64ede8');
CREATE TABLE IF NOT EXISTS "briefing_contents" (
    "BriefingId" TEXT NOT NULL CONSTRAINT "PK_briefing_contents" PRIMARY KEY,
    "WrappedKey" BLOB NOT NULL,
    "Ciphertext" BLOB NOT NULL,
    "MasterKeyId" TEXT NOT NULL
);
INSERT INTO briefing_contents VALUES('B2B2B2B2-0000-4000-8000-000000000001',X'28cbb86da1333cd3d9640cc9e9ec95078151a62830dbc40448e519ff2a51f3a020449207e5c36a09f1808d6e6a83452f4e6a658e8b1338e0332206e5',X'bf96ed34ebc7412175433f93644f87f63adb6e2c6e75a04fd2c7c6c086b94861229de4febd9315dc7f8c2ece71e8f353899209b4d8f4f9fed87ba016930a','ae216c2ef5247a37');
CREATE TABLE IF NOT EXISTS "briefings" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_briefings" PRIMARY KEY,
    "RequestId" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "Classification" TEXT NOT NULL,
    "MediaType" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "SupersedesId" TEXT NULL,
    "SizeBytes" INTEGER NOT NULL,
    "AddedBy" TEXT NOT NULL,
    "AddedAtTicks" INTEGER NOT NULL
);
INSERT INTO briefings VALUES('B2B2B2B2-0000-4000-8000-000000000001','A1A1A1A1-0000-4000-8000-000000000001',1,'Epidemiologische duiding','Confidential','text/plain',1,NULL,34,'omt-chair',639307602000000000);
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
CREATE TABLE IF NOT EXISTS "outbox_messages" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "MessageId" TEXT NOT NULL,
    "MessageType" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "OccurredAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS "released_requests" (
    "RequestId" TEXT NOT NULL CONSTRAINT "PK_released_requests" PRIMARY KEY,
    "Version" INTEGER NOT NULL,
    "Title" TEXT NOT NULL,
    "ReleasedAtTicks" INTEGER NOT NULL,
    "ClosedAtTicks" INTEGER NULL
);
INSERT INTO released_requests VALUES('A1A1A1A1-0000-4000-8000-000000000001',1,'Reizigers uit het getroffen gebied',639307566000000000,NULL);
CREATE TABLE IF NOT EXISTS "sharings" (
    "RequestId" TEXT NOT NULL CONSTRAINT "PK_sharings" PRIMARY KEY,
    "Epoch" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "UntilTicks" INTEGER NULL,
    "Revision" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);
INSERT INTO sharings VALUES('A1A1A1A1-0000-4000-8000-000000000001',2,'Consented',NULL,1,'{"RequestId":"a1a1a1a1-0000-4000-8000-000000000001","State":"Consented","Audience":"WithSecretariat","Until":null,"ShowTitles":true,"ProposedBy":"omt-chair","DecidedBy":"vws-minister","Epoch":2,"History":[{"State":"Proposed","By":"omt-chair","At":"2026-11-20T08:40:00+00:00","Reason":null,"Audience":"WithSecretariat","Until":null},{"State":"Consented","By":"vws-minister","At":"2026-11-20T08:50:00+00:00","Reason":null,"Audience":"WithSecretariat","Until":null}]}');
DELETE FROM sqlite_sequence;
CREATE INDEX "IX_audit_records_RequestId" ON "audit_records" ("RequestId");
CREATE INDEX "IX_audit_records_WatermarkId" ON "audit_records" ("WatermarkId");
CREATE UNIQUE INDEX "IX_briefings_RequestId_Position" ON "briefings" ("RequestId", "Position");
CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");
CREATE INDEX "IX_outbox_messages_SentAt" ON "outbox_messages" ("SentAt");
CREATE INDEX "IX_sharings_State_UntilTicks" ON "sharings" ("State", "UntilTicks");
COMMIT;
