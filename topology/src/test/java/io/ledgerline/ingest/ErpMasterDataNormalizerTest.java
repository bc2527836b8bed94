package io.ledgerline.ingest;

import static io.ledgerline.ingest.Fixtures.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.canonical.AccountingPeriod;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.FxRate;
import io.ledgerline.canonical.GlMapping;
import io.ledgerline.canonical.LegalEntity;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.canonical.PeriodStatus;
import io.ledgerline.canonical.ProductMapping;
import io.ledgerline.canonical.RevenueRecognition;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ErpMasterDataNormalizerTest {

    private final ErpMasterDataNormalizer normalizer = new ErpMasterDataNormalizer();

    private MasterDataRecord accept(String json) {
        NormalizeResult<MasterDataRecord> result = normalizer.normalize(bytes(json));
        assertThat(result).as(json).isInstanceOf(NormalizeResult.Accepted.class);
        return result.values().get(0);
    }

    private String reject(String json) {
        NormalizeResult<MasterDataRecord> result = normalizer.normalize(bytes(json));
        assertThat(result).as(json).isInstanceOf(NormalizeResult.Rejected.class);
        return ((NormalizeResult.Rejected<MasterDataRecord>) result).error();
    }

    @Test
    void everyFixtureRecordIsAcceptedUnderAUniqueKey() {
        List<String> lines = Fixtures.erp();
        assertThat(lines).hasSize(61);
        Map<String, MasterDataRecord> byKey = lines.stream().map(this::accept)
                .collect(Collectors.toMap(MasterDataRecord::getKey, Function.identity()));
        assertThat(byKey).hasSize(61);
        assertThat(byKey.values()).noneMatch(MasterDataRecord::getDeleted);
        assertThat(byKey).containsKeys("legal_entity:LE-US", "legal_entity:LE-DE", "accounting_period:LE-US:2026-01",
                "accounting_period:LE-DE:2025-12", "gl_mapping:LE-US:AR", "gl_mapping:LE-DE:ROUNDING", "product_mapping:prod_platform",
                "fx_rate:EUR:USD:2026-02-01", "fx_rate:EUR:USD:2026-02-10", "customer_crosswalk:001C1AC32E5DD5537B");

        assertThat(byKey.get("legal_entity:LE-DE").getPayload()).isEqualTo(LegalEntity.newBuilder()
                .setLegalEntity("LE-DE").setName("Ledgerline Demo LE-DE").setFunctionalCurrency("EUR").setErp("sap")
                .setErpSubsidiaryId("DE").build());
        assertThat(byKey.get("accounting_period:LE-US:2025-12").getPayload()).isEqualTo(AccountingPeriod.newBuilder()
                .setLegalEntity("LE-US").setPeriod("2025-12").setStatus(PeriodStatus.CLOSED).build());
        assertThat(((AccountingPeriod) byKey.get("accounting_period:LE-US:2026-01").getPayload()).getStatus()).isEqualTo(PeriodStatus.OPEN);
        assertThat(byKey.get("gl_mapping:LE-US:TAX_PAYABLE").getPayload()).isEqualTo(GlMapping.newBuilder()
                .setLegalEntity("LE-US").setRole("TAX_PAYABLE").setAccountCode("2200").build());
        assertThat(byKey.get("product_mapping:prod_onboarding").getPayload()).isEqualTo(ProductMapping.newBuilder()
                .setProductId("prod_onboarding").setRecognition(RevenueRecognition.POINT_IN_TIME).setName("Onboarding services").build());
        assertThat(((ProductMapping) byKey.get("product_mapping:prod_platform").getPayload()).getRecognition()).isEqualTo(RevenueRecognition.RATABLE);
        assertThat(byKey.get("fx_rate:EUR:USD:2026-02-01").getPayload()).isEqualTo(FxRate.newBuilder()
                .setFromCurrency("EUR").setToCurrency("USD").setDate("2026-02-01").setRate("1.0800").build());
        assertThat(byKey.get("customer_crosswalk:0013B0187CB3DBBF0E").getPayload()).isEqualTo(CustomerCrosswalk.newBuilder()
                .setCrmAccountId("0013B0187CB3DBBF0E").setBillingCustomerId("cus_Bergmann0002").setErpCustomerId("C-2001")
                .setLegalEntity("LE-DE").build());
    }

    @Test
    void deletedFlagAndLowerCaseCurrencies() {
        MasterDataRecord tombstone = accept("{\"type\":\"fx_rate\",\"fromCurrency\":\"eur\",\"toCurrency\":\"jpy\",\"date\":\"2026-02-29\"".replace("02-29", "02-28")
                + ",\"rate\":\"161.5\",\"deleted\":true}");
        assertThat(tombstone.getDeleted()).isTrue();
        assertThat(tombstone.getKey()).isEqualTo("fx_rate:EUR:JPY:2026-02-28");
        assertThat(((FxRate) tombstone.getPayload()).getRate()).isEqualTo("161.5");
    }

    @Test
    void numericRateKeepsItsDigitsAndNumericIdsBecomeText() {
        FxRate rate = (FxRate) accept("{\"type\":\"fx_rate\",\"fromCurrency\":\"EUR\",\"toCurrency\":\"USD\",\"date\":\"2026-03-01\",\"rate\":1.1000}").getPayload();
        assertThat(rate.getRate()).isEqualTo("1.1000");
        CustomerCrosswalk crosswalk = (CustomerCrosswalk) accept(
                "{\"type\":\"customer_crosswalk\",\"crmAccountId\":\"001X\",\"erpCustomerId\":1001,\"legalEntity\":\"LE-US\"}").getPayload();
        assertThat(crosswalk.getErpCustomerId()).isEqualTo("1001");
        assertThat(crosswalk.getBillingCustomerId()).isNull();
    }

    @Test
    void missingOrBlankFieldsNameTheFieldAndType() {
        assertThat(reject("{\"type\":\"customer_crosswalk\",\"crmAccountId\":\"001X\",\"legalEntity\":\"LE-US\"}"))
                .isEqualTo("erp master data customer_crosswalk: erpCustomerId missing");
        assertThat(reject("{\"type\":\"gl_mapping\",\"legalEntity\":\"LE-US\",\"role\":\" \",\"accountCode\":\"1200\"}"))
                .isEqualTo("erp master data gl_mapping: role is blank");
        assertThat(reject("{\"type\":\"legal_entity\",\"legalEntity\":\"LE-X\",\"erp\":\"netsuite\"}"))
                .isEqualTo("erp master data legal_entity: functionalCurrency missing");
        assertThat(reject("{\"legalEntity\":\"LE-X\"}")).isEqualTo("erp master data: type missing");
    }

    @Test
    void invalidValues() {
        assertThat(reject("{\"type\":\"legal_entity\",\"legalEntity\":\"LE-X\",\"functionalCurrency\":\"US$\",\"erp\":\"sap\"}"))
                .isEqualTo("erp master data legal_entity: functionalCurrency 'US$' is not a three-letter currency code");
        assertThat(reject("{\"type\":\"legal_entity\",\"legalEntity\":\"LE-X\",\"functionalCurrency\":\"USD\",\"erp\":\"net suite\"}"))
                .contains("erp 'net suite' must be a letter followed by letters, digits, '-' or '_'");
        assertThat(reject("{\"type\":\"accounting_period\",\"legalEntity\":\"LE-US\",\"period\":\"2026-13\",\"status\":\"OPEN\"}"))
                .isEqualTo("erp master data accounting_period: period '2026-13' is not a month in the form yyyy-MM");
        assertThat(reject("{\"type\":\"accounting_period\",\"legalEntity\":\"LE-US\",\"period\":\"2026-1\",\"status\":\"OPEN\"}"))
                .contains("'2026-1'");
        assertThat(reject("{\"type\":\"accounting_period\",\"legalEntity\":\"LE-US\",\"period\":\"2026-01\",\"status\":\"open\"}"))
                .isEqualTo("erp master data accounting_period: status 'open' is neither OPEN nor CLOSED");
        assertThat(reject("{\"type\":\"product_mapping\",\"productId\":\"prod_x\",\"recognition\":\"DEFERRED\"}"))
                .isEqualTo("erp master data product_mapping: recognition 'DEFERRED' is not RATABLE, POINT_IN_TIME or USAGE");
        String fx = "{\"type\":\"fx_rate\",\"fromCurrency\":\"EUR\",\"toCurrency\":\"USD\",\"date\":\"%s\",\"rate\":%s}";
        assertThat(reject(fx.formatted("2026-02-30", "\"1.08\""))).isEqualTo("erp master data fx_rate: date '2026-02-30' is not a date in the form yyyy-MM-dd");
        assertThat(reject(fx.formatted("01.02.2026", "\"1.08\""))).contains("'01.02.2026'");
        assertThat(reject(fx.formatted("2026-02-01", "\"0\""))).isEqualTo("erp master data fx_rate: rate '0' must be positive");
        assertThat(reject(fx.formatted("2026-02-01", "-1.08"))).contains("must be positive");
        assertThat(reject(fx.formatted("2026-02-01", "\"1,08\""))).isEqualTo("erp master data fx_rate: rate '1,08' is not a decimal number");
        assertThat(reject(fx.formatted("2026-02-01", "null"))).isEqualTo("erp master data fx_rate: rate missing");
        assertThat(reject("{\"type\":\"fx_rate\"")).startsWith("erp master data: not valid JSON");
        assertThat(reject("[]")).isEqualTo("erp master data: expected a JSON object but got array");
    }

    @Test
    void unknownTypeIsRejectedNotDropped() {
        assertThat(reject("{\"type\":\"cost_center\",\"id\":\"CC1\"}"))
                .startsWith("erp master data cost_center: type 'cost_center' is not a master-data type Ledgerline knows (legal_entity,");
    }

    @Test
    void wellFormedButUnknownCurrencyIsPassedOnInUpperCase() {
        LegalEntity entity = (LegalEntity) accept("{\"type\":\"legal_entity\",\"legalEntity\":\"LE-X\",\"functionalCurrency\":\"xau\",\"erp\":\"sap\"}").getPayload();
        assertThat(entity.getFunctionalCurrency()).isEqualTo("XAU");
    }

    @Test
    void erpNamesAreTrimmedAndLowerCased() {
        LegalEntity entity = (LegalEntity) accept("{\"type\":\"legal_entity\",\"legalEntity\":\"LE-X\",\"functionalCurrency\":\"USD\",\"erp\":\" NetSuite \"}").getPayload();
        assertThat(entity.getErp()).isEqualTo("netsuite");
    }

    @Test
    void dateAndMonthChecks() {
        assertThat(ErpMasterDataNormalizer.isDate("2028-02-29")).isTrue();
        assertThat(ErpMasterDataNormalizer.isDate("2026-02-29")).isFalse();
        assertThat(ErpMasterDataNormalizer.isDate("2026-00-10")).isFalse();
        assertThat(ErpMasterDataNormalizer.isDate("2026-04-31")).isFalse();
        assertThat(ErpMasterDataNormalizer.isYearMonth("2026-12")).isTrue();
        assertThat(ErpMasterDataNormalizer.isYearMonth("2026-00")).isFalse();
        assertThat(ErpMasterDataNormalizer.isYearMonth("202a-01")).isFalse();
    }
}
