-- Browser sessions kept on the server (identity/WebSessions): the session cookie carries only a
-- random id, the tokens stay here. A row is keyed by the SHA-256 of that id, so a copy of this table
-- (a backup, a replica) gives nobody a cookie; the tokens are sealed with the app's key (AES-256-GCM).
-- Control plane: no tenant's data, so no row-level security and nothing to distribute on Citus.
CREATE TABLE web_session (
    key_hash   bytea PRIMARY KEY,
    subject    text        NOT NULL,  -- the Keycloak user ("sub")
    sid        text,                  -- Keycloak's session ("sid"): a back-channel logout ends every row of it
    tokens     text        NOT NULL,  -- ID, access and refresh token, sealed
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX web_session_sid_idx ON web_session (sid);
CREATE INDEX web_session_subject_idx ON web_session (subject);
-- the sweep (identity/WebSessions.sweep) deletes by expiry
CREATE INDEX web_session_expires_idx ON web_session (expires_at);
GRANT SELECT, INSERT, UPDATE, DELETE ON web_session TO ${appRole};
