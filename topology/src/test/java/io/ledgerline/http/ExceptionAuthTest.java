package io.ledgerline.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may change exceptions: checked before anything else, so no Streams client is needed here. */
class ExceptionAuthTest {

    private static final String TOKEN = "s3cret-token";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void withoutAConfiguredTokenChangesAreForbiddenAndTheAnswerSaysHowToEnableThem() throws Exception {
        try (LedgerlineApi api = LedgerlineApi.start("127.0.0.1", 0)) {
            HttpResponse<String> response = replay(api, "Bearer anything");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).contains(ApiToken.ENVIRONMENT_VARIABLE).contains(ApiToken.FILE_SETTING);
        }
    }

    @Test
    void aMissingOrWrongTokenIsUnauthorized() throws Exception {
        try (LedgerlineApi api = LedgerlineApi.start("127.0.0.1", 0, ApiToken.of(TOKEN))) {
            assertThat(replay(api, null).statusCode()).isEqualTo(401);
            assertThat(replay(api, "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(replay(api, "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
            assertThat(replay(api, "Bearer " + TOKEN.substring(1)).statusCode()).isEqualTo(401);
            assertThat(replay(api, "Basic " + TOKEN).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = replay(api, "Bearer wrong");
            assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> v.startsWith("Bearer"));
            assertThat(wrong.body()).doesNotContain(TOKEN);
        }
    }

    @Test
    void everyCallThatChangesStateNeedsTheToken() throws Exception {
        try (LedgerlineApi api = LedgerlineApi.start("127.0.0.1", 0, ApiToken.of(TOKEN))) {
            for (String action : java.util.List.of("replay", "dismiss")) {
                HttpRequest.Builder call = HttpRequest.newBuilder(URI.create(api.url() + "/exceptions/ex-1/" + action))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"note\":\"n\"}"));
                assertThat(http.send(call.build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .as(action + " without the token").isEqualTo(401);
                assertThat(http.send(call.header("Authorization", "Bearer " + TOKEN).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as(action + " with it").isEqualTo(503);
            }
            // no other route changes anything: every other method on every resource is refused without effect
            for (String path : java.util.List.of("/exceptions", "/exceptions/ex-1", "/accounts/001A", "/transactions/006A",
                    "/metrics", "/health/ready", "/health/live")) {
                for (String method : java.util.List.of("POST", "PUT", "DELETE", "PATCH")) {
                    int status = http.send(HttpRequest.newBuilder(URI.create(api.url() + path))
                            .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode();
                    assertThat(status).as(method + " " + path).isEqualTo(405);
                }
            }
        }
    }

    @Test
    void theRightTokenPassesWhateverTheSchemeCase() throws Exception {
        try (LedgerlineApi api = LedgerlineApi.start("127.0.0.1", 0, ApiToken.of(TOKEN))) {
            // past authentication; nothing to act on until a Streams client is attached
            assertThat(replay(api, "Bearer " + TOKEN).statusCode()).isEqualTo(503);
            assertThat(replay(api, "bearer " + TOKEN).statusCode()).isEqualTo(503);
        }
    }

    @Test
    void theTokenComesFromTheSettingOrElseItsFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");

        assertThat(ApiToken.configured(null, null).isConfigured()).isFalse();
        assertThat(ApiToken.configured(" ", "").isConfigured()).isFalse();
        assertThat(ApiToken.configured(TOKEN, file.resolveSibling("absent").toString()).reveal()).isEqualTo(TOKEN);
        assertThat(ApiToken.configured(null, file.toString()).reveal()).isEqualTo(TOKEN);
        assertThatThrownBy(() -> ApiToken.configured(null, dir.resolve("absent").toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absent");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> ApiToken.configured(null, empty.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    void theTokenNeverShowsInItsStringForm() {
        assertThat(ApiToken.of(TOKEN).toString()).doesNotContain(TOKEN);
        assertThat(ApiToken.random().reveal()).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(ApiToken.random().reveal());
    }

    private HttpResponse<String> replay(LedgerlineApi api, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.url() + "/exceptions/ex-1/replay"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
