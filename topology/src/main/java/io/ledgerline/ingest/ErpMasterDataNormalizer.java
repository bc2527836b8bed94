package io.ledgerline.ingest;

import static io.ledgerline.ingest.JsonFields.optionalBoolean;
import static io.ledgerline.ingest.JsonFields.optionalText;
import static io.ledgerline.ingest.JsonFields.requireCurrency;
import static io.ledgerline.ingest.JsonFields.requireText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.canonical.AccountingPeriod;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.FxRate;
import io.ledgerline.canonical.GlMapping;
import io.ledgerline.canonical.LegalEntity;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.canonical.PeriodStatus;
import io.ledgerline.canonical.ProductMapping;
import io.ledgerline.canonical.RevenueRecognition;
import io.ledgerline.ingest.JsonFields.InvalidInput;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns an ERP master-data record ({@code {"type": ..., ...}}) into a {@link MasterDataRecord} whose {@code key} is
 * the type plus the natural key, so a later record with the same key replaces it:
 * <pre>
 * legal_entity:LE-US              accounting_period:LE-US:2026-01     gl_mapping:LE-US:AR
 * product_mapping:prod_platform   fx_rate:EUR:USD:2026-02-01          customer_crosswalk:&lt;crmAccountId&gt;
 * </pre>
 * An optional {@code "deleted": true} marks a tombstone. An unknown type is rejected (dead-lettered), not ignored:
 * master data Ledgerline cannot read may be exactly what a parked event waits for. ERP names are trimmed and
 * lower-cased. Thread-safe, never throws on bad input.
 */
public final class ErpMasterDataNormalizer {

    public NormalizeResult<MasterDataRecord> normalize(byte[] json) {
        ObjectNode record;
        try {
            record = JsonFields.readObject(json);
        } catch (InvalidInput e) {
            return NormalizeResult.rejected("erp master data: " + e.getMessage(), e.getCause());
        }
        String type = null;
        try {
            type = requireText(record, "type", "");
            String key;
            Object payload;
            switch (type) {
                case "legal_entity" -> {
                    LegalEntity entity = legalEntity(record);
                    key = type + ":" + entity.getLegalEntity();
                    payload = entity;
                }
                case "accounting_period" -> {
                    AccountingPeriod period = accountingPeriod(record);
                    key = type + ":" + period.getLegalEntity() + ":" + period.getPeriod();
                    payload = period;
                }
                case "gl_mapping" -> {
                    GlMapping mapping = GlMapping.newBuilder()
                            .setLegalEntity(requireText(record, "legalEntity", ""))
                            .setRole(requireText(record, "role", ""))
                            .setAccountCode(requireText(record, "accountCode", ""))
                            .build();
                    key = type + ":" + mapping.getLegalEntity() + ":" + mapping.getRole();
                    payload = mapping;
                }
                case "product_mapping" -> {
                    ProductMapping mapping = productMapping(record);
                    key = type + ":" + mapping.getProductId();
                    payload = mapping;
                }
                case "fx_rate" -> {
                    FxRate rate = fxRate(record);
                    key = type + ":" + rate.getFromCurrency() + ":" + rate.getToCurrency() + ":" + rate.getDate();
                    payload = rate;
                }
                case "customer_crosswalk" -> {
                    CustomerCrosswalk crosswalk = CustomerCrosswalk.newBuilder()
                            .setCrmAccountId(requireText(record, "crmAccountId", ""))
                            .setBillingCustomerId(blankToNull(optionalText(record, "billingCustomerId", "")))
                            .setErpCustomerId(requireText(record, "erpCustomerId", ""))
                            .setLegalEntity(requireText(record, "legalEntity", ""))
                            .build();
                    key = type + ":" + crosswalk.getCrmAccountId();
                    payload = crosswalk;
                }
                // a master-data type we do not know may be data we need under a new name: never drop it silently
                default -> throw new InvalidInput("type '" + type + "' is not a master-data type Ledgerline knows ("
                        + String.join(", ", TYPES) + ")");
            }
            return NormalizeResult.accepted(MasterDataRecord.newBuilder()
                    .setKey(key)
                    .setDeleted(Boolean.TRUE.equals(optionalBoolean(record, "deleted", "")))
                    .setPayload(payload)
                    .build());
        } catch (InvalidInput e) {
            return NormalizeResult.rejected(context(type) + e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            return NormalizeResult.rejected(context(type) + "cannot be normalized: " + e, e);
        }
    }

    private static final List<String> TYPES = List.of("legal_entity", "accounting_period", "gl_mapping",
            "product_mapping", "fx_rate", "customer_crosswalk");

    /** An ERP name names the topic erp.journal.&lt;erp&gt;, so it must be a plain lower-case identifier. */
    private static final Pattern ERP_NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private static String context(String type) {
        return type == null ? "erp master data: " : "erp master data " + type + ": ";
    }

    private static LegalEntity legalEntity(ObjectNode r) {
        String erp = requireText(r, "erp", "").trim().toLowerCase(Locale.ROOT);
        if (!ERP_NAME.matcher(erp).matches()) {
            throw new InvalidInput("erp '" + erp + "' must be a letter followed by letters, digits, '-' or '_'"
                    + " (it names the topic erp.journal.<erp>)");
        }
        return LegalEntity.newBuilder()
                .setLegalEntity(requireText(r, "legalEntity", ""))
                .setName(optionalText(r, "name", ""))
                .setFunctionalCurrency(requireCurrency(r, "functionalCurrency", ""))
                .setErp(erp)
                .setErpSubsidiaryId(blankToNull(optionalText(r, "erpSubsidiaryId", "")))
                .build();
    }

    private static AccountingPeriod accountingPeriod(ObjectNode r) {
        String legalEntity = requireText(r, "legalEntity", "");
        String period = requireText(r, "period", "");
        if (!isYearMonth(period)) {
            throw new InvalidInput("period '" + period + "' is not a month in the form yyyy-MM");
        }
        String status = requireText(r, "status", "");
        PeriodStatus periodStatus = switch (status) {
            case "OPEN" -> PeriodStatus.OPEN;
            case "CLOSED" -> PeriodStatus.CLOSED;
            default -> throw new InvalidInput("status '" + status + "' is neither OPEN nor CLOSED");
        };
        return AccountingPeriod.newBuilder().setLegalEntity(legalEntity).setPeriod(period).setStatus(periodStatus).build();
    }

    private static ProductMapping productMapping(ObjectNode r) {
        String productId = requireText(r, "productId", "");
        String recognition = requireText(r, "recognition", "");
        RevenueRecognition treatment = switch (recognition) {
            case "RATABLE" -> RevenueRecognition.RATABLE;
            case "POINT_IN_TIME" -> RevenueRecognition.POINT_IN_TIME;
            case "USAGE" -> RevenueRecognition.USAGE;
            default -> throw new InvalidInput("recognition '" + recognition + "' is not RATABLE, POINT_IN_TIME or USAGE");
        };
        return ProductMapping.newBuilder()
                .setProductId(productId)
                .setRecognition(treatment)
                .setName(optionalText(r, "name", ""))
                .build();
    }

    private static FxRate fxRate(ObjectNode r) {
        String from = requireCurrency(r, "fromCurrency", "");
        String to = requireCurrency(r, "toCurrency", "");
        String date = requireText(r, "date", "");
        if (!isDate(date)) {
            throw new InvalidInput("date '" + date + "' is not a date in the form yyyy-MM-dd");
        }
        return FxRate.newBuilder().setFromCurrency(from).setToCurrency(to).setDate(date).setRate(rate(r)).build();
    }

    /** The rate exactly as given (string, or the decimal's plain form for a JSON number), after checking it is positive. */
    private static String rate(ObjectNode r) {
        JsonNode node = r.get("rate");
        if (JsonFields.isAbsent(node)) {
            throw new InvalidInput("rate missing");
        }
        String text;
        BigDecimal value;
        if (node.isNumber()) {
            value = node.decimalValue();
            text = value.toPlainString();
        } else if (node.isTextual()) {
            text = node.textValue();
            value = JsonFields.parseDecimal(text);
        } else {
            throw new InvalidInput("rate must be a decimal but is " + JsonFields.describe(node));
        }
        if (value == null) {
            throw new InvalidInput("rate '" + text + "' is not a decimal number");
        }
        if (value.signum() <= 0) {
            throw new InvalidInput("rate '" + text + "' must be positive");
        }
        return text;
    }

    static boolean isYearMonth(String s) {
        if (s.length() != 7 || s.charAt(4) != '-' || !digits(s, 0, 4) || !digits(s, 5, 7)) {
            return false;
        }
        int month = (s.charAt(5) - '0') * 10 + (s.charAt(6) - '0');
        return month >= 1 && month <= 12;
    }

    static boolean isDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-'
                || !digits(s, 0, 4) || !digits(s, 5, 7) || !digits(s, 8, 10)) {
            return false;
        }
        int year = Integer.parseInt(s, 0, 4, 10);
        int month = Integer.parseInt(s, 5, 7, 10);
        int day = Integer.parseInt(s, 8, 10, 10);
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        try {
            return day <= LocalDate.of(year, month, 1).lengthOfMonth();
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
