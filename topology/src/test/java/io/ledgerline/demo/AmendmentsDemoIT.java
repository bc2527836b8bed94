package io.ledgerline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo stack replays the bundled amendments history (`demo --history amendments`): Connect delivers it, the
 * books balance, nothing is left open, the customer credit of fixtures/amendments/expected.json is held and both
 * disputes are cleared from DISPUTES_RECEIVABLE, their fee kept in BANK_FEES.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(150)
class AmendmentsDemoIT {

    private final List<String> progress = new ArrayList<>();
    private DemoStack stack;
    private LedgerReport report;

    @BeforeAll
    void startAndDrain(@TempDir Path exports) throws Exception {
        Path input = BundledExports.extractTo(exports.resolve("amendments"), "amendments");
        stack = new DemoStack(new DemoStack.Options(input, null, 0, 0, 4, Duration.ofSeconds(120)), progress::add);
        stack.start();
        report = stack.awaitDrained();
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theSubscriptionChangesBookAsTheFixtureSays() {
        report.trialBalance().books().forEach((key, book) -> assertThat(book.balanced()).as(key.toString()).isTrue());
        assertThat(report.openExceptions()).isEmpty();
        TrialBalance.Book usUsd = report.trialBalance().books().get(new TrialBalance.BookKey("LE-US", "USD"));
        // expected.json: Birchwood's second downgrade leaves 4,067.62 of credit held
        assertThat(usUsd.byRole("CUSTOMER_CREDIT").net()).isEqualTo(-406_762);
        assertThat(usUsd.byRole("DISPUTES_RECEIVABLE").net()).isZero();
        assertThat(usUsd.byRole("BANK_FEES").net()).isEqualTo(1_500);
        assertThat(usUsd.byRole("CONTRA_REVENUE").net()).isEqualTo(496_713);
    }
}
