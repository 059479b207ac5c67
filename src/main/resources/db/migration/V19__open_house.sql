-- The open house (issue 13 §3): after the trial clock expires a tenant, its people may still log in
-- to read until this moment (expiry + modelhouse.trial.open-house); NULL: no open house (expired by
-- hand, or the open house is over and its logins are closed).
ALTER TABLE tenant ADD COLUMN open_house_until timestamptz;
