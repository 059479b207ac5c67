-- Each login's language, for its mails (invitation, warnings): zh-CN unless the contact asked for en.
ALTER TABLE trial_account ADD COLUMN locale text NOT NULL DEFAULT 'zh-CN' CHECK (locale IN ('zh-CN', 'en'));
ALTER TABLE mail_outbox ADD COLUMN attempts int NOT NULL DEFAULT 0;
