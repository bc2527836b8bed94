package io.ledgerline.load;

import io.ledgerline.load.AccountPlan.Account;
import java.io.IOException;
import java.time.YearMonth;

/**
 * Renders the ERP master data the generated history needs, before anything else: per legal entity its
 * {@code legal_entity} record (functional currency, ERP), its accounting periods (the month before the window
 * CLOSED, then every month to a year after the window OPEN) and a {@code gl_mapping} for every role a posting may
 * need; the {@code product_mapping} of every product (RATABLE, POINT_IN_TIME, USAGE); one
 * {@code customer_crosswalk} per account; and the business-day {@code fx_rate}s of every currency pair a document
 * converts ({@link FxRateTable}).
 */
final class MasterDataWriter {

    private final JsonLines json = new JsonLines();

    /**
     * Legal entities with their periods and GL mappings, then the products: what every posting needs. The crosswalks
     * follow ({@link #writeCrosswalk}), then the rates ({@link #writeRates}), which only cross-currency documents need.
     */
    void writeShared(LoadSettings settings, LineSink sink) throws IOException {
        YearMonth first = YearMonth.from(settings.start()).minusMonths(1);
        YearMonth last = YearMonth.from(settings.end()).plusMonths(12);
        for (Catalog.Entity e : Catalog.ENTITIES) {
            sink.accept(ExportFile.ERP_MASTERDATA, json.render(out -> {
                out.writeStartObject();
                out.writeStringField("type", "legal_entity");
                out.writeStringField("legalEntity", e.code());
                out.writeStringField("name", e.name());
                out.writeStringField("functionalCurrency", e.currency());
                out.writeStringField("erp", e.erp());
                out.writeStringField("erpSubsidiaryId", e.subsidiary());
                out.writeEndObject();
            }));
            for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
                String period = month.toString();
                String status = month.equals(first) ? "CLOSED" : "OPEN";
                sink.accept(ExportFile.ERP_MASTERDATA, json.render(out -> {
                    out.writeStartObject();
                    out.writeStringField("type", "accounting_period");
                    out.writeStringField("legalEntity", e.code());
                    out.writeStringField("period", period);
                    out.writeStringField("status", status);
                    out.writeEndObject();
                }));
            }
            for (String[] gl : Catalog.GL_ACCOUNTS) {
                sink.accept(ExportFile.ERP_MASTERDATA, json.render(out -> {
                    out.writeStartObject();
                    out.writeStringField("type", "gl_mapping");
                    out.writeStringField("legalEntity", e.code());
                    out.writeStringField("role", gl[0]);
                    out.writeStringField("accountCode", gl[1]);
                    out.writeEndObject();
                }));
            }
        }
        for (Catalog.Product p : Catalog.PRODUCTS) {
            sink.accept(ExportFile.ERP_MASTERDATA, json.render(out -> {
                out.writeStartObject();
                out.writeStringField("type", "product_mapping");
                out.writeStringField("productId", p.id());
                out.writeStringField("recognition", p.recognition());
                out.writeStringField("name", p.name());
                out.writeEndObject();
            }));
        }
    }

    /** The daily FX rates ({@link FxRateTable}), after the crosswalks. */
    void writeRates(LoadSettings settings, LineSink sink) throws IOException {
        for (FxRateTable.Rate r : FxRateTable.rates(settings)) {
            sink.accept(ExportFile.ERP_MASTERDATA, json.render(out -> {
                out.writeStartObject();
                out.writeStringField("type", "fx_rate");
                out.writeStringField("fromCurrency", r.from());
                out.writeStringField("toCurrency", r.to());
                out.writeStringField("date", r.date().toString());
                out.writeStringField("rate", r.rate());
                out.writeEndObject();
            }));
        }
    }

    void writeCrosswalk(Account a, LineSink sink) throws IOException {
        sink.accept(ExportFile.ERP_MASTERDATA, json.render(out -> {
            out.writeStartObject();
            out.writeStringField("type", "customer_crosswalk");
            out.writeStringField("crmAccountId", a.crmAccountId());
            out.writeStringField("billingCustomerId", a.customerId());
            out.writeStringField("erpCustomerId", a.erpCustomerId());
            out.writeStringField("legalEntity", a.entity().code());
            out.writeEndObject();
        }));
    }
}
