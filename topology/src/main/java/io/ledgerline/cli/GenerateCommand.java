package io.ledgerline.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.ledgerline.demo.BundledExports;
import io.ledgerline.load.LoadGenerator;
import io.ledgerline.load.LoadSettings;
import io.ledgerline.load.LoadSummary;
import io.ledgerline.runtime.ExportFileReplayer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code generate}: a load generator. Writes export files holding N copies of the bundled basic history (six accounts),
 * every business identifier rewritten per copy so that copies never collide, every amount and date kept as is: copy
 * k's journal is the basic journal with renamed ids.
 *
 * <p>What is rewritten, on the JSON tree (never on raw text, so amounts cannot be touched), with the copy's tag
 * {@code T} = the copy number in base 36, upper case, zero-padded to six characters:
 * <ul>
 *   <li>Stripe object ids ({@code evt_ cus_ sub_ in_ il_ inpay_ pi_ cn_ cnli_ re_} followed by letters and digits),
 *       wherever they occur as a string value (ids and every reference to them): {@code in_Acme0001} becomes
 *       {@code in_Acme0001xT}; {@code si_}, {@code price_}, {@code prod_}, {@code txr_} ids are shared;</li>
 *   <li>Salesforce 18-character record ids of accounts ({@code 001…}) and opportunities ({@code 006…}), wherever they
 *       occur ({@code recordIds}, {@code AccountId}, {@code metadata.crm_account_id},
 *       {@code metadata.crm_opportunity_id}, the crosswalk's {@code crmAccountId}): the last six characters become
 *       {@code T}, so they stay 18 characters;</li>
 *   <li>{@code number} (invoice and credit-note numbers) and {@code erpCustomerId}: {@code -T} appended;</li>
 *   <li>CDC {@code transactionKey}: a UUID's third and fourth groups become the copy number in hex (other keys get
 *       {@code -T}); {@code event.replayId}: {@code replayId × 1,000,000 + copy}, so replay ids keep increasing along
 *       the file.</li>
 * </ul>
 * Lines are interleaved line by line (template line 1 for every copy, then line 2, ...), so every copy keeps the
 * basic history's order and the files stay in roughly business-time order. Master data other than
 * {@code customer_crosswalk} (legal entities, periods, GL and product mappings, FX rates) is written once; each
 * crosswalk once per copy. The output is deterministic and is streamed to the files.
 */
@Command(name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Writes salesforce-cdc.jsonl, stripe-events.jsonl and erp-masterdata.jsonl for load tests and benchmarks "
                    + "(`process --input DIR`).",
            "--mix copies (default): copies of the bundled six-account basic history; every business id is rewritten "
                    + "per copy, amounts and dates are kept, so each copy posts the same 25 journal entries under its "
                    + "own ids.",
            "--mix realistic: a seeded, consistent history of N accounts across four legal entities (USD, EUR, JPY, "
                    + "BHD): annual and monthly subscriptions, multi-line invoices with taxes and discounts, metered "
                    + "usage, partial and early payments, credit notes, refunds, voids, card disputes, duplicated "
                    + "and late Stripe deliveries, master data first. Sized by --accounts or by --events (about N raw records).",
            "Deterministic: the same options write byte-identical files."})
public final class GenerateCommand implements Callable<Integer> {

    /** The copy number must fit the replay-id scheme ({@code replayId × 1,000,000 + copy}). */
    public static final int MAX_COPIES = 1_000_000;

    static final String CROSSWALK = "customer_crosswalk";
    private static final long REPLAY_ID_STRIDE = 1_000_000L;
    private static final long PROGRESS_EVERY_LINES = 250_000L;

    private static final Pattern STRIPE_ID = Pattern.compile("(?:evt|cus|sub|in|il|inpay|pi|cn|cnli|re)_[A-Za-z0-9]+");
    private static final Pattern SALESFORCE_ID = Pattern.compile("(?:001|006)[A-Za-z0-9]{15}");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    static final ObjectMapper MAPPER = new ObjectMapper()
            // keep numbers exactly as written (13500.0 stays 13500.0)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    @Spec
    CommandSpec spec;

    /** What {@code generate} writes. */
    enum Mix { copies, realistic }

    @Option(names = "--mix", paramLabel = "MIX", defaultValue = "copies",
            description = "copies (default) or realistic, see above.")
    Mix mix;

    @Option(names = "--accounts", paramLabel = "N",
            description = "Number of customer accounts. copies: rounded up to a multiple of 6, the output holds "
                    + "ceil(N/6) copies of the six-account basic history (at most " + MAX_COPIES + "). "
                    + "realistic: exactly N accounts.")
    Integer accounts;

    @Option(names = "--events", paramLabel = "N",
            description = "realistic only, instead of --accounts: about N raw records in total (accounts are added "
                    + "until their records reach N).")
    Long events;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "realistic only: the seed (default: ${DEFAULT-VALUE}); the same seed writes the same files.")
    long seed;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Directory for the export files (created if missing; the three files are overwritten).")
    Path output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (mix == Mix.realistic) {
                return realistic(out, err);
            }
            if (events != null) {
                err.println("generate: --events needs --mix realistic");
                return LedgerlineCli.EXIT_USAGE;
            }
            if (accounts == null) {
                err.println("generate: --accounts N is required");
                return LedgerlineCli.EXIT_USAGE;
            }
            Template template = Template.bundled();
            if (accounts < 1) {
                err.println("generate: --accounts must be at least 1, got " + accounts);
                return LedgerlineCli.EXIT_USAGE;
            }
            long copies = (accounts + (long) template.accountsPerCopy() - 1) / template.accountsPerCopy();
            if (copies > MAX_COPIES) {
                err.println("generate: --accounts " + accounts + " needs " + copies + " copies, at most "
                        + MAX_COPIES + " are supported");
                return LedgerlineCli.EXIT_USAGE;
            }
            Summary summary = template.write((int) copies, output, line -> {
                err.println(line);
                err.flush();
            });
            out.printf(Locale.ROOT, "Generated %d accounts (%d copies of the %d-account basic history) in %s%n",
                    summary.accounts(), summary.copies(), template.accountsPerCopy(), output.toAbsolutePath());
            summary.lines().forEach((file, lines) -> out.printf(Locale.ROOT, "  %-22s %,10d lines%n", file, lines));
            out.flush();
            return 0;
        } catch (IOException | UncheckedIOException e) {
            err.println("generate failed: " + ProcessCommand.describe(e));
            return LedgerlineCli.EXIT_FAILURE;
        } finally {
            err.flush();
        }
    }

    private int realistic(PrintWriter out, PrintWriter err) throws IOException {
        if ((accounts == null) == (events == null)) {
            err.println("generate: --mix realistic needs either --accounts N or --events N");
            return LedgerlineCli.EXIT_USAGE;
        }
        if (accounts != null && (accounts < 1 || accounts > LoadSettings.MAX_ACCOUNTS)) {
            err.println("generate: --accounts must be in [1, " + LoadSettings.MAX_ACCOUNTS + "], got " + accounts);
            return LedgerlineCli.EXIT_USAGE;
        }
        if (events != null && events < 1) {
            err.println("generate: --events must be at least 1, got " + events);
            return LedgerlineCli.EXIT_USAGE;
        }
        LoadSettings settings = accounts != null ? LoadSettings.ofAccounts(accounts, seed) : LoadSettings.ofEvents(events, seed);
        long started = System.nanoTime();
        LoadSummary summary = LoadGenerator.write(settings, output, line -> {
            err.println(line);
            err.flush();
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "Generated %d accounts (realistic mix, seed %d, %s to %s) in %s: %,d lines in %.1f s%n",
                summary.accounts(), seed, settings.start(), settings.end().minusDays(1), output.toAbsolutePath(),
                summary.totalLines(), seconds);
        summary.lines().forEach((file, lines) -> out.printf(Locale.ROOT, "  %-22s %,10d lines%n", file, lines));
        out.println("Mix");
        summary.kinds().forEach((kind, n) -> out.printf(Locale.ROOT, "  %-34s %,10d%n", kind, n));
        out.printf(Locale.ROOT, "  %-34s %,10d%n", "(Stripe duplicates)", summary.duplicates());
        out.printf(Locale.ROOT, "  %-34s %,10d%n", "(Stripe delivered late)", summary.late());
        out.flush();
        return 0;
    }

    /** Writes {@code copies} copies of the bundled basic history into {@code output}; for tests and benchmarks. */
    public static Summary generate(int copies, Path output, Consumer<String> progress) throws IOException {
        return Template.bundled().write(copies, output, progress);
    }

    /** What {@code generate} wrote: copies, accounts and lines per file. */
    public record Summary(int copies, int accounts, Map<String, Long> lines) {

        public long totalLines() {
            return lines.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The copy tag: the copy number in base 36, upper case, zero-padded to six characters. */
    static String tag(int copy) {
        String digits = Integer.toString(copy, 36).toUpperCase(Locale.ROOT);
        return "0".repeat(Math.max(0, 6 - digits.length())) + digits;
    }

    /** How one copy renames identifiers; {@code copy} 0 is renamed too, so every copy has the same shape. */
    static final class CopyRenamer {

        private final int copy;
        private final String tag;

        CopyRenamer(int copy) {
            if (copy < 0 || copy >= MAX_COPIES) {
                throw new IllegalArgumentException("copy must be in [0, " + MAX_COPIES + "), got " + copy);
            }
            this.copy = copy;
            this.tag = tag(copy);
        }

        /** The value of a string field {@code field} (null for array elements) in this copy. */
        String text(String field, String value) {
            if ("replayId".equals(field) && !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Long.toString(replayId(Long.parseLong(value)));
            }
            if ("number".equals(field) || "erpCustomerId".equals(field)) {
                return value + "-" + tag;
            }
            if ("transactionKey".equals(field)) {
                if (UUID.matcher(value).matches()) {
                    String hex = String.format(Locale.ROOT, "%08x", copy);
                    return value.substring(0, 14) + hex.substring(0, 4) + "-" + hex.substring(4) + value.substring(23);
                }
                return value + "-" + tag;
            }
            if (STRIPE_ID.matcher(value).matches()) {
                return value + "x" + tag;
            }
            if (SALESFORCE_ID.matcher(value).matches()) {
                return value.substring(0, 12) + tag;
            }
            return value;
        }

        long replayId(long replayId) {
            return replayId * REPLAY_ID_STRIDE + copy;
        }

        /** Writes {@code node} (the value of {@code field}) with this copy's identifiers. */
        void write(JsonGenerator out, String field, JsonNode node) throws IOException {
            if (node.isObject()) {
                out.writeStartObject();
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> child = it.next();
                    out.writeFieldName(child.getKey());
                    write(out, child.getKey(), child.getValue());
                }
                out.writeEndObject();
            } else if (node.isArray()) {
                out.writeStartArray();
                for (JsonNode element : node) {
                    // array elements are renamed by value (recordIds), not by the array's field name
                    write(out, null, element);
                }
                out.writeEndArray();
            } else if (node.isTextual()) {
                out.writeString(text(field, node.textValue()));
            } else if ("replayId".equals(field) && node.isIntegralNumber()) {
                out.writeNumber(replayId(node.longValue()));
            } else {
                out.writeTree(node);
            }
        }
    }

    /** The basic history, parsed once; rendered per copy. */
    static final class Template {

        private final List<JsonNode> cdc;
        private final List<JsonNode> stripe;
        private final List<JsonNode> masterdata;
        private final int accountsPerCopy;

        Template(List<JsonNode> cdc, List<JsonNode> stripe, List<JsonNode> masterdata) {
            this.cdc = List.copyOf(cdc);
            this.stripe = List.copyOf(stripe);
            this.masterdata = List.copyOf(masterdata);
            Set<String> accountIds = new LinkedHashSet<>();
            for (JsonNode line : cdc) {
                JsonNode header = line.path("payload").path("ChangeEventHeader");
                if ("Account".equals(header.path("entityName").asText())) {
                    header.path("recordIds").forEach(id -> accountIds.add(id.asText()));
                }
            }
            if (accountIds.isEmpty()) {
                throw new IllegalStateException("the template history has no Salesforce Account");
            }
            this.accountsPerCopy = accountIds.size();
            checkRenamingIsInjective();
        }

        /** The basic fixtures bundled in the jar (see {@link BundledExports}). */
        static Template bundled() throws IOException {
            Path dir = Files.createTempDirectory("ledgerline-generate-");
            try {
                BundledExports.extractTo(dir);
                return new Template(read(dir.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE)),
                        read(dir.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE)),
                        read(dir.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE)));
            } finally {
                Utils.delete(dir.toFile());
            }
        }

        private static List<JsonNode> read(Path file) throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new IOException("the jar holds no bundled " + file.getFileName());
            }
            List<JsonNode> lines = new ArrayList<>();
            try (Stream<String> text = Files.lines(file, StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) text::iterator) {
                    if (!line.isBlank()) {
                        lines.add(MAPPER.readTree(line));
                    }
                }
            }
            return lines;
        }

        int accountsPerCopy() {
            return accountsPerCopy;
        }

        List<JsonNode> cdc() {
            return cdc;
        }

        List<JsonNode> stripe() {
            return stripe;
        }

        List<JsonNode> masterdata() {
            return masterdata;
        }

        static boolean perCopy(JsonNode masterdataLine) {
            return CROSSWALK.equals(masterdataLine.path("type").asText());
        }

        /**
         * Renamed ids end in the copy's fixed-width tag, so two copies never share one; within a copy, two different
         * ids must not be renamed alike (Salesforce ids keep only their first 12 characters, UUIDs lose two groups).
         */
        private void checkRenamingIsInjective() {
            CopyRenamer copy0 = new CopyRenamer(0);
            Map<String, String> originalByRenamed = new HashMap<>();
            Stream.of(cdc, stripe, masterdata).flatMap(List::stream)
                    .forEach(line -> collect(copy0, null, line, originalByRenamed));
        }

        private static void collect(CopyRenamer renamer, String field, JsonNode node, Map<String, String> seen) {
            if (node.isObject()) {
                node.fields().forEachRemaining(child -> collect(renamer, child.getKey(), child.getValue(), seen));
            } else if (node.isArray()) {
                node.forEach(element -> collect(renamer, null, element, seen));
            } else if (node.isTextual()) {
                String original = node.textValue();
                String renamed = renamer.text(field, original);
                if (!renamed.equals(original)) {
                    String previous = seen.putIfAbsent(renamed, original);
                    if (previous != null && !previous.equals(original)) {
                        throw new IllegalStateException("the template ids " + previous + " and " + original
                                + " would be renamed alike (" + renamed + ")");
                    }
                }
            }
        }

        /** Streams {@code copies} copies into the three export files of {@code output}. */
        Summary write(int copies, Path output, Consumer<String> progress) throws IOException {
            if (copies < 1 || copies > MAX_COPIES) {
                throw new IllegalArgumentException("copies must be in [1, " + MAX_COPIES + "], got " + copies);
            }
            Objects.requireNonNull(progress, "progress");
            Files.createDirectories(output);
            CopyRenamer[] renamers = new CopyRenamer[copies];
            for (int k = 0; k < copies; k++) {
                renamers[k] = new CopyRenamer(k);
            }
            long total = (long) copies * (cdc.size() + stripe.size())
                    + masterdata.stream().mapToLong(line -> perCopy(line) ? copies : 1).sum();
            boolean large = total >= PROGRESS_EVERY_LINES;
            if (large) {
                progress.accept(String.format(Locale.ROOT, "generate: %,d accounts, %,d lines into %s",
                        (long) copies * accountsPerCopy, total, output.toAbsolutePath()));
            }
            long[] written = {0};
            Map<String, Long> lines = new LinkedHashMap<>();
            // master data first, as the replayer sends it
            lines.put(ExportFileReplayer.ERP_MASTERDATA_FILE, writeFile(output.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE),
                    masterdata, renamers, true, written, total, large ? progress : null));
            lines.put(ExportFileReplayer.SALESFORCE_CDC_FILE, writeFile(output.resolve(ExportFileReplayer.SALESFORCE_CDC_FILE),
                    cdc, renamers, false, written, total, large ? progress : null));
            lines.put(ExportFileReplayer.STRIPE_EVENTS_FILE, writeFile(output.resolve(ExportFileReplayer.STRIPE_EVENTS_FILE),
                    stripe, renamers, false, written, total, large ? progress : null));
            if (large) {
                progress.accept(String.format(Locale.ROOT, "generate: done, %,d lines", written[0]));
            }
            return new Summary(copies, copies * accountsPerCopy, lines);
        }

        private static long writeFile(Path file, List<JsonNode> template, CopyRenamer[] renamers, boolean masterdata,
                                      long[] written, long total, Consumer<String> progress) throws IOException {
            long lines = 0;
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                 JsonGenerator out = MAPPER.getFactory().createGenerator(writer)) {
                out.setPrettyPrinter(new MinimalPrettyPrinter(""));
                for (JsonNode line : template) {
                    boolean shared = masterdata && !perCopy(line);
                    int copies = shared ? 1 : renamers.length;
                    for (int k = 0; k < copies; k++) {
                        if (shared) {
                            out.writeTree(line); // shared master data, as is
                        } else {
                            renamers[k].write(out, null, line);
                        }
                        out.writeRaw('\n');
                        lines++;
                        if (++written[0] % PROGRESS_EVERY_LINES == 0 && progress != null) {
                            progress.accept(String.format(Locale.ROOT, "generate: %,d of %,d lines (%s)",
                                    written[0], total, file.getFileName()));
                        }
                    }
                }
            }
            return lines;
        }
    }
}
