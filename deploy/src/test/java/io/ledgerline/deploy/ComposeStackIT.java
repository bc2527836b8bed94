package io.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * deploy/compose/docker-compose.yml for real, through Testcontainers: the stack comes up, the pipeline reports ready
 * and Connect runs the three connectors register-connectors.sh registers. Needs a Docker engine (skipped, saying so,
 * without one) and the packaged jar (topology/target/ledgerline.jar) that the Ledgerline image copies.
 */
class ComposeStackIT {

    @Test
    void theComposeStackRunsThePipelineAndItsConnectors() throws Exception {
        assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine reachable: the docker-compose stack test needs one (Testcontainers); skipped");
        assumeTrue(Files.isRegularFile(Path.of("../topology/target/ledgerline.jar")),
                "topology/target/ledgerline.jar is missing: run `mvn -pl topology -am package` before this test");
        try (ComposeContainer compose = new ComposeContainer(new File("compose/docker-compose.yml"))
                .withBuild(true)
                .withExposedService("ledgerline", 8080,
                        Wait.forHttp("/health/ready").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)))
                .withExposedService("connect", 8083,
                        Wait.forHttp("/connectors").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(5)))) {
            compose.start();
            String connect = "http://" + compose.getServiceHost("connect", 8083) + ":" + compose.getServicePort("connect", 8083);
            HttpClient http = HttpClient.newHttpClient();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                String body = http.send(HttpRequest.newBuilder(URI.create(connect + "/connectors?expand=status")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(body).contains("erp-gl-interface-header-sink", "erp-gl-interface-line-sink",
                        "erp-masterdata-source").doesNotContain("FAILED");
            });
        }
    }
}
