-- Issue 12, the follow-up half: what pre-sales does about the signals, and the CRM told about it.

-- The deal's sales stage, set by pre-sales; NULL means "not set": the stage then follows from the
-- signals (src/site/markdown/follow-ups.md).
ALTER TABLE tenant ADD COLUMN sales_stage text CHECK (sales_stage IN
    ('opportunity', 'qualification', 'solution', 'trial', 'bidding', 'contract', 'delivery'));

-- A prospect's request answered by pre-sales (an extension granted, a call arranged).
ALTER TABLE trial_ask ADD COLUMN answered_at timestamptz;
ALTER TABLE trial_ask ADD COLUMN answered_by text;
ALTER TABLE trial_ask ADD COLUMN answer text;
GRANT UPDATE ON trial_ask TO ${appRole};

-- A follow-up task: a signal that fired, for the tenant's owner. One task open (or snoozed) per
-- tenant, signal and subject (the partial unique index): a signal that fires again while its task is
-- open refreshes that task. Texts are kept in both languages as they were when the task was made.
CREATE TABLE follow_up (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenant(id),
    signal        text NOT NULL,
    subject       text NOT NULL,
    influence     text,                     -- the decision-chain role it is about (EB, UB, TB), for the material
    owner         text,
    state         text NOT NULL CHECK (state IN ('open', 'done')),
    priority      double precision NOT NULL,
    weight        int NOT NULL,
    stage         text NOT NULL,
    reason_zh     text NOT NULL,
    reason_en     text NOT NULL,
    why_zh        text NOT NULL,
    why_en        text NOT NULL,
    suggestion_zh text NOT NULL,
    suggestion_en text NOT NULL,
    material      jsonb NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    snoozed_until timestamptz,
    completed_at  timestamptz,
    completed_by  text,
    outcome       text
);
CREATE UNIQUE INDEX follow_up_open_uq ON follow_up (tenant_id, signal, subject) WHERE state = 'open';
CREATE INDEX follow_up_queue_idx ON follow_up (priority DESC, created_at) WHERE state = 'open';
-- a seller's own queue, and the list of owners for the queue's filter (an index-only scan)
CREATE INDEX follow_up_owner_idx ON follow_up (owner, priority DESC, created_at) WHERE state = 'open';
CREATE INDEX follow_up_tenant_idx ON follow_up (tenant_id, created_at DESC);
GRANT SELECT, INSERT, UPDATE, DELETE ON follow_up TO ${appRole};

-- A CRM endpoint (admin): which events it wants. The secret signs the deliveries, so it must be
-- readable again: sealed with the app's secret key, never stored in clear.
CREATE TABLE webhook (
    id            uuid PRIMARY KEY,
    url           text NOT NULL,
    secret_sealed text NOT NULL,
    events        text[] NOT NULL,
    created_by    text NOT NULL,
    created_at    timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook TO ${appRole};

-- The webhook outbox: a row per event and endpoint, written in the transaction that made the event.
-- Its id is the delivery key (X-Modelhouse-Delivery), the body is kept as sent (the signature covers
-- those exact bytes). A sender claims due rows with FOR UPDATE SKIP LOCKED and a lease
-- (claimed_until): a node that dies mid-delivery leaves the row to be claimed again when the lease
-- ends, so delivery is at least once.
CREATE TABLE webhook_delivery (
    id            uuid PRIMARY KEY,
    webhook_id    uuid NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
    tenant_id     uuid,
    event         text NOT NULL,
    body          text NOT NULL,
    state         text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts      int NOT NULL DEFAULT 0,
    next_at       timestamptz NOT NULL,
    claimed_until timestamptz,
    last_status   int,
    last_error    text,
    created_at    timestamptz NOT NULL,
    delivered_at  timestamptz
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_at) WHERE state = 'pending';
CREATE INDEX webhook_delivery_dead_idx ON webhook_delivery (created_at DESC) WHERE state = 'dead';
CREATE INDEX webhook_delivery_tenant_idx ON webhook_delivery (tenant_id);
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_delivery TO ${appRole};

-- The engagement of each tenant as the last signal evaluation found it: the fleet list filters and
-- sorts by it and the CSV export streams it, without computing 5,000 engagements per request.
CREATE TABLE tenant_engagement (
    tenant_id      uuid PRIMARY KEY REFERENCES tenant(id),
    score          int NOT NULL,
    activity       int NOT NULL,
    breadth        int NOT NULL,
    depth          int NOT NULL,
    coverage       int NOT NULL,
    value_moments  int NOT NULL,
    active_days    int NOT NULL,
    roles_active   text NOT NULL,
    evaluated_at   timestamptz NOT NULL
);
CREATE INDEX tenant_engagement_score_idx ON tenant_engagement (score DESC);
GRANT SELECT, INSERT, UPDATE, DELETE ON tenant_engagement TO ${appRole};
