package io.ledgerline.testsupport;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What instances answered for {@code /accounts/{id}} while a rebalance went on, each answer judged: the account's
 * contract as {@code process} has it (from the active, or from a standby that says so), a 503 with {@code Retry-After},
 * or wrong (a 404, an empty or another state).
 */
public final class AccountAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> wrong = new ArrayList<>();
    private int correct;
    private int fromStandby;
    private int unavailable;

    private AccountAnswers() {
    }

    /** Asks every instance for every account until a whole round is answered, judging each answer. */
    public static AccountAnswers askUntilAllAnswered(List<RunProcess> asked, List<String> accounts, BatchTruth truth,
                                                     String when, Duration within) {
        AccountAnswers answers = new AccountAnswers();
        await("every account answered " + when).atMost(within).pollInterval(Duration.ofMillis(100)).until(() -> {
            boolean all = true;
            for (RunProcess instance : asked) {
                for (String id : accounts) {
                    HttpResponse<String> r;
                    try {
                        r = instance.account(id);
                    } catch (IOException e) {
                        // the asked instance itself is starting: nothing was answered, so nothing wrong
                        all = false;
                        continue;
                    }
                    if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()) {
                        answers.unavailable++;
                        all = false;
                    } else if (r.statusCode() == 200 && truth.sameContract(id, JSON.readTree(r.body()))) {
                        answers.correct++;
                        if (r.headers().firstValue("Ledgerline-Replica").isPresent()) {
                            answers.fromStandby++;
                        }
                    } else {
                        answers.wrong.add(when + ", instance " + instance.index() + " on " + id + ": " + r.statusCode() + " " + r.body());
                    }
                }
            }
            return all;
        });
        return answers;
    }

    /** The answers that were neither the contract nor a 503 with Retry-After. */
    public List<String> wrong() {
        return List.copyOf(wrong);
    }

    public int fromStandby() {
        return fromStandby;
    }

    public int unavailable() {
        return unavailable;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d correct (%d from a standby), %d 503 with Retry-After", correct, fromStandby,
                unavailable);
    }
}
