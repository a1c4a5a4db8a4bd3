package io.github.hsmkeystore.core;

import java.util.List;

/**
 * The builder's settings break one or more rules; thrown before any AWS call, with every problem listed.
 *
 * <pre>
 * InvalidConfigurationException: KeyStoreBuilder configuration has 2 problems:
 *  - kmsUserPassword must be 7-32 characters, got 5
 *  - key alias/aws/orders: the prefix alias/aws/ is reserved for AWS managed keys
 * </pre>
 */
public class InvalidConfigurationException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    /** Every problem found. */
    private final List<String> problems;

    /**
     * Creates the exception.
     *
     * @param problems every problem found, each a sentence naming the setting
     */
    public InvalidConfigurationException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    private static String format(List<String> problems) {
        StringBuilder sb = new StringBuilder("KeyStoreBuilder configuration has ")
                .append(problems.size()).append(problems.size() == 1 ? " problem:" : " problems:");
        for (String p : problems) {
            sb.append("\n - ").append(p);
        }
        return sb.toString();
    }

    /**
     * Returns every problem found.
     *
     * @return every problem found
     */
    public List<String> problems() {
        return problems;
    }
}
