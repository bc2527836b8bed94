package io.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * An operator command that only reads a running Ledgerline's HTTP API ({@code --api}): what it prints, and one set of
 * exit codes for all of them (2 for a usage error, 1 for an API that cannot be read or an answer that is not good).
 */
abstract class ApiReadCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--api", paramLabel = "URL", defaultValue = "http://localhost:8080",
            description = "Base URL of a Ledgerline instance's HTTP API (default: ${DEFAULT-VALUE}).")
    String api;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } catch (ApiClient.Failure e) {
            err.println(spec.name() + ": " + e.getMessage());
            return e.exitCode;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LedgerlineCli.EXIT_FAILURE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** @return the exit code */
    abstract int run(PrintWriter out, PrintWriter err) throws ApiClient.Failure, InterruptedException;

    JsonNode get(String path) throws ApiClient.Failure, InterruptedException {
        return ApiClient.get(api, path);
    }
}
