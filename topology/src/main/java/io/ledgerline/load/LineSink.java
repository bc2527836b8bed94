package io.ledgerline.load;

import java.io.IOException;

/** Where generated lines go: one JSON document (without line break) per call, in the order of each file. */
@FunctionalInterface
public interface LineSink {

    void accept(ExportFile file, String line) throws IOException;
}
