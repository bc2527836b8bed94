package io.ledgerline.demo;

import io.ledgerline.runtime.ExportFileReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The fixture exports bundled in the jar (under {@code fixtures/basic/} and {@code fixtures/amendments/}), extracted to a directory so Connect's
 * FileStreamSource connectors can read them whatever directory the demo was started from, and so that
 * {@code generate} can read them as its template.
 */
public final class BundledExports {

    /** The histories bundled in the jar: the basic quote-to-cash history and the subscription changes one. */
    public static final List<String> HISTORIES = List.of("basic", "amendments");

    private BundledExports() {
    }

    /** Copies every bundled export file of the basic history into {@code dir}; returns {@code dir}. */
    public static Path extractTo(Path dir) {
        return extractTo(dir, "basic");
    }

    /** Copies every export file of one bundled history ({@link #HISTORIES}) into {@code dir}; returns {@code dir}. */
    public static Path extractTo(Path dir, String history) {
        if (!HISTORIES.contains(history)) {
            throw new IllegalArgumentException("no bundled history '" + history + "'; there are " + HISTORIES);
        }
        List<String> names = new ArrayList<>(ExportFileReplayer.REQUIRED_FILES.keySet());
        names.addAll(ExportFileReplayer.OPTIONAL_FILES.keySet());
        try {
            Files.createDirectories(dir);
            for (String name : names) {
                try (InputStream in = BundledExports.class.getClassLoader().getResourceAsStream("fixtures/" + history + "/" + name)) {
                    if (in != null) {
                        Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the bundled exports to " + dir, e);
        }
        return dir;
    }
}
