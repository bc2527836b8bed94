package io.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ledgerline close-check --api URL --entity LE --period YYYY-MM}: READY (exit 0) or what blocks the close (exit 1). */
@Command(name = "close-check", mixinStandardHelpOptions = true,
        description = "Tells whether a legal entity can close a period: every entry posted by the ERP, no open exception or"
                + " alert of the entity, the trial balance balanced. Prints READY (exit 0) or each blocker with its id (exit 1).")
public final class CloseCheckCommand extends ApiReadCommand {

    @Option(names = "--entity", required = true, paramLabel = "LE", description = "The legal entity, e.g. LE-DE.")
    String entity;

    @Option(names = "--period", required = true, paramLabel = "YYYY-MM", description = "The accounting period.")
    String period;

    @Override
    int run(PrintWriter out, PrintWriter err) throws ApiClient.Failure, InterruptedException {
        try {
            YearMonth.parse(period);
        } catch (DateTimeParseException e) {
            err.println("close-check: --period " + period + " is not YYYY-MM");
            return LedgerlineCli.EXIT_USAGE;
        }
        JsonNode status = get("/close/" + encode(entity) + "/" + encode(period));
        print(out, status);
        return "READY".equals(status.path("status").asText()) ? 0 : LedgerlineCli.EXIT_FAILURE;
    }

    static void print(PrintWriter out, JsonNode status) {
        out.println(status.path("legalEntity").asText() + " " + status.path("period").asText() + ": " + status.path("status").asText());
        for (JsonNode b : status.path("blockers")) {
            out.println("  " + b.path("kind").asText() + "  " + b.path("id").asText() + "  " + b.path("detail").asText());
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
