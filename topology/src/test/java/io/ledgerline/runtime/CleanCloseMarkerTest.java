package io.ledgerline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleanCloseMarkerTest {

    @TempDir
    Path stateDir;

    @Test
    void noLocalStateIsNoCrash() throws Exception {
        CleanCloseMarker marker = new CleanCloseMarker(stateDir, "app");
        assertThat(marker.leftByACrash()).isFalse();
        // the process metadata file alone is written at the first start and holds no state
        Files.createDirectories(stateDir.resolve("app"));
        Files.writeString(stateDir.resolve("app").resolve("kafka-streams-process-metadata"), "{}");
        assertThat(marker.leftByACrash()).isFalse();
    }

    @Test
    void taskStateWithoutTheMarkerWasLeftByACrashAndACleanCloseSaysOtherwise() throws Exception {
        Files.createDirectories(stateDir.resolve("app").resolve("0_3"));
        CleanCloseMarker marker = new CleanCloseMarker(stateDir, "app");
        assertThat(marker.leftByACrash()).isTrue();

        marker.write();
        assertThat(marker.leftByACrash()).isFalse();
        // another application's marker says nothing about this one
        assertThat(new CleanCloseMarker(stateDir, "other").leftByACrash()).isFalse();
        Files.createDirectories(stateDir.resolve("other").resolve("1_0"));
        assertThat(new CleanCloseMarker(stateDir, "other").leftByACrash()).isTrue();

        marker.clear();
        assertThat(marker.leftByACrash()).as("running again: a crash from now on leaves no marker").isTrue();
    }
}
