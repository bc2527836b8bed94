package io.ledgerline.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token that guards the API's state-changing routes. Without one configured those routes are off (403),
 * so a deployment never accepts commands by accident. The token is never logged or rendered: {@link #toString} hides it.
 */
public final class ApiToken {

    /** Setting and environment variable ({@code LEDGERLINE_API_TOKEN}) holding the token itself. */
    public static final String SETTING = "ledgerline.api.token";
    /** Setting holding the path of a file with the token (a mounted Kubernetes secret). */
    public static final String FILE_SETTING = "ledgerline.api.token.file";
    public static final String ENVIRONMENT_VARIABLE = "LEDGERLINE_API_TOKEN";

    private static final ApiToken NONE = new ApiToken(null);

    private final byte[] secret;

    private ApiToken(byte[] secret) {
        this.secret = secret;
    }

    /** No token: state-changing routes answer 403. */
    public static ApiToken none() {
        return NONE;
    }

    public static ApiToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an API token must not be blank");
        }
        return new ApiToken(token.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh random token, for the demo. */
    public static ApiToken random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /**
     * The configured token: {@code token} if set, else the content of {@code tokenFile} if set, else {@link #none()}.
     *
     * @throws IllegalArgumentException when the file cannot be read or is empty
     */
    public static ApiToken configured(String token, String tokenFile) {
        if (token != null && !token.isBlank()) {
            return of(token);
        }
        if (tokenFile == null || tokenFile.isBlank()) {
            return none();
        }
        Path file = Path.of(tokenFile.trim());
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            if (content.isBlank()) {
                throw new IllegalArgumentException("API token file " + file.toAbsolutePath() + " is empty");
            }
            return of(content);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the API token file " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    public boolean isConfigured() {
        return secret != null;
    }

    /** The token itself, for the one place that must show it (the demo's startup lines). */
    public String reveal() {
        return secret == null ? null : new String(secret, StandardCharsets.UTF_8);
    }

    /**
     * Null when {@code call} carries this token as {@code Authorization: Bearer …}, otherwise the refusal: 403 when no
     * token is configured, 401 when the call's is missing or wrong.
     */
    HttpReply refusal(HttpCall call) {
        if (secret == null) {
            return HttpReply.error(403, "Changing exceptions is disabled on this instance: start it with an API token ("
                    + ENVIRONMENT_VARIABLE + ", " + SETTING + " or " + FILE_SETTING + ")");
        }
        String authorization = call.header("Authorization");
        String prefix = "Bearer ";
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return unauthorized("Missing API token: send Authorization: Bearer <token>");
        }
        byte[] presented = authorization.substring(prefix.length()).trim().getBytes(StandardCharsets.UTF_8);
        // constant time, so response times do not reveal how much of a guess was right
        return MessageDigest.isEqual(secret, presented) ? null : unauthorized("Wrong API token");
    }

    private static HttpReply unauthorized(String message) {
        return HttpReply.error(401, message).withHeader("WWW-Authenticate", "Bearer realm=\"ledgerline\"");
    }

    @Override
    public String toString() {
        return secret == null ? "ApiToken[none]" : "ApiToken[****]";
    }
}
