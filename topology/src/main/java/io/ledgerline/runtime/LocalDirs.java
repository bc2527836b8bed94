package io.ledgerline.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fresh per-run working directories of {@code demo} and {@code process}, under {@code ~/.ledgerline/KIND} rather than
 * the system temp folder: the OS may clean the temp folder under a running Streams client, and Kafka Streams warns
 * about a state directory there on every start. Callers delete them when done.
 */
public final class LocalDirs {

    private static final Logger log = LoggerFactory.getLogger(LocalDirs.class);

    private LocalDirs() {
    }

    /** The system property naming another root than {@code ~/.ledgerline} (the build points its tests elsewhere). */
    public static final String ROOT_PROPERTY = "ledgerline.home";

    /** Where the runs of {@code kind} (demo, process) get their directories. */
    public static Path parent(String kind) {
        String root = System.getProperty(ROOT_PROPERTY);
        return (root != null ? Path.of(root) : Path.of(System.getProperty("user.home"), ".ledgerline")).resolve(kind);
    }

    /**
     * A new, empty directory {@code ~/.ledgerline/KIND/run-*}; in the temp folder only when the home directory is not
     * writable (then Streams' warning about it is right).
     */
    public static Path fresh(String kind) throws IOException {
        Path parent = parent(kind);
        try {
            return Files.createTempDirectory(Files.createDirectories(parent), "run-");
        } catch (IOException | SecurityException e) {
            log.warn("Cannot create a working directory under {} ({}); using the system temp folder instead", parent,
                    e.toString());
            return Files.createTempDirectory("ledgerline-" + kind + "-");
        }
    }
}
