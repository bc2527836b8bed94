package io.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ledgerline close-check --api URL --entity LE --period YYYY-MM}: READY (exit 0) or what blocks the close (exit 1). */
@Command(name = "close-check", mixinStandardHelpOptions = true,
        description = "Tells whether a legal entity can close a period: every entry posted by the ERP, no open exception or"
                + " alert of the entity, the trial balance balanced. Prints READY (exit 0) or each blocker with its id (exit 1).")
public final class CloseCheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Base URL of a Ledgerline instance's HTTP API (default: ${DEFAULT-VALUE}).")
    String api;

    @Option(names = "--entity", required = true, paramLabel = "LE", description = "The legal entity, e.g. LE-DE.")
    String entity;

    @Option(names = "--period", required = true, paramLabel = "YYYY-MM", description = "The accounting period.")
    String period;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            YearMonth.parse(period);
        } catch (DateTimeParseException e) {
            err.println("close-check: --period " + period + " is not YYYY-MM");
            return LedgerlineCli.EXIT_USAGE;
        }
        try {
            JsonNode status = ApiGet.get(api, "/close/" + encode(entity) + "/" + encode(period));
            print(out, status);
            return "READY".equals(status.path("status").asText()) ? 0 : LedgerlineCli.EXIT_FAILURE;
        } catch (ApiGet.Failure e) {
            err.println("close-check: " + e.getMessage());
            return e.exitCode;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LedgerlineCli.EXIT_FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
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
