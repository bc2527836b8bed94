-- ERP master tables as Ledgerline reads them through Debezium's PostgreSQL source
-- (connect/production/connectors/erp-masterdata-source.json). One table per master-data type, named as the type
-- ("type" in raw.erp.masterdata is the table name), snake_case columns (the connector's transforms rename them to the
-- field names the normaliser reads). REPLICA IDENTITY FULL: a delete carries the whole row, natural key included.
-- In a real ERP these are the ERP's own tables or replicated copies of them in a schema of this shape.
CREATE SCHEMA IF NOT EXISTS erp;

CREATE TABLE IF NOT EXISTS erp.legal_entity (
    legal_entity        text PRIMARY KEY,
    name                text,
    functional_currency char(3) NOT NULL,
    erp                 text NOT NULL,
    erp_subsidiary_id   text
);
ALTER TABLE erp.legal_entity REPLICA IDENTITY FULL;

CREATE TABLE IF NOT EXISTS erp.accounting_period (
    legal_entity text NOT NULL,
    period       text NOT NULL CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
    status       text NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    PRIMARY KEY (legal_entity, period)
);
ALTER TABLE erp.accounting_period REPLICA IDENTITY FULL;

CREATE TABLE IF NOT EXISTS erp.gl_mapping (
    legal_entity text NOT NULL,
    role         text NOT NULL,
    account_code text NOT NULL,
    PRIMARY KEY (legal_entity, role)
);
ALTER TABLE erp.gl_mapping REPLICA IDENTITY FULL;

CREATE TABLE IF NOT EXISTS erp.product_mapping (
    product_id  text PRIMARY KEY,
    recognition text NOT NULL CHECK (recognition IN ('RATABLE', 'POINT_IN_TIME')),
    name        text
);
ALTER TABLE erp.product_mapping REPLICA IDENTITY FULL;

CREATE TABLE IF NOT EXISTS erp.fx_rate (
    from_currency char(3) NOT NULL,
    to_currency   char(3) NOT NULL,
    rate_date     date NOT NULL,
    rate          numeric(24, 10) NOT NULL CHECK (rate > 0),
    PRIMARY KEY (from_currency, to_currency, rate_date)
);
ALTER TABLE erp.fx_rate REPLICA IDENTITY FULL;

CREATE TABLE IF NOT EXISTS erp.customer_crosswalk (
    crm_account_id      text PRIMARY KEY,
    billing_customer_id text,
    erp_customer_id     text NOT NULL,
    legal_entity        text NOT NULL
);
ALTER TABLE erp.customer_crosswalk REPLICA IDENTITY FULL;
