-- Ledgerline's GL interface staging schema: what the JDBC sink (connect/production/connectors/erp-gl-interface-*.json)
-- upserts into, and what the ERP's journal import reads. One header row per journal entry, one line row per journal
-- line. Both are keyed by the entry's deterministic id, so a journal entry delivered twice is written once.
--
-- Headers and lines arrive on two topics: the import takes an entry only when all its lines are there
-- (see the view gl_interface.complete_entry) and marks it with import_status, a column the sink never writes.
CREATE SCHEMA IF NOT EXISTS gl_interface;

CREATE TABLE IF NOT EXISTS gl_interface.journal_header (
    entry_id                      text        PRIMARY KEY,
    entry_type                    text        NOT NULL,
    legal_entity                  text        NOT NULL,
    erp                           text        NOT NULL,
    posting_date                  date        NOT NULL,
    posting_period                text        NOT NULL,
    original_period               text,
    currency                      char(3)     NOT NULL,
    functional_currency           char(3)     NOT NULL,
    exchange_rate                 numeric(38, 18) NOT NULL CHECK (exchange_rate > 0),
    correlation_id                text        NOT NULL,
    reverses_entry_id             text,
    account_id                    text,
    source_system                 text        NOT NULL,
    source_object_type            text        NOT NULL,
    source_object_id              text        NOT NULL,
    source_event_id               text        NOT NULL,
    line_count                    integer     NOT NULL CHECK (line_count > 0),
    total_debit_minor             bigint      NOT NULL,
    total_credit_minor            bigint      NOT NULL,
    functional_total_debit_minor  bigint      NOT NULL,
    functional_total_credit_minor bigint      NOT NULL,
    -- the ERP import's own columns: the sink leaves them alone
    import_status                 text        NOT NULL DEFAULT 'NEW',
    received_at                   timestamptz NOT NULL DEFAULT now(),
    CHECK (total_debit_minor = total_credit_minor),
    CHECK (functional_total_debit_minor = functional_total_credit_minor)
);

CREATE TABLE IF NOT EXISTS gl_interface.journal_line (
    entry_id                text    NOT NULL,
    line_no                 integer NOT NULL CHECK (line_no > 0),
    legal_entity            text    NOT NULL,
    role                    text    NOT NULL,
    account_code            text    NOT NULL,
    side                    text    NOT NULL CHECK (side IN ('DEBIT', 'CREDIT')),
    currency                char(3) NOT NULL,
    amount_minor            bigint  NOT NULL CHECK (amount_minor >= 0),
    functional_currency     char(3) NOT NULL,
    functional_amount_minor bigint  NOT NULL CHECK (functional_amount_minor >= 0),
    product_id              text,
    customer_id             text,
    memo                    text,
    quantity                bigint,
    service_period_start    text,
    service_period_end      text,
    PRIMARY KEY (entry_id, line_no)
);

-- Entries whose lines have all arrived and balance: what the ERP import may take.
CREATE OR REPLACE VIEW gl_interface.complete_entry AS
SELECT h.*
FROM gl_interface.journal_header h
JOIN (SELECT entry_id,
             count(*) AS lines,
             sum(CASE WHEN side = 'DEBIT' THEN amount_minor ELSE 0 END) AS debit,
             sum(CASE WHEN side = 'CREDIT' THEN amount_minor ELSE 0 END) AS credit
      FROM gl_interface.journal_line GROUP BY entry_id) l ON l.entry_id = h.entry_id
WHERE l.lines = h.line_count AND l.debit = h.total_debit_minor AND l.credit = h.total_credit_minor;
