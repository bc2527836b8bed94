package io.ledgerline.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of {@code ledgerline.jar}: one subcommand per way of running the pipeline. */
@Command(name = "ledgerline",
        mixinStandardHelpOptions = true,
        versionProvider = LedgerlineCli.Version.class,
        description = "Ledgerline: quote-to-cash events to balanced ERP journal entries, on Kafka Streams.",
        subcommands = {ProcessCommand.class, DemoCommand.class, RunCommand.class, GenerateCommand.class,
            ExceptionsCommand.class, ResetCommand.class, LagMonitorCommand.class, GlFeedCommand.class, ReconcileCommand.class,
            CloseCheckCommand.class, BenchCommand.class})
public final class LedgerlineCli implements Callable<Integer> {

    /** Usage errors: wrong options, unusable input. */
    public static final int EXIT_USAGE = 2;
    /** The run itself failed. */
    public static final int EXIT_FAILURE = 1;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // kafka-test-common-runtime ships a log4j2.yaml, which log4j would prefer to our log4j2.xml (YAML ranks
        // before XML) and which logs the embedded broker at INFO to stdout. Point log4j at ours unless told otherwise.
        if (System.getProperty("log4j2.configurationFile") == null
                && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:log4j2.xml");
        }
        System.exit(new CommandLine(new LedgerlineCli()).execute(args));
    }

    @Override
    public Integer call() {
        // No subcommand: tell the user what there is instead of doing nothing silently.
        spec.commandLine().usage(spec.commandLine().getErr());
        return EXIT_USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = LedgerlineCli.class.getPackage().getImplementationVersion();
            return new String[] {"ledgerline " + (version != null ? version : "(development build)")};
        }
    }
}
