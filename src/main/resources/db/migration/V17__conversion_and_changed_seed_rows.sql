-- Conversion and move-in (issue 13 §2).
-- A seed row the prospect changed (a record edited, an approval decided, an integration configured)
-- carries when; the export takes those along with the rows the prospect made (origin 'prospect'),
-- and nothing else of the template's.
ALTER TABLE business_record ADD COLUMN changed_at timestamptz;
ALTER TABLE workspace_item ADD COLUMN changed_at timestamptz;

-- When the trial became a deal, and when the customer moved in (their own org chart, seed rows gone).
ALTER TABLE tenant ADD COLUMN converted_at timestamptz;
ALTER TABLE tenant ADD COLUMN moved_in_at timestamptz;
