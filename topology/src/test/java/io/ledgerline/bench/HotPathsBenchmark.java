package io.ledgerline.bench;

import io.ledgerline.canonical.CanonicalEvent;
import io.ledgerline.canonical.MasterDataRecord;
import io.ledgerline.contract.ContractState;
import io.ledgerline.core.ContractProjection;
import io.ledgerline.ingest.ErpMasterDataNormalizer;
import io.ledgerline.ingest.NormalizeResult;
import io.ledgerline.ingest.StripeEventNormalizer;
import io.ledgerline.ledger.Ledger;
import io.ledgerline.ledger.LedgerBook;
import io.ledgerline.ledger.LedgerResult;
import io.ledgerline.posting.MasterDataView;
import io.ledgerline.serde.AvroSerdeConfig;
import io.ledgerline.serdes.SerdeCatalog;
import io.ledgerline.state.InvoiceLedgerState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The per-record hot paths without a broker, so a regression shows in microseconds before it shows in {@code bench}:
 * normalizing a Stripe invoice event, the ledger booking that invoice (posting rule, revenue schedule, timeline
 * steps), and the Avro serde round trip of the invoice's ledger state, which every store get and put pays. Run with
 * the jmh profile: {@code mvn -B -pl topology -am verify -Pjmh -DskipTests}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathsBenchmark {

    private static final String ACME = "001C1AC32E5DD5537B";
    private static final String SUBSCRIPTION_EVENT = "evt_3e60ec842e819d79fce3a513";
    private static final String INVOICE_EVENT = "evt_e6888f18edb7adacaffba308";

    private final StripeEventNormalizer stripe = new StripeEventNormalizer();
    private final Ledger ledger = new Ledger(Clock.fixed(Instant.parse("2026-06-30T23:59:59Z"), ZoneOffset.UTC));
    private final MasterDataView masterData = new MasterDataView();
    private byte[] invoiceEventBytes;
    private CanonicalEvent invoiceEvent;
    private LedgerBook book;
    private Serde<InvoiceLedgerState> invoiceStates;
    private Serializer<InvoiceLedgerState> serializer;
    private Deserializer<InvoiceLedgerState> deserializer;
    private InvoiceLedgerState invoiceState;
    private byte[] invoiceStateBytes;

    @Setup
    public void setUp() {
        ErpMasterDataNormalizer erp = new ErpMasterDataNormalizer();
        for (String line : lines("erp-masterdata.jsonl")) {
            ((NormalizeResult.Accepted<MasterDataRecord>) erp.normalize(bytes(line))).values().forEach(masterData::apply);
        }
        Map<String, CanonicalEvent> events = new HashMap<>();
        Map<String, byte[]> raw = new HashMap<>();
        for (String line : lines("stripe-events.jsonl")) {
            if (stripe.normalize(bytes(line)) instanceof NormalizeResult.Accepted<CanonicalEvent> accepted) {
                accepted.values().forEach(e -> {
                    events.put(e.getEventId(), e);
                    raw.put(e.getEventId(), bytes(line));
                });
            }
        }
        invoiceEventBytes = raw.get(INVOICE_EVENT);
        invoiceEvent = CanonicalEvent.newBuilder(events.get(INVOICE_EVENT)).setAccountId(ACME).build();
        ContractState contract = ContractProjection.empty(ACME);
        ContractProjection.apply(contract, CanonicalEvent.newBuilder(events.get(SUBSCRIPTION_EVENT)).setAccountId(ACME).build());
        ContractProjection.apply(contract, invoiceEvent);
        book = new LedgerBook() {
            @Override
            public Optional<InvoiceLedgerState> invoice(String invoiceId) {
                return Optional.empty();
            }

            @Override
            public Optional<String> invoiceOfPaymentIntent(String paymentIntentId) {
                return Optional.empty();
            }

            @Override
            public Optional<ContractState> contract(String accountId) {
                return Optional.of(contract);
            }
        };
        LedgerResult result = ledger.apply(invoiceEvent, book, masterData);
        if (!(result instanceof LedgerResult.Booked booked) || booked.invoices().isEmpty()) {
            throw new IllegalStateException("the fixture invoice did not book: " + result);
        }
        invoiceState = booked.invoices().get(0);
        invoiceStates = new SerdeCatalog(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, "mock://jmh-hot-paths"))
                .avro(InvoiceLedgerState.class);
        serializer = invoiceStates.serializer();
        deserializer = invoiceStates.deserializer();
        invoiceStateBytes = serializer.serialize("ledger-invoices-changelog", invoiceState);
    }

    @TearDown
    public void tearDown() {
        invoiceStates.close();
    }

    @Benchmark
    public Object normalizeStripeInvoiceEvent() {
        return stripe.normalize(invoiceEventBytes);
    }

    @Benchmark
    public Object bookInvoice() {
        return ledger.apply(invoiceEvent, book, masterData);
    }

    @Benchmark
    public byte[] serializeInvoiceLedgerState() {
        return serializer.serialize("ledger-invoices-changelog", invoiceState);
    }

    @Benchmark
    public InvoiceLedgerState deserializeInvoiceLedgerState() {
        return deserializer.deserialize("ledger-invoices-changelog", invoiceStateBytes);
    }

    private static List<String> lines(String file) {
        var in = HotPathsBenchmark.class.getClassLoader().getResourceAsStream("fixtures/basic/" + file);
        if (in == null) {
            throw new IllegalStateException("fixtures/basic/" + file + " is not on the classpath");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
