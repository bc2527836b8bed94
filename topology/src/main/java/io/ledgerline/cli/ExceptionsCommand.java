package io.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.cli.ApiClient.Answer;
import io.ledgerline.cli.ApiClient.Failure;
import io.ledgerline.http.ApiToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code exceptions list|show|replay|dismiss}: the exception queue of a running deployment, over its HTTP API. */
@Command(name = "exceptions",
        mixinStandardHelpOptions = true,
        description = {"Works the exception queue of a running deployment through its HTTP API.",
            "replay and dismiss need the API token: --token, --token-file or the environment variable "
                    + ApiToken.ENVIRONMENT_VARIABLE + "."},
        subcommands = {ExceptionsCommand.ListExceptions.class, ExceptionsCommand.ShowException.class,
            ExceptionsCommand.ReplayException.class, ExceptionsCommand.DismissException.class})
public final class ExceptionsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The server waits up to 15 s for a command to be applied; leave it room. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    public ExceptionsCommand() {
        this(System.getenv());
    }

    /** @param environment where {@value ApiToken#ENVIRONMENT_VARIABLE} is looked up */
    public ExceptionsCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return LedgerlineCli.EXIT_USAGE;
    }

    /** Where the API is and how to authenticate; shared by every subcommand. */
    static final class ApiOptions {
        @Option(names = "--api", paramLabel = "URL", defaultValue = "http://localhost:8080",
                description = "Base URL of a Ledgerline instance's HTTP API (default: ${DEFAULT-VALUE}).")
        String api;

        @Option(names = "--token", paramLabel = "TOKEN", description = "API token (default: $"
                + ApiToken.ENVIRONMENT_VARIABLE + ").")
        String token;

        @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the API token.")
        Path tokenFile;
    }

    /** The common shape of a subcommand: call the API, print, map failures to exit codes with the server's words. */
    abstract static class ApiCommand implements Callable<Integer> {
        @ParentCommand
        ExceptionsCommand parent;

        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions options;

        @Override
        public final Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                run(out, err);
                return 0;
            } catch (Failure e) {
                err.println("exceptions " + spec.name() + ": " + e.getMessage());
                return e.exitCode;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return LedgerlineCli.EXIT_FAILURE;
            } finally {
                out.flush();
                err.flush();
            }
        }

        abstract void run(PrintWriter out, PrintWriter err) throws Failure, InterruptedException;

        /** The token from the options or the environment, or null. */
        String token() throws Failure {
            if (options.token != null && !options.token.isBlank()) {
                return options.token.trim();
            }
            if (options.tokenFile != null) {
                try {
                    return Files.readString(options.tokenFile, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new Failure(LedgerlineCli.EXIT_USAGE, "cannot read the token file " + options.tokenFile
                            + ": " + e.getMessage());
                }
            }
            String fromEnvironment = parent.environment.get(ApiToken.ENVIRONMENT_VARIABLE);
            return fromEnvironment == null || fromEnvironment.isBlank() ? null : fromEnvironment.trim();
        }

        Answer request(String method, String path, String body, String token) throws Failure, InterruptedException {
            return ApiClient.request(options.api, method, path, body, token, REQUEST_TIMEOUT);
        }

        void printJson(PrintWriter out, JsonNode json) {
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists exceptions, oldest first.")
    static final class ListExceptions extends ApiCommand {
        @Option(names = "--status", description = "OPEN, RELEASED, REPLAYED or DISMISSED.")
        String status;

        @Option(names = "--reason", description = "A reason code, e.g. UNKNOWN_CROSSWALK.")
        String reason;

        @Option(names = "--account", description = "A CRM account id.")
        String account;

        @Option(names = "--limit", defaultValue = "50", description = "Rows per page (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--offset", defaultValue = "0", description = "Rows to skip (default: ${DEFAULT-VALUE}).")
        int offset;

        @Override
        void run(PrintWriter out, PrintWriter err) throws Failure, InterruptedException {
            StringJoiner query = new StringJoiner("&", "/exceptions?", "");
            addParam(query, "status", status);
            addParam(query, "reason", reason);
            addParam(query, "account", account);
            addParam(query, "limit", Integer.toString(limit));
            addParam(query, "offset", Integer.toString(offset));
            JsonNode page = request("GET", query.toString(), null, token()).body();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"EXCEPTION", "STATUS", "REASON", "ACCOUNT", "FIRST SEEN", "WAITING FOR"});
            for (JsonNode e : page.path("exceptions")) {
                rows.add(new String[] {e.path("exceptionId").asText(), e.path("status").asText(),
                    e.path("reason").asText(), e.path("accountId").asText("-"),
                    e.path("firstSeen").asText(e.path("eventTime").asText("-")), e.path("waitingFor").asText("-")});
            }
            printTable(out, rows);
            int shown = page.path("exceptions").size();
            long total = page.path("total").asLong();
            out.println(shown == 0 ? "no exceptions (" + total + " in all)" : String.format(Locale.ROOT,
                    "%d-%d of %d", offset + 1, offset + shown, total));
            if (page.path("partial").asBoolean()) {
                err.println("partial result, not answering:");
                page.path("missing").forEach(m -> err.println("  " + m.asText()));
            }
        }

        private static void addParam(StringJoiner query, String name, String value) {
            if (value != null && !value.isBlank()) {
                query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }

        private static void printTable(PrintWriter out, List<String[]> rows) {
            int[] widths = new int[rows.get(0).length];
            rows.forEach(row -> {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            });
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", row[i]));
                }
                out.println(line.toString().stripTrailing());
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Prints one exception as JSON.")
    static final class ShowException extends ApiCommand {
        @Parameters(paramLabel = "EXCEPTION_ID")
        String exceptionId;

        @Override
        void run(PrintWriter out, PrintWriter err) throws Failure, InterruptedException {
            printJson(out, request("GET", "/exceptions/" + segment(exceptionId), null, token()).body());
        }
    }

    /** Replay and dismiss: a token-guarded POST with a note and the actor, then the applied exception or a receipt. */
    abstract static class CommandOnException extends ApiCommand {
        @Parameters(paramLabel = "EXCEPTION_ID")
        String exceptionId;

        @Option(names = "--actor", description = "Who does this, for the exception's history (default: your user name).")
        String actor = System.getProperty("user.name", "operator");

        abstract String action();

        abstract String note();

        @Override
        void run(PrintWriter out, PrintWriter err) throws Failure, InterruptedException {
            String token = token();
            if (token == null) {
                throw new Failure(LedgerlineCli.EXIT_USAGE, "needs the API token: --token, --token-file or "
                        + ApiToken.ENVIRONMENT_VARIABLE);
            }
            ObjectNode body = JSON.createObjectNode().put("actor", actor);
            if (note() != null) {
                body.put("note", note());
            }
            Answer answer = request("POST", "/exceptions/" + segment(exceptionId) + "/" + action(), body.toString(),
                    token);
            if (answer.status() == 202) {
                // written but not seen applied yet: not an error, the core will apply it
                err.println(answer.body().path("message").asText());
            }
            printJson(out, answer.body());
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = "Replays an OPEN exception's event (after fixing what it waits for).")
    static final class ReplayException extends CommandOnException {
        @Option(names = "--note", description = "Why, for the exception's history.")
        String note;

        @Override
        String action() {
            return "replay";
        }

        @Override
        String note() {
            return note;
        }
    }

    @Command(name = "dismiss", mixinStandardHelpOptions = true,
            description = "Dismisses an OPEN exception: its event will not be booked.")
    static final class DismissException extends CommandOnException {
        @Option(names = "--note", required = true, description = "Why it needs no booking (required).")
        String note;

        @Override
        String action() {
            return "dismiss";
        }

        @Override
        String note() {
            return note;
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
