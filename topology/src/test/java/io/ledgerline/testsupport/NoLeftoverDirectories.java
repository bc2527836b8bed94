package io.ledgerline.testsupport;

import io.ledgerline.runtime.LocalDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Every test cleans up after itself: after each test class, no file or directory is left in the temp folder or under
 * the demo's and process's working root ({@link LocalDirs#ROOT_PROPERTY}) that was not there when the test run began.
 * The build points both at folders of its own ({@code target/test-tmp}, {@code target/test-home}), so other builds on
 * the machine do not disturb the count. Registered for every Jupiter class by autodetection
 * ({@code junit-platform.properties}); as a launcher session listener it creates the two folders before anything runs.
 * A leftover fails the class that was running and is then accepted, so it is reported once.
 */
public final class NoLeftoverDirectories implements BeforeAllCallback, AfterAllCallback, LauncherSessionListener {

    private static final Object LOCK = new Object();
    private static Set<String> baseline;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        roots().forEach(root -> {
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create " + root, e);
            }
        });
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            if (baseline == null) {
                launcherSessionOpened(null);
                baseline = entries();
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Set<String> leftovers;
        synchronized (LOCK) {
            leftovers = entries();
            leftovers.removeAll(baseline);
            baseline.addAll(leftovers);
        }
        if (!leftovers.isEmpty()) {
            throw new AssertionError(context.getDisplayName() + " (or a test before it) left behind " + leftovers
                    + ": delete what a test creates, e.g. in @AfterEach or with @TempDir");
        }
    }

    private static List<Path> roots() {
        return List.of(Path.of(System.getProperty("java.io.tmpdir")), LocalDirs.parent("demo"),
                LocalDirs.parent("process"));
    }

    /** RocksDB unpacks its native library into the temp folder once per JVM and deletes it when the JVM exits. */
    private static boolean removedAtExit(Path child) {
        return child.getFileName().toString().startsWith("librocksdbjni");
    }

    private static Set<String> entries() {
        Set<String> all = new TreeSet<>();
        for (Path root : roots()) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> children = Files.list(root)) {
                children.filter(child -> !removedAtExit(child)).forEach(child -> all.add(child.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + root, e);
            }
        }
        return all;
    }
}
