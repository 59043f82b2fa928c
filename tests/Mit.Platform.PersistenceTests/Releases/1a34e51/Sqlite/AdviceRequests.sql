PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "idempotency_records" (
    "Key" TEXT NOT NULL CONSTRAINT "PK_idempotency_records" PRIMARY KEY,
    "RequestHash" TEXT NOT NULL,
    "Response" BLOB NOT NULL,
    "CreatedAt" TEXT NOT NULL
);
INSERT INTO idempotency_records VALUES('szw-requester|Draft|key-1','bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',X'010203','2026-11-20 06:30:00+00:00');
CREATE TABLE IF NOT EXISTS "inbox_records" (
    "MessageId" TEXT NOT NULL,
    "Consumer" TEXT NOT NULL,
    "ProcessedAt" TEXT NOT NULL,
    CONSTRAINT "PK_inbox_records" PRIMARY KEY ("MessageId", "Consumer")
);
INSERT INTO inbox_records VALUES('D4D4D4D4-0000-4000-8000-000000000001','DeskStatusConsumer','2026-11-20 08:30:00+00:00');
CREATE TABLE IF NOT EXISTS "joint_requests" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_joint_requests" PRIMARY KEY,
    "State" TEXT NOT NULL,
    "ReleasedVersion" INTEGER NOT NULL,
    "CreatedAtTicks" INTEGER NOT NULL,
    "Revision" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);
INSERT INTO joint_requests VALUES('A1A1A1A1-0000-4000-8000-000000000001','Released',1,639307530000000000,1,'{"Id":"a1a1a1a1-0000-4000-8000-000000000001","State":"Released","DraftingMinistry":"SZW","CreatedAt":"2026-11-20T06:30:00+00:00","Versions":[{"Number":1,"Content":{"Title":"Reizigers uit het getroffen gebied","Question":"Welke maatregelen zijn proportioneel?\nGraag per maatregel.","Measures":[{"Name":"Mondkapjes","Description":"Op directe vluchten."},{"Name":"Test vooraf","Description":"Negatieve test voor vertrek."}],"Attachments":[{"Name":"situatie.pdf","MediaType":"application/pdf","SizeBytes":123456,"Sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}],"Urgency":"Urgent","Deadline":null},"Digest":"1a45d7c4a98c06164ff8a6a921d1878c762ee886b8d3b63e6eb721ba915bf10a","DraftingMinistry":"SZW","DraftedBy":"szw-requester","Status":"Released","CoSignedBy":"vws-requester","ReleasedAt":"2026-11-20T07:30:00+00:00","Deadline":"2026-11-22T07:30:00+00:00","DeclineReason":null,"DeclinedBy":null,"CoSigningMinistry":"VWS"}],"Links":[],"Committees":[{"Committee":"MIT","Version":1,"ReceivedAt":null,"ReceivedDigest":null,"AcknowledgedAt":null,"AcknowledgedDigest":null,"AcknowledgedBy":null},{"Committee":"OMT","Version":1,"ReceivedAt":null,"ReceivedDigest":null,"AcknowledgedAt":null,"AcknowledgedDigest":null,"AcknowledgedBy":null}],"WithdrawReason":null,"CoSigningMinistry":"VWS","Pending":null,"Released":{"Number":1,"Content":{"Title":"Reizigers uit het getroffen gebied","Question":"Welke maatregelen zijn proportioneel?\nGraag per maatregel.","Measures":[{"Name":"Mondkapjes","Description":"Op directe vluchten."},{"Name":"Test vooraf","Description":"Negatieve test voor vertrek."}],"Attachments":[{"Name":"situatie.pdf","MediaType":"application/pdf","SizeBytes":123456,"Sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}],"Urgency":"Urgent","Deadline":null},"Digest":"1a45d7c4a98c06164ff8a6a921d1878c762ee886b8d3b63e6eb721ba915bf10a","DraftingMinistry":"SZW","DraftedBy":"szw-requester","Status":"Released","CoSignedBy":"vws-requester","ReleasedAt":"2026-11-20T07:30:00+00:00","Deadline":"2026-11-22T07:30:00+00:00","DeclineReason":null,"DeclinedBy":null,"CoSigningMinistry":"VWS"},"Current":{"Number":1,"Content":{"Title":"Reizigers uit het getroffen gebied","Question":"Welke maatregelen zijn proportioneel?\nGraag per maatregel.","Measures":[{"Name":"Mondkapjes","Description":"Op directe vluchten."},{"Name":"Test vooraf","Description":"Negatieve test voor vertrek."}],"Attachments":[{"Name":"situatie.pdf","MediaType":"application/pdf","SizeBytes":123456,"Sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}],"Urgency":"Urgent","Deadline":null},"Digest":"1a45d7c4a98c06164ff8a6a921d1878c762ee886b8d3b63e6eb721ba915bf10a","DraftingMinistry":"SZW","DraftedBy":"szw-requester","Status":"Released","CoSignedBy":"vws-requester","ReleasedAt":"2026-11-20T07:30:00+00:00","Deadline":"2026-11-22T07:30:00+00:00","DeclineReason":null,"DeclinedBy":null,"CoSigningMinistry":"VWS"},"Deadline":"2026-11-22T07:30:00+00:00","DigestAlarm":false}');
INSERT INTO joint_requests VALUES('A1A1A1A1-0000-4000-8000-000000000002','AwaitingCoSignature',0,639307602000000000,1,'{"Id":"a1a1a1a1-0000-4000-8000-000000000002","State":"AwaitingCoSignature","DraftingMinistry":"VWS","CreatedAt":"2026-11-20T08:30:00+00:00","Versions":[{"Number":1,"Content":{"Title":"Schoolsluiting","Question":"Wat zijn de effecten?","Measures":[{"Name":"Sluiting","Description":"Twee weken."}],"Attachments":[],"Urgency":"Regular","Deadline":"2026-12-10T09:30:00+00:00"},"Digest":"894c68493b2ac24d20655fe62f38c9ed8821b86fadbeb7d3e8c94488d124c2f2","DraftingMinistry":"VWS","DraftedBy":"vws-requester","Status":"Pending","CoSignedBy":null,"ReleasedAt":null,"Deadline":null,"DeclineReason":null,"DeclinedBy":null,"CoSigningMinistry":"SZW"}],"Links":[],"Committees":[],"WithdrawReason":null,"CoSigningMinistry":"SZW","Pending":{"Number":1,"Content":{"Title":"Schoolsluiting","Question":"Wat zijn de effecten?","Measures":[{"Name":"Sluiting","Description":"Twee weken."}],"Attachments":[],"Urgency":"Regular","Deadline":"2026-12-10T09:30:00+00:00"},"Digest":"894c68493b2ac24d20655fe62f38c9ed8821b86fadbeb7d3e8c94488d124c2f2","DraftingMinistry":"VWS","DraftedBy":"vws-requester","Status":"Pending","CoSignedBy":null,"ReleasedAt":null,"Deadline":null,"DeclineReason":null,"DeclinedBy":null,"CoSigningMinistry":"SZW"},"Released":null,"Current":{"Number":1,"Content":{"Title":"Schoolsluiting","Question":"Wat zijn de effecten?","Measures":[{"Name":"Sluiting","Description":"Twee weken."}],"Attachments":[],"Urgency":"Regular","Deadline":"2026-12-10T09:30:00+00:00"},"Digest":"894c68493b2ac24d20655fe62f38c9ed8821b86fadbeb7d3e8c94488d124c2f2","DraftingMinistry":"VWS","DraftedBy":"vws-requester","Status":"Pending","CoSignedBy":null,"ReleasedAt":null,"Deadline":null,"DeclineReason":null,"DeclinedBy":null,"CoSigningMinistry":"SZW"},"Deadline":null,"DigestAlarm":false}');
CREATE TABLE IF NOT EXISTS "outbox_messages" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "MessageId" TEXT NOT NULL,
    "MessageType" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "OccurredAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL
);
INSERT INTO outbox_messages VALUES(1,'DABDED5F-ECBA-41DE-9A52-0240144040E9','Mit.Platform.Contracts.JointAdviceRequestReleased, Mit.Platform.BuildingBlocks','{"RequestId":"a1a1a1a1-0000-4000-8000-000000000001","Version":1,"Digest":"1a45d7c4a98c06164ff8a6a921d1878c762ee886b8d3b63e6eb721ba915bf10a","Title":"Reizigers uit het getroffen gebied","Urgent":true,"ReleasedAt":"2026-11-20T07:30:00+00:00","Deadline":"2026-11-22T07:30:00+00:00","DraftingMinistry":"SZW","CoSigningMinistry":"VWS"}','2026-11-20 07:30:00+00:00','2026-11-20 07:30:00+00:00',1);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('outbox_messages',1);
CREATE INDEX "IX_joint_requests_CreatedAtTicks_Id" ON "joint_requests" ("CreatedAtTicks", "Id");
CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");
CREATE INDEX "IX_outbox_messages_SentAt" ON "outbox_messages" ("SentAt");
COMMIT;
