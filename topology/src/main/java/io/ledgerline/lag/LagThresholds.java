package io.ledgerline.lag;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Time-lag thresholds per group, in seconds: the first override whose regex matches the whole group id wins, else the
 * default. An alert opens at the threshold and resolves below {@link #RESOLVE_SHARE} of it: the band in between keeps a
 * lag that hovers around the threshold from opening and resolving on alternate polls.
 */
public record LagThresholds(long defaultSeconds, List<GroupThreshold> overrides) {

    public static final double RESOLVE_SHARE = 0.5;

    public record GroupThreshold(Pattern group, long seconds) {
    }

    public LagThresholds {
        if (defaultSeconds < 1) {
            throw new IllegalArgumentException("the threshold must be at least 1 second, got " + defaultSeconds);
        }
        overrides = List.copyOf(overrides);
    }

    public long secondsFor(String group) {
        for (GroupThreshold o : overrides) {
            if (o.group().matcher(group).matches()) {
                return o.seconds();
            }
        }
        return defaultSeconds;
    }

    /**
     * Parses {@code REGEX=SECONDS} entries separated by {@code ;} (a regex may contain {@code =}: the last one splits).
     *
     * @throws IllegalArgumentException naming the entry that is not of that form
     */
    public static List<GroupThreshold> parseOverrides(String spec) {
        List<GroupThreshold> parsed = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return parsed;
        }
        for (String entry : spec.split(";")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int split = trimmed.lastIndexOf('=');
            if (split <= 0) {
                throw new IllegalArgumentException("'" + trimmed + "' is not GROUP_REGEX=SECONDS");
            }
            long seconds;
            try {
                seconds = Long.parseLong(trimmed.substring(split + 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + trimmed + "': the seconds after '=' are not a whole number");
            }
            if (seconds < 1) {
                throw new IllegalArgumentException("'" + trimmed + "': the threshold must be at least 1 second");
            }
            try {
                parsed.add(new GroupThreshold(Pattern.compile(trimmed.substring(0, split).trim()), seconds));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("'" + trimmed + "': invalid regex: " + e.getDescription());
            }
        }
        return parsed;
    }
}
