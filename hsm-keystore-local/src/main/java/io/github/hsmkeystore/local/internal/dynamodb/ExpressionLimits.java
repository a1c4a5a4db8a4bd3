package io.github.hsmkeystore.local.internal.dynamodb;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * DynamoDB's limits on one expression that are checked on its tokens, before it is parsed, without recursion
 * (docs/dynamodb-transactions-and-limits.md, "Expression limits"): at most 300 operators and functions, and no
 * redundant parentheses ({@code ((a = :v))}). Together with the 4 KB size limit they bound how deep a valid expression
 * can nest, so the recursive-descent parser never runs out of stack.
 */
final class ExpressionLimits {
    /** The maximum number of operators or functions in one expression. */
    static final int MAX_OPERATORS = 300;
    /** The maximum number of elements of a document path ({@code a.b[0]} has three). */
    static final int MAX_PATH_DEPTH = 32;
    private static final Set<String> COMPARATORS = Set.of("=", "<>", "<", "<=", ">", ">=", "+", "-");
    private static final Set<String> WORD_OPERATORS = Set.of("BETWEEN", "IN", "NOT");
    private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");

    private ExpressionLimits() {
    }

    static void check(List<String> tokens, String what) {
        int operators = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String upper = t.toUpperCase(Locale.ROOT);
            // in an UpdateExpression "=" only assigns (SET path = value): it is not an operator there
            if (COMPARATORS.contains(t) && !(t.equals("=") && what.equals("UpdateExpression"))
                    || WORD_OPERATORS.contains(upper) || isFunction(tokens, i)) {
                operators++;
            }
        }
        if (operators > MAX_OPERATORS) {
            throw Expressions.invalid(what, "The expression contains too many operators; operator count: " + operators);
        }
        redundantParentheses(tokens, what);
    }

    /** A function call: a name directly followed by "(". */
    private static boolean isFunction(List<String> tokens, int i) {
        String t = tokens.get(i);
        return i + 1 < tokens.size() && tokens.get(i + 1).equals("(") && isName(t) && !KEYWORDS.contains(t.toUpperCase(Locale.ROOT));
    }

    private static boolean isName(String t) {
        char c = t.charAt(0);
        return Character.isLetter(c) || c == '_';
    }

    /**
     * DynamoDB refuses a pair of parentheses that directly encloses another pair and nothing else, as in
     * {@code ((a = :v))}: "The expression has redundant parentheses;". Matched with a stack, without recursion.
     */
    private static void redundantParentheses(List<String> tokens, String what) {
        int[] match = new int[tokens.size()];
        Deque<Integer> open = new ArrayDeque<>();
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).equals("(")) {
                open.push(i);
            } else if (tokens.get(i).equals(")") && !open.isEmpty()) {
                int o = open.pop();
                match[o] = i;
            }
        }
        for (int i = 0; i + 1 < tokens.size(); i++) {
            boolean grouping = tokens.get(i).equals("(") && (i == 0 || !isFunction(tokens, i - 1));
            if (grouping && tokens.get(i + 1).equals("(") && match[i] > 0 && match[i + 1] > 0 && match[i + 1] == match[i] - 1) {
                throw Expressions.invalid(what, "The expression has redundant parentheses;");
            }
        }
    }
}
