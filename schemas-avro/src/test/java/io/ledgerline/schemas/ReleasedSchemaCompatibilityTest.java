package io.ledgerline.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerline.serde.SchemaCompatibilityCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every schema must stay readable both ways against every released version kept in {@code src/released/<version>}:
 * new readers read old data (BACKWARD) and old readers read new data (FORWARD), so a breaking change fails the build.
 */
class ReleasedSchemaCompatibilityTest {

    @Test
    void currentSchemasAreCompatibleWithEveryRelease() {
        assertThat(SchemaCompatibilityCheck.checkAllReleases(Path.of("src/main/avro"), Path.of("src/released")))
                .as("incompatible changes against released schemas")
                .isEmpty();
    }
}
