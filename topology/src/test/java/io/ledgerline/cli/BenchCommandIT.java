package io.ledgerline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench} end to end on a small load: every figure the issue asks for is in the table and the JSON, and the
 * traffic accounting is exact where it can be known (a pass-through writes one record per raw record). Speed is never
 * asserted.
 */
class BenchCommandIT {

    @Test
    void measuresEveryContenderAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("bench.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LedgerlineCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int code = cli.execute("bench", "--mix", "copies", "--events", "450", "--partitions", "2", "--warmups", "0", "--repetitions", "1",
                "--latency-seconds", "1", "--report", report.toString());

        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains("pass-through, exactly-once", "pass-through, at-least-once", "Ledgerline pipeline, exactly-once",
                        "ratio pipeline / exactly-once pass-through", "pipeline writes per raw record",
                        "end-to-end latency at 50% load", "per account", "restore from the changelogs");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        long raw = json.at("/load/rawRecords").asLong();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(raw).as("raw records (10 copies of 45 plus master data)").isGreaterThan(450);
        soft.assertThat(json.at("/load/accounts").asLong()).isEqualTo(60);
        for (String contender : new String[] {"pass-through-exactly-once", "pass-through-at-least-once", "pipeline"}) {
            soft.assertThat(json.at("/contenders/" + contender + "/medianRecordsPerSecond").asDouble()).as(contender).isPositive();
        }
        // a pass-through copies each raw record into one output topic and writes nothing else; a transaction aborted
        // on a starved machine sends its records again, so "at least once" per raw record
        for (String passThrough : new String[] {"pass-through-exactly-once", "pass-through-at-least-once"}) {
            JsonNode writes = json.at("/contenders/" + passThrough + "/recordsWrittenPerRawRecord");
            soft.assertThat(writes.get("output").asDouble()).as(passThrough).isGreaterThanOrEqualTo(1.0);
            soft.assertThat(writes.get("total").asDouble()).as(passThrough).isEqualTo(writes.get("output").asDouble());
        }
        for (String kind : new String[] {"changelog", "repartition", "canonical", "output"}) {
            soft.assertThat(json.at("/contenders/pipeline/recordsWrittenPerRawRecord/" + kind).asDouble()).as(kind).isPositive();
        }
        soft.assertThat(json.at("/ratioPipelineToExactlyOncePassThrough").asDouble()).isPositive();
        soft.assertThat(json.at("/contenders/pipeline/medianStreamThreadCpuMicrosPerRawRecord").asDouble())
                .as("the pipeline's stream thread works more per record than a pass-through's")
                .isGreaterThan(json.at("/contenders/pass-through-exactly-once/medianStreamThreadCpuMicrosPerRawRecord").asDouble());
        soft.assertThat(json.at("/latency/samples").asLong()).isPositive();
        soft.assertThat(json.at("/latency/p99Millis").asDouble()).isGreaterThanOrEqualTo(json.at("/latency/p50Millis").asDouble());
        soft.assertThat(json.at("/pipelineFootprint/liveStateBytesPerAccount").asDouble()).isPositive();
        soft.assertThat(json.at("/pipelineFootprint/stores").findValuesAsText("store")).contains("ledger-contracts", "ledger-invoices");
        soft.assertThat(json.at("/pipelineFootprint/restoreSeconds").asDouble()).isPositive();
        soft.assertThat(json.at("/pipelineFootprint/idleTickSeconds").asDouble()).isPositive();
        soft.assertThat(json.at("/machine/cores").asInt()).isPositive();
        soft.assertThat(json.at("/targets").fieldNames()).toIterable()
                .containsExactly("ratio", "writesPerRawRecord", "p99Millis", "stateBytesPerAccount");
        soft.assertAll();
    }
}
