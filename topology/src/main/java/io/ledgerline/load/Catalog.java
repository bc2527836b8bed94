package io.ledgerline.load;

import java.util.List;

/**
 * The fixed world the generated accounts live in: four legal entities with their functional currencies, ERPs, tax
 * rates and the currencies they invoice in, the chart of accounts every entity maps, and the products with their
 * revenue treatment and list prices. Prices are set in US cents and converted per currency by fixed integer factors,
 * then rounded to a round amount of the currency, so every amount stays integer minor units.
 */
final class Catalog {

    private Catalog() {
    }

    /**
     * A legal entity.
     *
     * @param weight        share of accounts, in percent
     * @param taxBasisPoints the sales tax or VAT rate (8.25 % = 825)
     * @param taxExemptPercent share of its accounts invoiced without tax
     * @param foreign       the other currency some of its customers are invoiced in
     * @param foreignPercent share of its accounts invoiced in {@code foreign}
     */
    record Entity(String code, String name, String country, String currency, String erp, String subsidiary,
                  int weight, int taxBasisPoints, int taxExemptPercent, String foreign, int foreignPercent,
                  List<String> countries) {
    }

    static final List<Entity> ENTITIES = List.of(
            new Entity("LE-US", "Ledgerline Load US Inc.", "US", "USD", "netsuite", "US", 45, 825, 40, "EUR", 12,
                    List.of("United States", "Canada", "Ireland")),
            new Entity("LE-DE", "Ledgerline Load GmbH", "DE", "EUR", "sap", "DE", 25, 1900, 5, "USD", 10,
                    List.of("Germany", "Austria", "Netherlands", "France")),
            new Entity("LE-JP", "Ledgerline Load KK", "JP", "JPY", "netsuite", "JP", 15, 1000, 5, "USD", 10,
                    List.of("Japan")),
            new Entity("LE-BH", "Ledgerline Load W.L.L.", "BH", "BHD", "sap", "BH", 15, 1000, 10, "USD", 20,
                    List.of("Bahrain", "Saudi Arabia", "United Arab Emirates")));

    /** Every role a posting rule may need, with its GL account code (the same chart in every entity). */
    static final List<String[]> GL_ACCOUNTS = List.of(
            new String[] {"CASH", "1000"}, new String[] {"AR", "1200"}, new String[] {"DISPUTES_RECEIVABLE", "1250"},
            new String[] {"CUSTOMER_CREDIT", "2150"}, new String[] {"TAX_PAYABLE", "2200"},
            new String[] {"DEFERRED_REVENUE", "2400"}, new String[] {"REVENUE", "4000"},
            new String[] {"CONTRA_REVENUE", "4900"}, new String[] {"BANK_FEES", "6150"},
            new String[] {"FX_GAIN_LOSS", "7900"}, new String[] {"ROUNDING", "7990"});

    /** A product and how its revenue is recognized. */
    record Product(String id, String name, String recognition) {
    }

    static final Product PLATFORM = new Product("prod_platform", "Platform subscription", "RATABLE");
    static final Product SEATS = new Product("prod_seats", "Seats", "RATABLE");
    static final Product ONBOARDING = new Product("prod_onboarding", "Onboarding services", "POINT_IN_TIME");
    static final Product TRAINING = new Product("prod_training", "Training day", "POINT_IN_TIME");
    static final Product API_CALLS = new Product("prod_api_calls", "API calls (metered)", "USAGE");
    static final List<Product> PRODUCTS = List.of(PLATFORM, SEATS, ONBOARDING, TRAINING, API_CALLS);

    /** List prices in US cents. */
    static final long[] PLATFORM_ANNUAL = {600_000, 1_200_000, 1_800_000, 2_400_000, 3_600_000};
    static final long[] PLATFORM_MONTHLY = {50_000, 100_000, 150_000, 250_000};
    static final long SEAT_MONTHLY = 4_000;
    static final long SEAT_ANNUAL = 48_000;
    static final long[] ONBOARDING_FEES = {150_000, 250_000, 500_000};
    static final long[] TRAINING_FEES = {80_000, 200_000, 320_000};
    static final int[] DISCOUNT_PERCENTS = {10, 15, 20};

    /** A US-cent list price in minor units of {@code currency}, rounded half up to a round amount of it. */
    static long price(long usCents, String currency) {
        return switch (currency) {
            case "USD" -> usCents;
            case "EUR" -> roundTo(usCents * 92 / 100, 100);       // whole euros
            case "JPY" -> roundTo(usCents * 150 / 100, 100);      // 1 USD = 150 JPY (no minor unit), 100-yen steps
            case "BHD" -> roundTo(usCents * 376 / 100, 100);      // 1 USD = 0.376 BHD = 376 fils, 0.100-dinar steps
            default -> throw new IllegalArgumentException("no price list in " + currency);
        };
    }

    /** The metered price of one API call in minor units. */
    static long pricePerCall(String currency) {
        return switch (currency) {
            case "USD", "EUR" -> 1;
            case "JPY" -> 2;
            case "BHD" -> 4;
            default -> throw new IllegalArgumentException("no price list in " + currency);
        };
    }

    private static long roundTo(long amount, long step) {
        return Math.max(step, (amount + step / 2) / step * step);
    }

    /** Tax on a net amount, half up, in the same minor units. */
    static long tax(long net, int basisPoints) {
        return (net * basisPoints + 5_000) / 10_000;
    }
}
