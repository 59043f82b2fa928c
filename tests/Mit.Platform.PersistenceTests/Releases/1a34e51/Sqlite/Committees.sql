PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "composition_documents" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_composition_documents" PRIMARY KEY,
    "Type" TEXT NOT NULL,
    "Key" TEXT NOT NULL,
    "DueTicks" INTEGER NULL,
    "Revision" INTEGER NOT NULL,
    "Document" TEXT NOT NULL
);
INSERT INTO composition_documents VALUES('6D1E7A52-0000-4000-8000-000000000001','Committee','MIT',NULL,1,'{"Id":"6d1e7a52-0000-4000-8000-000000000001","Kind":"MIT","Decree":{"Reference":"Demo establishment decree MIT","Start":"2026-10-21","End":"2028-10-20","DecidedAt":"2026-11-20T09:30:00+00:00","Extensions":[]},"Quorum":{"Numerator":1,"Denominator":2},"Appointments":[{"Id":"5634451a-824e-4633-8936-70a3598048f9","Subject":"demo-mit-chair","Name":"MIT chair (demo)","Seat":"Chair","From":"2026-10-21","Until":null,"Institution":null,"AgendaMember":false,"Topic":null,"RequestId":null,"HasVote":true,"Ended":false},{"Id":"cddc84b0-d9e0-460f-8ee5-d35043664080","Subject":"demo-mit-member","Name":"MIT member (demo)","Seat":"Member","From":"2026-10-21","Until":null,"Institution":null,"AgendaMember":false,"Topic":null,"RequestId":null,"HasVote":true,"Ended":false},{"Id":"80c9797d-ca27-4c75-a467-95afaff069cb","Subject":"demo-mit-expert","Name":"MIT expert member, CPB seat (demo)","Seat":"ExpertMember","From":"2026-10-21","Until":null,"Institution":"CPB","AgendaMember":false,"Topic":null,"RequestId":null,"HasVote":false,"Ended":false},{"Id":"92ee3531-8c74-43ee-bfef-21b143f60209","Subject":"demo-mit-secretariat","Name":"MIT secretariat staff (demo)","Seat":"Secretariat","From":"2026-10-21","Until":null,"Institution":null,"AgendaMember":false,"Topic":null,"RequestId":null,"HasVote":false,"Ended":false}],"Interests":[],"Conflicts":[],"SubstituteActions":[],"Adoptions":[]}');
INSERT INTO composition_documents VALUES('6D1E7A52-0000-4000-8000-000000000002','Committee','OMT',NULL,1,'{"Id":"6d1e7a52-0000-4000-8000-000000000002","Kind":"OMT","Decree":{"Reference":"Demo OMT convocation","Start":"2026-10-21","End":"2028-10-20","DecidedAt":"2026-11-20T09:30:00+00:00","Extensions":[]},"Quorum":{"Numerator":1,"Denominator":2},"Appointments":[{"Id":"302c40ce-12ae-40bf-b1ff-fc82ef09f4f9","Subject":"demo-omt-chair","Name":"OMT chair (demo)","Seat":"Chair","From":"2026-10-21","Until":null,"Institution":null,"AgendaMember":false,"Topic":null,"RequestId":null,"HasVote":true,"Ended":false},{"Id":"41dcf139-f763-47cf-92a5-d406fb1db866","Subject":"demo-omt-secretary","Name":"OMT secretary (demo)","Seat":"Secretary","From":"2026-10-21","Until":null,"Institution":null,"AgendaMember":false,"Topic":null,"RequestId":null,"HasVote":true,"Ended":false},{"Id":"ba1e8b74-134c-4b71-8a0b-f7a016384a2e","Subject":"demo-omt-member","Name":"OMT member (demo)","Seat":"Member","From":"2026-10-21","Until":null,"Institution":null,"AgendaMember":false,"Topic":null,"RequestId":null,"HasVote":true,"Ended":false}],"Interests":[],"Conflicts":[],"SubstituteActions":[],"Adoptions":[]}');
CREATE TABLE IF NOT EXISTS "desk_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_desk_entries" PRIMARY KEY AUTOINCREMENT,
    "Committee" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "RequestId" TEXT NOT NULL,
    "Version" INTEGER NOT NULL,
    "Digest" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "ReleasedAt" TEXT NULL,
    "Deadline" TEXT NULL,
    "ReceivedAt" TEXT NOT NULL,
    "AcknowledgedAt" TEXT NULL,
    "AcknowledgedDigest" TEXT NULL,
    "AcknowledgedBy" TEXT NULL,
    "RelatedRequestId" TEXT NULL,
    "ExternalReference" TEXT NULL,
    "Note" TEXT NULL,
    "AdviceCommittee" TEXT NULL
);
INSERT INTO desk_entries VALUES(1,'MIT',1,'Released','A1A1A1A1-0000-4000-8000-000000000001',1,'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc','Reizigers uit het getroffen gebied','2026-11-20 07:30:00+00:00','2026-11-22 07:30:00+00:00','2026-11-20 07:30:00.04+00:00','2026-11-20 08:30:00+00:00','cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc','mit-secretariat',NULL,NULL,NULL,NULL);
INSERT INTO desk_entries VALUES(2,'OMT',1,'Released','A1A1A1A1-0000-4000-8000-000000000001',1,'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc','Reizigers uit het getroffen gebied','2026-11-20 07:30:00+00:00','2026-11-22 07:30:00+00:00','2026-11-20 07:30:00.04+00:00',NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO desk_entries VALUES(3,'OMT',2,'AdviceAdopted','A1A1A1A1-0000-4000-8000-000000000001',1,'','',NULL,NULL,'2026-11-20 09:00:00+00:00',NULL,NULL,NULL,NULL,NULL,'adopted','MIT');
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
INSERT INTO inbox_records VALUES('D4D4D4D4-0000-4000-8000-000000000001','MITDeskConsumer','2026-11-20 07:30:00.04+00:00');
INSERT INTO inbox_records VALUES('D4D4D4D4-0000-4000-8000-000000000001','OMTDeskConsumer','2026-11-20 07:30:00.04+00:00');
CREATE TABLE IF NOT EXISTS "outbox_messages" (
    "Sequence" INTEGER NOT NULL CONSTRAINT "PK_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "MessageId" TEXT NOT NULL,
    "MessageType" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "OccurredAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "Attempts" INTEGER NOT NULL
);
INSERT INTO outbox_messages VALUES(1,'E34155B6-B9FC-4642-BD70-F5F6F39296D0','Mit.Platform.Contracts.CommitteeMembershipChanged, Mit.Platform.BuildingBlocks','{"CommitteeId":"6d1e7a52-0000-4000-8000-000000000001","Committee":"MIT","Subject":"","Seat":"","Change":"Established","EffectiveFrom":"2026-10-21","ChangedAt":"2026-11-20T09:30:00+00:00"}','2026-11-20 09:30:00+00:00',NULL,0);
INSERT INTO outbox_messages VALUES(2,'745CDDD0-BCFC-4065-B9B2-4B768BD16025','Mit.Platform.Contracts.CommitteeMembershipChanged, Mit.Platform.BuildingBlocks','{"CommitteeId":"6d1e7a52-0000-4000-8000-000000000001","Committee":"MIT","Subject":"demo-mit-chair","Seat":"Chair","Change":"Appointed","EffectiveFrom":"2026-10-21","ChangedAt":"2026-11-20T09:30:00+00:00"}','2026-11-20 09:30:00+00:00',NULL,0);
INSERT INTO outbox_messages VALUES(3,'7DDB05DB-59C8-4DA7-89CD-C1D3739A7F7A','Mit.Platform.Contracts.CommitteeMembershipChanged, Mit.Platform.BuildingBlocks','{"CommitteeId":"6d1e7a52-0000-4000-8000-000000000001","Committee":"MIT","Subject":"demo-mit-member","Seat":"Member","Change":"Appointed","EffectiveFrom":"2026-10-21","ChangedAt":"2026-11-20T09:30:00+00:00"}','2026-11-20 09:30:00+00:00',NULL,0);
INSERT INTO outbox_messages VALUES(4,'E88E9D34-5136-4551-BE36-20190EB58738','Mit.Platform.Contracts.CommitteeMembershipChanged, Mit.Platform.BuildingBlocks','{"CommitteeId":"6d1e7a52-0000-4000-8000-000000000001","Committee":"MIT","Subject":"demo-mit-expert","Seat":"ExpertMember","Change":"Appointed","EffectiveFrom":"2026-10-21","ChangedAt":"2026-11-20T09:30:00+00:00"}','2026-11-20 09:30:00+00:00',NULL,0);
INSERT INTO outbox_messages VALUES(5,'FB32F35B-24C3-41F3-8D77-C0A6D0427729','Mit.Platform.Contracts.CommitteeMembershipChanged, Mit.Platform.BuildingBlocks','{"CommitteeId":"6d1e7a52-0000-4000-8000-000000000001","Committee":"MIT","Subject":"demo-mit-secretariat","Seat":"Secretariat","Change":"Appointed","EffectiveFrom":"2026-10-21","ChangedAt":"2026-11-20T09:30:00+00:00"}','2026-11-20 09:30:00+00:00',NULL,0);
INSERT INTO outbox_messages VALUES(6,'C3B57754-70F2-4548-BE77-5C78ABA77523','Mit.Platform.Contracts.CommitteeMembershipChanged, Mit.Platform.BuildingBlocks','{"CommitteeId":"6d1e7a52-0000-4000-8000-000000000002","Committee":"OMT","Subject":"","Seat":"","Change":"Established","EffectiveFrom":"2026-10-21","ChangedAt":"2026-11-20T09:30:00+00:00"}','2026-11-20 09:30:00+00:00',NULL,0);
INSERT INTO outbox_messages VALUES(7,'D7E0D719-6A58-46A7-B199-E7C3A986DC9D','Mit.Platform.Contracts.CommitteeMembershipChanged, Mit.Platform.BuildingBlocks','{"CommitteeId":"6d1e7a52-0000-4000-8000-000000000002","Committee":"OMT","Subject":"demo-omt-chair","Seat":"Chair","Change":"Appointed","EffectiveFrom":"2026-10-21","ChangedAt":"2026-11-20T09:30:00+00:00"}','2026-11-20 09:30:00+00:00',NULL,0);
INSERT INTO outbox_messages VALUES(8,'4105CAC7-93F4-4D1A-BB89-15B67C13BCEE','Mit.Platform.Contracts.CommitteeMembershipChanged, Mit.Platform.BuildingBlocks','{"CommitteeId":"6d1e7a52-0000-4000-8000-000000000002","Committee":"OMT","Subject":"demo-omt-secretary","Seat":"Secretary","Change":"Appointed","EffectiveFrom":"2026-10-21","ChangedAt":"2026-11-20T09:30:00+00:00"}','2026-11-20 09:30:00+00:00',NULL,0);
INSERT INTO outbox_messages VALUES(9,'12AD27ED-23D5-496B-8C5A-9DDB843AC0FE','Mit.Platform.Contracts.CommitteeMembershipChanged, Mit.Platform.BuildingBlocks','{"CommitteeId":"6d1e7a52-0000-4000-8000-000000000002","Committee":"OMT","Subject":"demo-omt-member","Seat":"Member","Change":"Appointed","EffectiveFrom":"2026-10-21","ChangedAt":"2026-11-20T09:30:00+00:00"}','2026-11-20 09:30:00+00:00',NULL,0);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('outbox_messages',9);
INSERT INTO sqlite_sequence VALUES('desk_entries',3);
CREATE INDEX "IX_composition_documents_Type_DueTicks" ON "composition_documents" ("Type", "DueTicks");
CREATE INDEX "IX_composition_documents_Type_Key" ON "composition_documents" ("Type", "Key");
CREATE UNIQUE INDEX "IX_desk_entries_Committee_Position" ON "desk_entries" ("Committee", "Position");
CREATE INDEX "IX_desk_entries_Committee_RequestId_Version_Kind" ON "desk_entries" ("Committee", "RequestId", "Version", "Kind");
CREATE UNIQUE INDEX "IX_outbox_messages_MessageId" ON "outbox_messages" ("MessageId");
CREATE INDEX "IX_outbox_messages_SentAt" ON "outbox_messages" ("SentAt");
COMMIT;
