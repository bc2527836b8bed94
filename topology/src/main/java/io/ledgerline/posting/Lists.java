package io.ledgerline.posting;

import java.util.ArrayList;
import java.util.List;

/** Avro arrays in state records are replaced, not mutated in place: their runtime type may be immutable. */
final class Lists {

    private Lists() {
    }

    static <T> List<T> with(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }
}
