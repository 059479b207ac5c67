-- Self-service trial requests (issue 13 §1): the public form's requests, their single-use
-- verification links (only a SHA-256 of the token is kept), and the abuse guard's sliding windows.

CREATE TABLE trial_request (
    id               uuid PRIMARY KEY,
    -- unverified -> building -> provisioned; or -> review (pre-sales approve: building ...), or -> join
    -- (the company has an open trial: pre-sales invite the person into it) -> joined; refused
    state            text NOT NULL CHECK (state IN ('unverified', 'building', 'review', 'join', 'provisioned', 'joined',
                                                    'refused')),
    company          text NOT NULL,
    name             text NOT NULL,
    email            text NOT NULL,
    mail_domain      text NOT NULL,
    phone            text,
    template_key     text NOT NULL,
    company_size     text,
    influence        text,                    -- EB, UB or TB: the requester's part in the decision
    locale           text NOT NULL,
    client_ip        text NOT NULL,
    token_hash       text NOT NULL UNIQUE,
    token_expires_at timestamptz NOT NULL,
    verified_at      timestamptz,
    reason           text,                    -- why it waits for review, or was refused
    tenant_id        uuid,                    -- the model house made for it, or the one to join
    owner            text,                    -- the pre-sales person it goes to
    login_sealed     text,                    -- the new account's password, sealed, until the first login
    login_username   text,
    decided_by       text,
    decided_at       timestamptz,
    created_at       timestamptz NOT NULL
);
CREATE INDEX trial_request_state_idx ON trial_request (state, created_at DESC);
CREATE INDEX trial_request_domain_idx ON trial_request (mail_domain, created_at);

-- One row per counted hit of a rate-limited bucket ('ip:1.2.3.4', 'domain:example.cn'). Counting
-- and adding happen under a transaction-scoped advisory lock on the bucket, so parallel requests
-- on several nodes never let more than the limit through.
CREATE TABLE rate_hit (
    bucket  text NOT NULL,
    at      timestamptz NOT NULL
);
CREATE INDEX rate_hit_bucket_idx ON rate_hit (bucket, at);

-- Per template: create on verification ('auto') or after a pre-sales person approves ('review'),
-- and who owns its self-service trials (NULL: round-robin among pre-sales).
ALTER TABLE template ADD COLUMN signup_mode text NOT NULL DEFAULT 'auto' CHECK (signup_mode IN ('auto', 'review'));
ALTER TABLE template ADD COLUMN signup_owner text;

-- Where a tenant came from: pre-sales ('console'/API) or the public form ('self-service').
ALTER TABLE tenant ADD COLUMN source text NOT NULL DEFAULT 'presales';

GRANT SELECT, INSERT, UPDATE, DELETE ON trial_request, rate_hit TO ${appRole};
