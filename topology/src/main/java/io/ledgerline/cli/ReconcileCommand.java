package io.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.outputs.ReconciliationReports;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ledgerline reconcile --api URL [--output DIR]}: the deployment's reconciliation as {@code reconciliation.csv}
 * (per legal entity, period, currency and account, with totals) and {@code revenue-waterfall.csv} (recognized revenue
 * by month of recognition × month of billing), the files {@code process} writes too.
 */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
        description = "Writes the reconciliation of every account (reconciliation.csv, per legal entity and period) and the"
                + " revenue waterfall (revenue-waterfall.csv) of a running deployment.")
public final class ReconcileCommand extends ApiReadCommand {

    @Option(names = "--output", paramLabel = "DIR", defaultValue = ".", description = "Where to write the CSV files (default: the current directory).")
    Path output;

    @Override
    int run(PrintWriter out, PrintWriter err) throws ApiClient.Failure, InterruptedException {
        JsonNode answer = get("/reconciliation");
        List<JsonNode> records = new ArrayList<>();
        answer.path("records").forEach(records::add);
        try {
            Files.createDirectories(output);
            ReconciliationReports.writeCsv(output, records);
        } catch (IOException | UncheckedIOException e) {
            err.println("reconcile: cannot write to " + output + ": " + e.getMessage());
            return LedgerlineCli.EXIT_FAILURE;
        }
        out.println("Reconciliation of " + records.size() + " account currencies: "
                + output.resolve(ReconciliationReports.RECONCILIATION_CSV) + ", " + output.resolve(ReconciliationReports.WATERFALL_CSV));
        long violated = records.stream().filter(r -> !r.path("identitiesHold").asBoolean(true)).count();
        if (violated > 0) {
            err.println("reconcile: " + violated + " account currencies whose identities do not hold (see q2c.exceptions, RECONCILIATION_IDENTITY)");
            return LedgerlineCli.EXIT_FAILURE;
        }
        return 0;
    }
}
