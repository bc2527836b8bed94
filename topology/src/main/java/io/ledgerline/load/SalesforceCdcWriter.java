package io.ledgerline.load;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ledgerline.load.AccountPlan.Account;
import io.ledgerline.load.AccountPlan.Event;
import io.ledgerline.load.AccountPlan.Opportunity;
import io.ledgerline.money.Currencies;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Renders CRM events as the Salesforce CDC source connector delivers them (Streaming-API JSON,
 * {@code {"schema", "payload": {"ChangeEventHeader", <fields>}, "event": {"replayId"}}}): an Account CREATE with
 * its fields, an Opportunity CREATE (Prospecting, New Business, amount in the opportunity's currency) and an
 * UPDATE carrying only the changed fields (StageName Closed Won, LastModifiedDate). Replay ids and commit numbers
 * increase along the file.
 */
final class SalesforceCdcWriter {

    private static final String ACCOUNT_SCHEMA = "06029af63ea9dd69549648";
    private static final String OPPORTUNITY_SCHEMA = "405cc61ad9bd28fe764fd1";
    private static final String CHANGE_ORIGIN = "com/salesforce/api/soap/62.0;client=SfdcInternalAPI/";
    private static final String COMMIT_USER = "005LgLoadGen00000A";

    private final JsonLines json = new JsonLines();
    private long replayId = 10_000;
    private long commitNumber = 500_000;

    String render(Event event) {
        long replay = ++replayId;
        long commit = ++commitNumber;
        return json.render(out -> {
            switch (event.kind()) {
                case CRM_ACCOUNT_CREATE -> account(out, (Account) event.subject(), event, commit);
                case CRM_OPPORTUNITY_CREATE -> opportunityCreate(out, (Opportunity) event.subject(), event, commit);
                case CRM_OPPORTUNITY_CLOSED_WON -> opportunityWon(out, (Opportunity) event.subject(), event, commit);
                default -> throw new IllegalArgumentException("not a CRM event: " + event.kind());
            }
            out.writeObjectFieldStart("event");
            out.writeNumberField("replayId", replay);
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    private static void header(JsonGenerator out, String schema, String entity, String recordId, String changeType,
                               Event event, long commit, List<String> changed) throws IOException {
        out.writeStartObject();
        out.writeStringField("schema", schema);
        out.writeObjectFieldStart("payload");
        out.writeObjectFieldStart("ChangeEventHeader");
        out.writeStringField("entityName", entity);
        out.writeArrayFieldStart("recordIds");
        out.writeString(recordId);
        out.writeEndArray();
        out.writeStringField("changeType", changeType);
        out.writeStringField("changeOrigin", CHANGE_ORIGIN);
        out.writeStringField("transactionKey", event.eventId());
        out.writeNumberField("sequenceNumber", 1);
        out.writeNumberField("commitTimestamp", event.created() * 1000);
        out.writeNumberField("commitNumber", commit);
        out.writeStringField("commitUser", COMMIT_USER);
        out.writeArrayFieldStart("changedFields");
        for (String field : changed) {
            out.writeString(field);
        }
        out.writeEndArray();
        out.writeArrayFieldStart("nulledFields");
        out.writeEndArray();
        out.writeArrayFieldStart("diffFields");
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void account(JsonGenerator out, Account a, Event event, long commit) throws IOException {
        header(out, ACCOUNT_SCHEMA, "Account", a.crmAccountId(), "CREATE", event, commit, List.of());
        String time = JsonLines.salesforceTime(event.created());
        out.writeStringField("Name", a.name());
        out.writeStringField("BillingCountry", a.country());
        out.writeStringField("Type", "Customer");
        out.writeStringField("CreatedDate", time);
        out.writeStringField("LastModifiedDate", time);
        out.writeEndObject();
    }

    private static void opportunityCreate(JsonGenerator out, Opportunity o, Event event, long commit) throws IOException {
        header(out, OPPORTUNITY_SCHEMA, "Opportunity", o.id(), "CREATE", event, commit, List.of());
        String time = JsonLines.salesforceTime(event.created());
        out.writeStringField("Name", o.name());
        out.writeStringField("AccountId", o.accountId());
        out.writeStringField("StageName", "Prospecting");
        BigDecimal amount = Currencies.toMajor(o.amountMinor(), o.currency());
        JsonLines.decimal(out, "Amount", amount.scale() == 0 ? amount.setScale(1) : amount);
        out.writeStringField("CurrencyIsoCode", o.currency());
        out.writeStringField("CloseDate", o.closeDate().toString());
        out.writeStringField("Type", "New Business");
        out.writeStringField("CreatedDate", time);
        out.writeStringField("LastModifiedDate", time);
        out.writeEndObject();
    }

    private static void opportunityWon(JsonGenerator out, Opportunity o, Event event, long commit) throws IOException {
        header(out, OPPORTUNITY_SCHEMA, "Opportunity", o.id(), "UPDATE", event, commit,
                List.of("StageName", "LastModifiedDate"));
        out.writeStringField("StageName", "Closed Won");
        out.writeStringField("LastModifiedDate", JsonLines.salesforceTime(event.created()));
        out.writeEndObject();
    }
}
