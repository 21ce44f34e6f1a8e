-- What customers browse (the shop_products view) is kept in the bot's memory (src/catalog/
-- shelf.rs) and read again only when this number has moved. Every committed change to what the
-- view depends on moves it: a product, a group, or the part of a provider's health the view
-- reads (open circuit, balance, a refusal for its balance). It moves once per transaction, at
-- its commit, so the row's lock is held only while committing and readers never see a number
-- newer than the data. (An open circuit that closes by itself, with time, changes no row: the
-- shelf also keeps the moment the next one closes.)
CREATE TABLE catalog_version (
    only_row BOOL PRIMARY KEY DEFAULT true CHECK (only_row),
    version BIGINT NOT NULL DEFAULT 0
);
INSERT INTO catalog_version DEFAULT VALUES;

CREATE FUNCTION catalog_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Once per transaction: the setting is the transaction's own (set_config's is_local).
    IF current_setting('topup.catalog_changed', true) IS DISTINCT FROM 'yes' THEN
        PERFORM set_config('topup.catalog_changed', 'yes', true);
        UPDATE catalog_version SET version = version + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER catalog_changed_added AFTER INSERT OR DELETE ON products
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_changed();
CREATE CONSTRAINT TRIGGER catalog_changed_updated AFTER UPDATE ON products
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER catalog_changed_emptied AFTER TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();

CREATE CONSTRAINT TRIGGER catalog_changed_added AFTER INSERT OR DELETE ON product_groups
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_changed();
CREATE CONSTRAINT TRIGGER catalog_changed_updated AFTER UPDATE ON product_groups
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER catalog_changed_emptied AFTER TRUNCATE ON product_groups
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();

-- A provider's recent failures (failure_times) and when its balance was seen are not read by
-- the view: counting a failure moves nothing.
CREATE CONSTRAINT TRIGGER catalog_changed_added AFTER INSERT OR DELETE ON provider_health
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION catalog_changed();
CREATE CONSTRAINT TRIGGER catalog_changed_updated AFTER UPDATE ON provider_health
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
    WHEN ((OLD.open_until, OLD.balance_minor, OLD.balance_currency, OLD.short_minor)
          IS DISTINCT FROM (NEW.open_until, NEW.balance_minor, NEW.balance_currency, NEW.short_minor))
    EXECUTE FUNCTION catalog_changed();
CREATE TRIGGER catalog_changed_emptied AFTER TRUNCATE ON provider_health
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_changed();
