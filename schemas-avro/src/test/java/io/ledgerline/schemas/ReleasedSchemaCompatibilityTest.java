package io.ledgerline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.serde.SchemaCompatibilityCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every schema must stay readable both ways against every released version kept in {@code src/released/<version>}:
 * new readers read old data (BACKWARD) and old readers read new data (FORWARD), so a breaking change fails the build
 * unless it is listed, with its reason, in {@code src/released/accepted-incompatibilities.txt}.
 */
class ReleasedSchemaCompatibilityTest {

    private static final Path ACCEPTED = Path.of("src/released/accepted-incompatibilities.txt");

    @Test
    void currentSchemasAreCompatibleWithEveryReleaseButForAcceptedChanges() throws IOException {
        List<String> found = SchemaCompatibilityCheck.checkAllReleases(Path.of("src/main/avro"), Path.of("src/released"));
        List<String> accepted = Files.readAllLines(ACCEPTED).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(found).as("incompatible changes against released schemas that %s does not accept", ACCEPTED)
                .isSubsetOf(accepted);
        assertThat(accepted).as("accepted incompatibilities that no longer occur (remove them from %s)", ACCEPTED)
                .isSubsetOf(found);
    }
}
