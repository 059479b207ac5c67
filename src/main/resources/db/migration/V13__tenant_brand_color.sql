-- The prospect's brand colour (issue 11, look and feel): set at creation with the logo, shown as
-- the portal's accent colour. A #rrggbb colour or nothing (the product's own blue).
ALTER TABLE tenant ADD COLUMN brand_color text CHECK (brand_color ~ '^#[0-9a-fA-F]{6}$');
