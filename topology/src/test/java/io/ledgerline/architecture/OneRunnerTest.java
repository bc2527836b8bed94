package io.ledgerline.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code run}, {@code process}, {@code demo} and {@code bench} run the ledger pipeline through one runner, so an
 * instance behaves alike in all of them: one place creates a Kafka Streams client, one starts the HTTP API, one wires
 * the production topology for the programs.
 */
class OneRunnerTest {

    private static final Path MAIN = Path.of("src/main/java/io/ledgerline");

    /** Source file (relative to io/ledgerline) → its text, over the main sources. */
    private static Map<String, String> sources() {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                try {
                    sources.put(MAIN.relativize(f).toString().replace('\\', '/'), Files.readString(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    private static Set<String> filesContaining(String code) {
        Set<String> files = new TreeSet<>();
        sources().forEach((file, text) -> {
            if (text.contains(code)) {
                files.add(file);
            }
        });
        return files;
    }

    @Test
    void oneClassCreatesKafkaStreamsClients() {
        assertThat(filesContaining("new KafkaStreams(")).containsExactly("runtime/StreamsRuntime.java");
    }

    @Test
    void onlyTheRunnerStartsTheHttpApi() {
        assertThat(filesContaining("LedgerlineApi.start(")).containsExactly("runtime/AppRunner.java");
    }

    @Test
    void theProgramsRunThePipelineThroughTheRunner() {
        assertThat(filesContaining("new LedgerlineTopology(")).containsExactly("topology/LedgerlineApp.java");
        assertThat(filesContaining("AppRunner.create(")).contains("cli/RunCommand.java", "runtime/ProcessJob.java",
                "demo/DemoStack.java", "bench/BenchRound.java");
        // a Streams client of its own only for what is not the ledger pipeline: the GL-interface feed, the bench's
        // pass-through contenders
        assertThat(filesContaining("StreamsRuntime.start(")).containsExactlyInAnyOrder("runtime/AppRunner.java",
                "cli/GlFeedCommand.java", "bench/BenchRound.java");
        assertThat(filesContaining("withDeadLetterHandlers(")).containsExactlyInAnyOrder("runtime/AppRunner.java",
                "runtime/StreamsDefaults.java");
    }
}
