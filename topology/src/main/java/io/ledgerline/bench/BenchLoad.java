package io.ledgerline.bench;

import io.ledgerline.runtime.ExportFileReplayer;
import io.ledgerline.runtime.ExportFiles;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The raw records every contender consumes: a directory of export files, how many records and accounts they hold,
 * the ERPs their legal entities post to and the pipeline's as-of (the latest event time).
 */
public record BenchLoad(Path directory, String description, long rawRecords, long accounts, Set<String> erps, Instant asOf) {

    public BenchLoad {
        Objects.requireNonNull(directory, "directory");
        erps = Set.copyOf(erps);
        Objects.requireNonNull(asOf, "asOf");
    }

    /** Existing export files; {@code accounts} as the caller knows it (0 when unknown). */
    public static BenchLoad of(Path directory, String description, long accounts) {
        long records = ExportFileReplayer.filesToReplay(directory).keySet().stream().mapToLong(ExportFiles::recordCount).sum();
        Set<String> erps = ExportFiles.erpsOf(directory.resolve(ExportFileReplayer.ERP_MASTERDATA_FILE));
        Instant asOf = ExportFiles.latestEventTime(directory)
                .orElseThrow(() -> new IllegalArgumentException("No event time in the export files of " + directory));
        return new BenchLoad(directory, description, records, accounts, erps, asOf);
    }
}
