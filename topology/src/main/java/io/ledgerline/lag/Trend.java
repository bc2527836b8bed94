package io.ledgerline.lag;

/** Whether the offset lag rose or fell between the first and the last observation of the window. */
public enum Trend {
    RISING, FALLING, FLAT;

    static Trend between(long first, long last) {
        return last > first ? RISING : last < first ? FALLING : FLAT;
    }
}
