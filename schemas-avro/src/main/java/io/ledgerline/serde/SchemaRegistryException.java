package io.ledgerline.serde;

/**
 * A registry call failed. Carries the HTTP status and the registry's {@code error_code} (Confluent codes such as
 * 40401 subject not found, 40403 schema not found, 409 incompatible); both are {@link #NO_STATUS} when the registry
 * never answered (connection refused, timeout).
 */
public class SchemaRegistryException extends RuntimeException {

    public static final int NO_STATUS = -1;

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    public static final int VERSION_SOFT_DELETED = 40406;
    public static final int VERSION_NOT_SOFT_DELETED = 40407;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int SUBJECT_MODE_NOT_CONFIGURED = 40409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int INVALID_MODE = 42204;
    public static final int OPERATION_NOT_PERMITTED = 42205;

    private final int status;
    private final int errorCode;
    private final String reason;

    public SchemaRegistryException(int status, int errorCode, String message) {
        this(status, errorCode, message, null);
    }

    public SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
        super(describe(status, errorCode, message), cause);
        this.status = status;
        this.errorCode = errorCode;
        this.reason = message;
    }

    /** The registry could not be reached at all. */
    public static SchemaRegistryException unreachable(String message, Throwable cause) {
        return new SchemaRegistryException(NO_STATUS, NO_STATUS, message, cause);
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    /** The registry's own message, without the status and code that {@link #getMessage()} adds. */
    public String reason() {
        return reason;
    }

    /**
     * True when the registry gave a definite 4xx answer about the request (unknown id, incompatible schema), as
     * opposed to being unreachable or failing internally, which is worth retrying rather than dead-lettering.
     */
    public boolean isClientError() {
        return status >= 400 && status < 500;
    }

    private static String describe(int status, int errorCode, String message) {
        if (status == NO_STATUS) {
            return message;
        }
        return message + " (HTTP " + status + ", error_code " + errorCode + ")";
    }
}
