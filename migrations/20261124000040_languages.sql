-- Malay and Bengali join English and Indonesian: a customer may pick them from the menu.

ALTER TABLE customer_settings DROP CONSTRAINT customer_settings_language_check;
ALTER TABLE customer_settings ADD CONSTRAINT customer_settings_language_check
    CHECK (language IN ('en', 'id', 'ms', 'bn'));
