package io.ledgerline.lag;

/** The group member a partition is assigned to, as the group coordinator describes it; {@link #NONE} when unassigned. */
public record Member(String host, String consumerId, String clientId) {

    public static final Member NONE = new Member("", "", "");

    public boolean assigned() {
        return !consumerId.isEmpty();
    }
}
