package io.ledgerline.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Whether an instance's last run closed its Kafka Streams client cleanly: a file next to the application's state
 * directory ({@code <state.dir>/<application.id>.closed-cleanly}), written after a clean close and deleted at start. A
 * state directory without it was left by a crash (SIGKILL, OOM, power): under exactly-once Kafka Streams would open
 * every store of it only to find it "not closed", wipe it and restore it from its changelog, which costs seconds per
 * restart on top of the restore itself.
 */
final class CleanCloseMarker {

    private final Path stateDir;
    private final Path marker;
    private final String applicationId;

    CleanCloseMarker(Path stateDir, String applicationId) {
        this.stateDir = stateDir;
        this.applicationId = applicationId;
        this.marker = stateDir.resolve(applicationId + ".closed-cleanly");
    }

    /** The application has local state and its last run did not close cleanly. */
    boolean leftByACrash() {
        Path appState = stateDir.resolve(applicationId);
        if (Files.exists(marker) || !Files.isDirectory(appState)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(appState)) {
            // task directories are named <subtopology>_<partition>; the process metadata file alone holds no state
            return entries.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().matches("\\d+_\\d+"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + appState, e);
        }
    }

    /** At start: from now on a crash leaves no marker behind. */
    void clear() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + marker, e);
        }
    }

    /** After a clean close (every store closed, every offset committed). */
    void write() {
        try {
            if (Files.isDirectory(stateDir)) {
                Files.writeString(marker, "closed cleanly\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }
}
