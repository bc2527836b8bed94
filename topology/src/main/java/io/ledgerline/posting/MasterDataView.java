package io.ledgerline.posting;

import io.ledgerline.waits.Reason;
import io.ledgerline.waits.WaitKey;
import io.ledgerline.waits.WaitKind;
import io.ledgerline.canonical.AccountingPeriod;
import io.ledgerline.canonical.CustomerCrosswalk;
import io.ledgerline.canonical.FxRate;
import io.ledgerline.canonical.GlMapping;
import io.ledgerline.canonical.LegalEntity;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.canonical.PeriodStatus;
import io.ledgerline.canonical.ProductMapping;
import io.ledgerline.canonical.RevenueRecognition;
import io.ledgerline.money.ExchangeRate;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The ERP master data the posting rules need, indexed in memory. Lookups that find nothing throw
 * {@link PostingBlocked} naming the master-data key whose arrival would unblock them.
 */
public final class MasterDataView {

    private final Map<String, LegalEntity> legalEntities = new HashMap<>();
    private final Map<String, Map<String, String>> accountCodes = new HashMap<>();
    private final Map<String, NavigableMap<YearMonth, PeriodStatus>> periods = new HashMap<>();
    private final Map<String, RevenueRecognition> products = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, BigDecimal>> fxRates = new HashMap<>();
    private final Map<String, CustomerCrosswalk> crosswalks = new HashMap<>();

    /** Applies one master-data record (or its deletion). */
    public void apply(MasterDataRecord record) {
        boolean deleted = record.getDeleted();
        Object payload = record.getPayload();
        if (payload instanceof LegalEntity le) {
            putOrRemove(legalEntities, le.getLegalEntity(), le, deleted);
        } else if (payload instanceof GlMapping gl) {
            Map<String, String> codes = accountCodes.computeIfAbsent(gl.getLegalEntity(), k -> new HashMap<>());
            putOrRemove(codes, gl.getRole(), gl.getAccountCode(), deleted);
        } else if (payload instanceof AccountingPeriod p) {
            NavigableMap<YearMonth, PeriodStatus> byMonth = periods.computeIfAbsent(p.getLegalEntity(), k -> new TreeMap<>());
            putOrRemove(byMonth, YearMonth.parse(p.getPeriod()), p.getStatus(), deleted);
        } else if (payload instanceof ProductMapping pm) {
            putOrRemove(products, pm.getProductId(), pm.getRecognition(), deleted);
        } else if (payload instanceof FxRate fx) {
            NavigableMap<LocalDate, BigDecimal> byDate = fxRates.computeIfAbsent(pair(fx.getFromCurrency(), fx.getToCurrency()), k -> new TreeMap<>());
            putOrRemove(byDate, LocalDate.parse(fx.getDate()), new BigDecimal(fx.getRate()), deleted);
        } else if (payload instanceof CustomerCrosswalk cw) {
            putOrRemove(crosswalks, cw.getCrmAccountId(), cw, deleted);
        }
    }

    private static <K, V> void putOrRemove(Map<K, V> map, K key, V value, boolean deleted) {
        if (deleted) {
            map.remove(key);
        } else {
            map.put(key, value);
        }
    }

    public Optional<CustomerCrosswalk> crosswalk(String accountId) {
        return Optional.ofNullable(crosswalks.get(accountId));
    }

    /** The crosswalk of an account, or blocked until the ERP assigns the account to a legal entity. */
    public CustomerCrosswalk requireCrosswalk(String accountId) {
        CustomerCrosswalk cw = crosswalks.get(accountId);
        if (cw == null) {
            throw new PostingBlocked(Reason.UNKNOWN_CROSSWALK,
                    "account " + accountId + " has no customer_crosswalk record in the ERP master data (legal entity and ERP customer unknown)",
                    WaitKey.of(WaitKind.CROSSWALK, accountId));
        }
        return cw;
    }

    /** The book of a legal entity: its currency, ERP, chart of accounts and calendar. */
    public EntityBook book(String legalEntity) {
        LegalEntity le = legalEntities.get(legalEntity);
        if (le == null) {
            throw new PostingBlocked(Reason.UNKNOWN_LEGAL_ENTITY,
                    "legal entity " + legalEntity + " has no legal_entity record in the ERP master data",
                    WaitKey.of(WaitKind.LEGAL_ENTITY, legalEntity));
        }
        return new EntityBook(le, this);
    }

    public RevenueRecognition recognition(String productId, String lineId) {
        RevenueRecognition r = productId == null ? null : products.get(productId);
        if (r == null) {
            throw new PostingBlocked(Reason.UNMAPPED_PRODUCT,
                    productId == null
                            ? "invoice line " + lineId + " has no product, so its revenue treatment is unknown"
                            : "product " + productId + " (invoice line " + lineId + ") has no product_mapping (RATABLE or POINT_IN_TIME)",
                    WaitKey.of(WaitKind.PRODUCT_MAPPING, productId == null ? "" : productId));
        }
        return r;
    }

    String accountCode(String legalEntity, Role role) {
        String code = accountCodes.getOrDefault(legalEntity, Map.of()).get(role.name());
        if (code == null) {
            throw new PostingBlocked(Reason.UNMAPPED_ROLE,
                    "legal entity " + legalEntity + " maps no GL account to role " + role + " (gl_mapping)",
                    WaitKey.of(WaitKind.GL_MAPPING, legalEntity, role.name()));
        }
        return code;
    }

    NavigableMap<YearMonth, PeriodStatus> periods(String legalEntity) {
        return periods.getOrDefault(legalEntity, new TreeMap<>());
    }

    /** The rate of {@code from} in {@code to} for a date: that date's rate, or the latest earlier one. */
    public ExchangeRate rate(String from, String to, LocalDate date) {
        if (from.equals(to)) {
            return ExchangeRate.identity(from);
        }
        Map.Entry<LocalDate, BigDecimal> rate = Optional.ofNullable(fxRates.get(pair(from, to)))
                .map(byDate -> byDate.floorEntry(date))
                .orElse(null);
        if (rate == null) {
            throw new PostingBlocked(Reason.MISSING_FX_RATE,
                    "no fx_rate " + from + "->" + to + " on or before " + date,
                    WaitKey.of(WaitKind.FX_RATE, from, to));
        }
        return new ExchangeRate(from, to, rate.getValue());
    }

    private static String pair(String from, String to) {
        return from + ":" + to;
    }
}
