package io.ledgerline.lag;

import io.ledgerline.names.Topics;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the lag monitor watches and how often.
 *
 * @param groups      group ids to watch (the whole id must match)
 * @param exclude     group ids not to watch, even when {@code groups} matches; null for none
 * @param window      polls per status window (Burrow's {@code intervals})
 * @param clusterName the {@code cluster_name} label of every series
 * @param alertsTopic where OPEN and RESOLVED {@code LagAlert}s go
 */
public record LagMonitorSettings(Pattern groups, Pattern exclude, Duration interval, LagThresholds thresholds,
                                 int window, String clusterName, String alertsTopic) {

    /** Keys of {@link #parse}: the suffixes of {@code ledgerline.lag.*} in {@code run}, the options of {@code lag-monitor}. */
    public static final String GROUPS = "groups";
    public static final String EXCLUDE = "exclude";
    public static final String INTERVAL = "interval";
    public static final String THRESHOLD_SECONDS = "threshold.seconds";
    public static final String GROUP_THRESHOLD = "group.threshold";
    public static final String WINDOW = "window";
    public static final String CLUSTER_NAME = "cluster.name";
    public static final String ALERTS_TOPIC = "alerts.topic";

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final long DEFAULT_THRESHOLD_SECONDS = 300;
    public static final int DEFAULT_WINDOW = 10;
    public static final String DEFAULT_CLUSTER_NAME = "default";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    public LagMonitorSettings {
        Objects.requireNonNull(groups, "groups");
        Objects.requireNonNull(thresholds, "thresholds");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(alertsTopic, "alertsTopic");
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the poll interval must be positive, got " + interval);
        }
        if (window < 2) {
            throw new IllegalArgumentException("the window must hold at least 2 polls, got " + window);
        }
    }

    /** Whether {@code group} is watched. */
    public boolean watches(String group) {
        return groups.matcher(group).matches() && (exclude == null || !exclude.matcher(group).matches());
    }

    /**
     * Settings from text values keyed by the constants above; absent keys take the defaults.
     *
     * @param defaultGroups the regex of {@link #GROUPS} when it is not set
     * @param describe      how to name a key in an error message (an option, a property)
     * @throws IllegalArgumentException saying which setting to fix and how
     */
    public static LagMonitorSettings parse(Map<String, String> values, String defaultGroups,
                                           UnaryOperator<String> describe) {
        Pattern groups = regex(values.getOrDefault(GROUPS, defaultGroups), GROUPS, describe);
        String excluded = values.get(EXCLUDE);
        Pattern exclude = excluded == null || excluded.isBlank() ? null : regex(excluded, EXCLUDE, describe);
        Duration interval = duration(values.get(INTERVAL), describe.apply(INTERVAL));
        long threshold = whole(values.get(THRESHOLD_SECONDS), DEFAULT_THRESHOLD_SECONDS, 1, THRESHOLD_SECONDS, describe);
        LagThresholds thresholds;
        try {
            thresholds = new LagThresholds(threshold, LagThresholds.parseOverrides(values.get(GROUP_THRESHOLD)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe.apply(GROUP_THRESHOLD) + ": " + e.getMessage());
        }
        int window = (int) whole(values.get(WINDOW), DEFAULT_WINDOW, 2, WINDOW, describe);
        String cluster = values.getOrDefault(CLUSTER_NAME, DEFAULT_CLUSTER_NAME);
        String topic = values.getOrDefault(ALERTS_TOPIC, Topics.ALERTS_LAG);
        if (cluster.isBlank() || topic.isBlank()) {
            throw new IllegalArgumentException(describe.apply(cluster.isBlank() ? CLUSTER_NAME : ALERTS_TOPIC)
                    + " must not be empty");
        }
        return new LagMonitorSettings(groups, exclude, interval, thresholds, window, cluster.trim(), topic.trim());
    }

    private static Pattern regex(String value, String key, UnaryOperator<String> describe) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(describe.apply(key) + " is empty: give a regex of group ids, e.g. '.*'");
        }
        try {
            return Pattern.compile(value.trim());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(describe.apply(key) + ": '" + value + "' is not a valid regex: "
                    + e.getDescription());
        }
    }

    private static long whole(String value, long defaultValue, long minimum, String key, UnaryOperator<String> describe) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= minimum) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(describe.apply(key) + ": '" + value + "' must be a whole number of at least "
                + minimum);
    }

    /** {@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}, a bare number of seconds, or ISO-8601 ({@code PT30S}). */
    static Duration duration(String value, String name) {
        if (value == null || value.isBlank()) {
            return DEFAULT_INTERVAL;
        }
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(text);
        Duration parsed = null;
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            parsed = switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofSeconds(amount);
            };
        } else if (text.startsWith("pt")) {
            try {
                parsed = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                // reported below
            }
        }
        if (parsed == null || parsed.isZero() || parsed.isNegative()) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a positive duration such as 30s, 500ms, "
                    + "2m or PT30S");
        }
        return parsed;
    }
}
